/**
 * `consul-peering/sim`: an emulator of Consul's HTTP API for cluster peering and the exported-services /
 * service-intentions config entries. Start several clusters in one process (or one per process) and
 * peer them over real HTTP on 127.0.0.1.
 */
import { SimCluster, type SimClusterOptions } from './cluster';

export { SimCluster, type SimClusterOptions } from './cluster';
export type { RouteFault } from './http/faults';
export type { LinkTiming } from './peering/link';

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** Cluster names, used as datacenter names (default `["dc1", "dc2"]`). */
  readonly clusters?: readonly string[];
  /** API port of the first cluster (the others take the following ports); 0 (default) picks free ports. */
  readonly port?: number;
  /** ACLs on, default deny; each cluster gets a management token. */
  readonly acl?: boolean;
  /** Link timing of every cluster. */
  readonly timing?: SimClusterOptions['timing'];
}

/** Running emulated clusters. */
export interface Simulator {
  readonly clusters: readonly SimCluster[];
  /** The cluster with this name; throws when there is none. */
  cluster(name: string): SimCluster;
  /** Stops every cluster. */
  stop(): Promise<void>;
}

/** Starts emulated clusters that can peer with each other. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const names = options.clusters ?? ['dc1', 'dc2'];
  if (names.length === 0 || new Set(names).size !== names.length) throw new Error('cluster names must be distinct and at least one');
  for (const name of names) {
    if (!/^[a-z0-9][a-z0-9_-]*$/i.test(name)) throw new Error(`cluster name "${name}" is not a valid datacenter name`);
  }
  const clusters: SimCluster[] = [];
  try {
    for (const [index, datacenter] of names.entries()) {
      const port = options.port === undefined || options.port === 0 ? 0 : options.port + index;
      clusters.push(await SimCluster.start({
        datacenter, port, acl: options.acl ?? false, ...(options.timing === undefined ? {} : { timing: options.timing }),
      }));
    }
  } catch (error) {
    await Promise.all(clusters.map((cluster) => cluster.stop()));
    throw error;
  }
  return {
    clusters,
    cluster(name) {
      const found = clusters.find((cluster) => cluster.datacenter === name);
      if (found === undefined) throw new Error(`no emulated cluster named ${name} (have ${names.join(', ')})`);
      return found;
    },
    stop: async () => {
      await Promise.all(clusters.map((cluster) => cluster.stop()));
    },
  };
}
