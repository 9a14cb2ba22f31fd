import { consulGet, waitFor, type PulumiWorld } from './engine';

// What the two-stack suites (examples/pulumi in TypeScript, examples/pulumi-python) and the one-program suites check on
// the clusters themselves, through Consul's HTTP API.

type Cluster = { address: string; token: string | null };
interface PeeringView { State: string }
interface ExportsView { Services?: { Name: string; Consumers?: { Peer?: string }[] }[] }
interface IntentionsView { Sources?: { Name: string; Peer?: string; Action?: string }[] }

const peering = (cluster: Cluster, name: string): Promise<PeeringView | null> => consulGet<PeeringView>(cluster, `/v1/peering/${name}`);

/** Both sides ACTIVE (waiting a little: real Consul tells the acceptor a moment after the dialer). */
export async function expectPeeringActive(acceptor: Cluster, dialerName: string, dialer: Cluster, acceptorName: string): Promise<void> {
  for (const [cluster, name] of [[dialer, acceptorName], [acceptor, dialerName]] as const) {
    expect((await waitFor(() => peering(cluster, name), (view) => view?.State === 'ACTIVE'))?.State).toBe('ACTIVE');
  }
}

/** The acceptor exports `api` to `peer` only, and lets that peer's `web` call it. */
export async function expectApiExportedTo(acceptor: Cluster, peer: string): Promise<void> {
  const exported = await consulGet<ExportsView>(acceptor, '/v1/config/exported-services/default');
  expect(exported?.Services).toEqual([expect.objectContaining({ Name: 'api', Consumers: [expect.objectContaining({ Peer: peer })] })]);
  const allowed = await consulGet<IntentionsView>(acceptor, '/v1/config/service-intentions/api');
  expect(allowed?.Sources).toEqual([expect.objectContaining({ Name: 'web', Peer: peer, Action: 'allow' })]);
}

/** Nothing left behind: neither side of the peering, no exported services, no intentions for `api`. */
export async function expectNothingLeft(acceptor: Cluster, dialerName: string, dialer: Cluster, acceptorName: string): Promise<void> {
  for (const [cluster, name] of [[dialer, acceptorName], [acceptor, dialerName]] as const) {
    expect(await waitFor(() => peering(cluster, name), (view) => view === null)).toBeNull();
  }
  expect(await consulGet(acceptor, '/v1/config/exported-services/default')).toBeNull();
  expect(await consulGet(acceptor, '/v1/config/service-intentions/api')).toBeNull();
}

/**
 * The dialer project before its acceptor stack is deployed: `preview` passes (no check failure, the peering planned
 * with the token unknown); `up` stops saying to deploy the acceptor first, and writes nothing to `dialer`.
 */
export async function expectDialerWaitsForAcceptor(world: PulumiWorld, project: string, env: Cluster, dialer: Cluster, timeoutMs: number): Promise<void> {
  const preview = await world.run(project, ['preview'], env, { timeoutMs });
  const output = `${preview.stdout}\n${preview.stderr}`;
  expect(output).not.toMatch(/check failed|failed to check|checkfailure|error:/i);
  expect([preview.code, output]).toEqual([0, expect.stringMatching(/\+ *\d+ to create/)]);
  const up = await world.run(project, ['up', '--yes', '--skip-preview'], env, { timeoutMs });
  expect(up.code).not.toBe(0);
  expect(`${up.stdout}\n${up.stderr}`).toContain('has no peeringToken output yet: run `pulumi up` in the acceptor stack first');
  expect(await peering(dialer, 'acceptor')).toBeNull();
}
