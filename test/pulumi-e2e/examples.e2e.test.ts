import { describeEachBackend, startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { consulDelete, consulGet, PulumiWorld, pulumiBinDir, tokenSecrets, waitFor } from './engine';
import { expectApiExportedTo, expectDialerWaitsForAcceptor, expectNothingLeft, expectPeeringActive } from './peering-checks';

// The examples of examples/pulumi under the real Pulumi CLI (built by `npm run pulumi:install`, never skipped: the
// suite fails when the engine is missing), on both test backends with ACLs on, against a file backend.

interface PeeringView { State: string; ID: string }
interface HistoryEntry { kind: string; result: string; resourceChanges?: Record<string, number> }

const UP_MS = 240_000;
const timings: string[] = [];

describeEachBackend('examples/pulumi under the real Pulumi CLI', (backend) => {
  let clusters: TestClusters;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let acceptor: string;
  let dialer: string;
  let clusterPeering: string;
  const revealed: string[] = [];

  const peering = (cluster: TestCluster, name: string): Promise<PeeringView | null> => consulGet<PeeringView>(cluster, `/v1/peering/${name}`);
  const lastUpdate = async (cwd: string, cluster: TestCluster): Promise<HistoryEntry> => {
    const history = JSON.parse((await world.ok(cwd, ['stack', 'history', '--json'], cluster)).stdout) as HistoryEntry[];
    const entry = history[0];
    if (!entry) throw new Error('empty stack history');
    return entry;
  };
  /** Every peering token in a stack's state (decrypted through `stack export --show-secrets`, kept out of the transcript). */
  const reveal = async (cwd: string, cluster: TestCluster): Promise<void> => {
    const deployment = JSON.parse((await world.ok(cwd, ['stack', 'export', '--show-secrets'], cluster, { secretOutput: true })).stdout) as
      { deployment: { resources?: { outputs?: Record<string, unknown> }[] } };
    const plain = (value: unknown): unknown => (value && typeof value === 'object' && 'plaintext' in value
      ? JSON.parse((value as { plaintext: string }).plaintext) as unknown : value);
    const found = (deployment.deployment.resources ?? []).map((resource) => plain(resource.outputs?.['peeringToken']))
      .filter((value): value is string => typeof value === 'string' && value.length > 40);
    expect(found.length).toBeGreaterThan(0);
    for (const token of found) revealed.push(...tokenSecrets(token));
  };
  const time = (what: string, ms: number): void => {
    timings.push(`[${backend}] ${what}: ${(ms / 1000).toFixed(1)} s`);
  };

  beforeAll(async () => {
    const binDir = pulumiBinDir();
    clusters = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    [dc1, dc2] = clusters.clusters as [TestCluster, TestCluster];
    world = new PulumiWorld(binDir);
    acceptor = world.project('acceptor');
    dialer = world.project('dialer');
    clusterPeering = world.project('cluster-peering', 'cluster-peering', (source) => source.replace(
      "new ClusterPeering('dc1-dc2', {",
      "new ClusterPeering('dc1-dc2', {\n  serverExternalAddresses: config.getObject<string[]>('serverExternalAddresses'),",
    ));
    await world.ok(acceptor, ['stack', 'init', 'dev'], dc1);
    await world.ok(dialer, ['stack', 'init', 'dev'], dc2);
    await world.ok(acceptor, ['config', 'set', 'exportedServices', '["api"]'], dc1);
    await world.ok(acceptor, ['config', 'set', 'allowedCallers', '["web"]'], dc1);
  }, 300_000);

  afterAll(async () => {
    world?.dispose();
    await clusters?.stop();
    if (timings.length > 0) process.stdout.write(`\npulumi e2e timings\n${timings.join('\n')}\n`);
  }, 60_000);

  it('the dialer previews before the acceptor stack has been deployed: no resource check fails', async () => {
    await expectDialerWaitsForAcceptor(world, dialer, dc2, dc2, UP_MS);
  }, UP_MS);

  it('acceptor up, then dialer up (StackReference): peering ACTIVE on both clusters, exports written', async () => {
    const up1 = await world.ok(acceptor, ['up', '--yes', '--skip-preview'], dc1, { timeoutMs: UP_MS });
    time('acceptor up', up1.ms);
    const up2 = await world.ok(dialer, ['up', '--yes', '--skip-preview'], dc2, { timeoutMs: UP_MS });
    time('dialer up', up2.ms);
    expect(up2.stdout).toMatch(/state\s*:\s*"ACTIVE"/);
    await expectPeeringActive(dc1, 'dialer', dc2, 'acceptor');
    await expectApiExportedTo(dc1, 'dialer');
    const token = (await world.ok(acceptor, ['stack', 'output', 'peeringToken', '--show-secrets'], dc1, { secretOutput: true })).stdout.trim();
    expect(token.length).toBeGreaterThan(40);
    revealed.push(...tokenSecrets(token));
    await reveal(acceptor, dc1);
    await reveal(dialer, dc2);
  }, 2 * UP_MS);

  it('a second up of both stacks changes nothing', async () => {
    const again1 = await world.ok(acceptor, ['up', '--yes', '--expect-no-changes'], dc1, { timeoutMs: UP_MS });
    const again2 = await world.ok(dialer, ['up', '--yes', '--expect-no-changes'], dc2, { timeoutMs: UP_MS });
    time('second up (acceptor + dialer, no changes)', again1.ms + again2.ms);
    for (const cwd of [acceptor, dialer]) {
      const entry = await lastUpdate(cwd, cwd === acceptor ? dc1 : dc2);
      expect(entry).toMatchObject({ kind: 'update', result: 'succeeded' });
      expect(Object.keys(entry.resourceChanges ?? {})).toEqual(['same']);
    }
    await world.ok(dialer, ['preview', '--expect-no-changes'], dc2, { timeoutMs: UP_MS });
  }, 3 * UP_MS);

  it('the two stacks destroy (dialer, then acceptor) and leave no peering behind', async () => {
    const down2 = await world.ok(dialer, ['destroy', '--yes', '--skip-preview'], dc2, { timeoutMs: UP_MS });
    const down1 = await world.ok(acceptor, ['destroy', '--yes', '--skip-preview'], dc1, { timeoutMs: UP_MS });
    time('destroy (dialer + acceptor)', down1.ms + down2.ms);
    await expectNothingLeft(dc1, 'dialer', dc2, 'acceptor');
  }, 2 * UP_MS);

  it('ClusterPeering (one program): up writes peering, exports and intentions', async () => {
    await world.ok(clusterPeering, ['stack', 'init', 'dev'], dc1);
    await world.ok(clusterPeering, ['config', 'set', 'dialerAddress', dc2.address], dc1);
    if (dc2.token) await world.ok(clusterPeering, ['config', 'set', '--secret', 'dialerToken', dc2.token], dc1, { secretOutput: true });
    // Before the first up the token is unknown: the Peering's check must accept it.
    const preview = await world.ok(clusterPeering, ['preview'], dc1, { timeoutMs: UP_MS });
    expect(preview.stdout).toMatch(/\+ *\d+ to create/);
    const up = await world.ok(clusterPeering, ['up', '--yes', '--skip-preview'], dc1, { timeoutMs: UP_MS });
    time('ClusterPeering up', up.ms);
    await expectPeeringActive(dc1, 'dc2', dc2, 'dc1');
    await expectApiExportedTo(dc1, 'dc2');
    await reveal(clusterPeering, dc1);
    await world.ok(clusterPeering, ['up', '--yes', '--expect-no-changes'], dc1, { timeoutMs: UP_MS });
  }, 2 * UP_MS);

  it('drift: the peering deleted behind Pulumi\'s back is healed to ACTIVE by one `pulumi up --refresh`', async () => {
    await consulDelete(dc2, '/v1/peering/dc1');
    await waitFor(() => peering(dc2, 'dc1'), (view) => view === null);
    // Real Consul tells the acceptor a moment later (its side becomes TERMINATED): plan once it knows, as a user would
    // (before that, the acceptor's token still looks valid and the re-establish is refused as a used token).
    await waitFor(() => peering(dc1, 'dc2'), (view) => view === null || view.State === 'TERMINATED');
    const heal = await world.ok(clusterPeering, ['up', '--yes', '--refresh', '--skip-preview'], dc1, { timeoutMs: UP_MS });
    time('up --refresh (drift heal)', heal.ms);
    await reveal(clusterPeering, dc1);
    expect((await peering(dc2, 'dc1'))?.State).toBe('ACTIVE');
    expect((await waitFor(() => peering(dc1, 'dc2'), (view) => view?.State === 'ACTIVE'))?.State).toBe('ACTIVE');
  }, UP_MS);

  it('rotation: changing serverExternalAddresses updates the token in place and the dialer re-establishes, in one up', async () => {
    const before = await peering(dc1, 'dc2');
    // The acceptor's own gRPC address, spelled out: a change of the input that still reaches the servers.
    const generated = await fetch(`${dc1.address}/v1/peering/token`, {
      method: 'POST', body: JSON.stringify({ PeerName: 'e2e-probe' }),
      headers: dc1.token ? { 'X-Consul-Token': dc1.token } : {}, signal: AbortSignal.timeout(10_000),
    }).then((response) => response.json() as Promise<{ PeeringToken: string }>);
    const addresses = (JSON.parse(Buffer.from(generated.PeeringToken, 'base64').toString('utf8')) as { ServerAddresses: string[] }).ServerAddresses;
    revealed.push(...tokenSecrets(generated.PeeringToken));
    await consulDelete(dc1, '/v1/peering/e2e-probe');
    await world.ok(clusterPeering, ['config', 'set', 'serverExternalAddresses', JSON.stringify(addresses)], dc1);
    const rotate = await world.ok(clusterPeering, ['up', '--yes', '--skip-preview'], dc1, { timeoutMs: UP_MS });
    time('up (rotation)', rotate.ms);
    await reveal(clusterPeering, dc1);
    const entry = await lastUpdate(clusterPeering, dc1);
    expect(entry.result).toBe('succeeded');
    expect(entry.resourceChanges).not.toHaveProperty('replace');
    expect(entry.resourceChanges).not.toHaveProperty('create');
    expect(entry.resourceChanges?.['update'] ?? 0).toBeGreaterThan(0);
    expect((await peering(dc2, 'dc1'))?.State).toBe('ACTIVE');
    const after = await waitFor(() => peering(dc1, 'dc2'), (view) => view?.State === 'ACTIVE');
    expect(after).toMatchObject({ State: 'ACTIVE', ID: before?.ID });
  }, UP_MS);

  it('ClusterPeering destroy removes intentions, exports and both sides of the peering', async () => {
    const down = await world.ok(clusterPeering, ['destroy', '--yes', '--skip-preview'], dc1, { timeoutMs: UP_MS });
    time('ClusterPeering destroy', down.ms);
    await expectNothingLeft(dc1, 'dc2', dc2, 'dc1');
  }, UP_MS);

  it('no peering token and no ACL token in plain text in the backend folder (state, backups, history), stack config, PULUMI_HOME or CLI output', () => {
    const secrets = [...revealed, dc1.token, dc2.token].filter((value): value is string => typeof value === 'string' && value.length > 0);
    expect(revealed.length).toBeGreaterThan(0);
    expect(world.backendFiles().some((file) => file.includes('backups'))).toBe(true);
    expect(world.backendFiles().some((file) => file.includes('history'))).toBe(true);
    const haystacks: [string, string][] = [
      ['backend folder', world.backendText()], ['CLI output', world.transcript.join('\n')], ['projects and PULUMI_HOME', world.worldText()],
    ];
    for (const [where, text] of haystacks) {
      for (const secret of secrets) expect({ where, leaked: text.includes(secret) }).toEqual({ where, leaked: false });
    }
  });
});
