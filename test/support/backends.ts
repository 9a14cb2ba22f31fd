import { startSimulator } from '../../src/sim';
import { startConsulServers } from '../harness/consul-servers';
import { LOG_TAILS } from './environment';

/** A Consul implementation the integration suites run against. */
export type BackendName = 'consul' | 'emulator';

/** Backends that exist in this repository. */
const IMPLEMENTED: readonly BackendName[] = ['consul', 'emulator'];

/** One running cluster of a backend, as a test sees it. */
export interface TestCluster {
  readonly datacenter: string;
  /** `http://127.0.0.1:PORT`. */
  readonly address: string;
  /** Management token when ACLs are on, else null. */
  readonly token: string | null;
  /** `127.0.0.1:PORT` where its servers take peering streams (real Consul: the gRPC-TLS port; the emulator: its peer endpoint). */
  readonly peeringAddress: string;
}

/** Running clusters of one backend. */
export interface TestClusters {
  readonly backend: BackendName;
  readonly clusters: readonly TestCluster[];
  /** Tail of the servers' logs, for failure reports. */
  logTail(): string;
  /** Stops (kills) the cluster of one datacenter, leaving the others running: "the peer went away". */
  stopCluster(datacenter: string): Promise<void>;
  /**
   * The cluster of one datacenter is lost and comes back EMPTY at the same addresses: same HTTP address and
   * gRPC-TLS/gRPC/serf ports, same management token with ACLs; no peerings, config entries or catalog services.
   * Its peers' acceptor records of the streams it dialed turn FAILING at once, LastReceive frozen.
   */
  rebuildCluster(datacenter: string): Promise<void>;
  /**
   * A transient outage: the server of one datacenter is killed, stays down `downMs` (default 0) and starts again
   * WITH its data at the same addresses; its peering streams reconnect. Needs clusters started with `durable: true`.
   */
  restartCluster(datacenter: string, options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/** Backends selected by `CONSUL_TEST_BACKEND` (`consul`, `emulator` or `both`; default `both`). Fails loudly on a backend that cannot run. */
export function selectedBackends(env: NodeJS.ProcessEnv = process.env): BackendName[] {
  const raw = (env['CONSUL_TEST_BACKEND'] ?? 'both').trim();
  const wanted: BackendName[] = raw === 'both' ? ['consul', 'emulator'] : [raw as BackendName];
  for (const backend of wanted) {
    if (backend !== 'consul' && backend !== 'emulator') {
      throw new Error(`CONSUL_TEST_BACKEND must be consul, emulator or both, got "${raw}"`);
    }
    if (!IMPLEMENTED.includes(backend)) {
      throw new Error(`CONSUL_TEST_BACKEND=${raw} asks for the ${backend} backend, which does not exist yet in this repository`);
    }
  }
  return wanted;
}

/** Makes the test environment print `tail()` when a test of this file fails (see environment.ts). */
function registerLogTail(tail: () => string): () => void {
  const slot = globalThis as unknown as Record<symbol, Set<() => string> | undefined>;
  const tails = slot[LOG_TAILS] ?? new Set<() => string>();
  slot[LOG_TAILS] = tails;
  tails.add(tail);
  return () => tails.delete(tail);
}

/** Options of startClusters. */
export interface StartClustersOptions {
  /** ACLs on (default deny) with a management token per cluster. */
  readonly acl?: boolean;
  /** Servers that keep their data across restartCluster (real Consul: not `-dev`); required by restartCluster. */
  readonly durable?: boolean;
}

/** Fails restartCluster on clusters started without `durable`, on both backends alike. */
function requireDurable(durable: boolean, datacenter: string): void {
  if (!durable) throw new Error(`restartCluster(${datacenter}): start the clusters with { durable: true } (a -dev server keeps no data)`);
}

/** Starts one cluster per datacenter on `backend`, on free loopback ports. */
export async function startClusters(
  backend: BackendName, datacenters: readonly string[], options: StartClustersOptions = {},
): Promise<TestClusters> {
  const durable = options.durable ?? false;
  if (backend === 'emulator') {
    const sim = await startSimulator({ clusters: datacenters, acl: options.acl ?? false });
    return {
      backend,
      clusters: sim.clusters.map((cluster) => ({
        datacenter: cluster.datacenter, address: cluster.address, token: cluster.token, peeringAddress: cluster.peerAddress,
      })),
      logTail: () => '(the emulator keeps no log)',
      stopCluster: (datacenter) => sim.cluster(datacenter).stop(),
      rebuildCluster: (datacenter) => sim.cluster(datacenter).rebuild(),
      restartCluster: async (datacenter, restart = {}) => {
        requireDurable(durable, datacenter);
        await sim.cluster(datacenter).restart(restart);
      },
      stop: () => sim.stop(),
    };
  }
  const servers = await startConsulServers({ datacenters, acl: options.acl ?? false, durable });
  const logTail = (): string => servers.servers.map((server) => `--- ${server.datacenter}\n${server.logTail(40)}`).join('\n');
  const unregister = registerLogTail(logTail);
  return {
    backend,
    clusters: servers.servers.map((server) => ({
      datacenter: server.datacenter, address: server.address, token: server.token, peeringAddress: `127.0.0.1:${server.ports.grpcTls}`,
    })),
    logTail,
    stopCluster: (datacenter) => servers.byDatacenter(datacenter).stop(),
    rebuildCluster: (datacenter) => servers.byDatacenter(datacenter).restart({ empty: true }),
    restartCluster: async (datacenter, restart = {}) => {
      requireDurable(durable, datacenter);
      await servers.byDatacenter(datacenter).restart(restart.downMs === undefined ? {} : { downMs: restart.downMs });
    },
    stop: async () => {
      unregister();
      await servers.stop();
    },
  };
}

/** Declares `suite` once per selected backend, inside a describe block named `[backend] title`. */
export function describeEachBackend(title: string, suite: (backend: BackendName) => void): void {
  for (const backend of selectedBackends()) {
    describe(`[${backend}] ${title}`, () => suite(backend));
  }
}

/**
 * Declares `suite` on one backend only: real Consul when selected, else the emulator. For suites whose subject is
 * not the cluster (a second front end over code another suite already runs on every backend).
 */
export function describeOnPreferredBackend(title: string, suite: (backend: BackendName) => void): void {
  const selected = selectedBackends();
  const backend = selected.includes('consul') ? 'consul' : selected[0];
  if (backend !== undefined) describe(`[${backend}] ${title}`, () => suite(backend));
}
