import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeEachBackend, type TestCluster } from '../support/backends';
import { consul } from '../terraform/support/scenario';
import type { PulumiWorld } from './engine';
import { compileNodeSdk, configureClusters, startNativeSuite, TS_PROVIDERS, typescriptProject, type NativeSuite } from './native-support';

// Issue 22, point 2, through the real Pulumi engine and the native provider: ServiceDefaults sets "api"'s protocol and an
// L7 intention that depends on it goes in with the same `up`; a preview after it changes nothing; with the protocol tcp
// the preview fails naming the reason before anything is written; destroy keeps another owner's setting.

const program = (protocol: string): string => `${TS_PROVIDERS}
const defaults = new consulpeering.ServiceDefaults('api', { name: 'api', protocol: '${protocol}', meshGateway: {} }, { provider: dc1 });
new consulpeering.ServiceIntentions('api', {
  name: 'api', sources: [{ name: 'web', peer: 'dc2', permissions: [{ action: 'allow', http: { pathPrefix: '/v1' } }] }],
}, { provider: dc1, dependsOn: [defaults] });
`;

describeEachBackend('native provider: ServiceDefaults and L7 intentions', (backend) => {
  let suite: NativeSuite | undefined;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let project: string;

  beforeAll(async () => {
    suite = await startNativeSuite(backend);
    ({ world, dc1 } = suite);
    expect((await consul(dc1, 'PUT', '/v1/config', { Kind: 'service-defaults', Name: 'api', MaxInboundConnections: 10 })).body).toBe(true);
    project = typescriptProject(world, 'defaults', program('tcp'));
    compileNodeSdk(suite.engine, world, project);
    await world.ok(project, ['stack', 'init', 'dev'], dc1);
    await configureClusters(world, project, dc1, suite.dc2);
  }, 300_000);

  afterAll(() => suite?.stop());

  it('tcp: the preview fails on the L7 intention, nothing written; http: one up, then no changes; destroy keeps the other setting', async () => {
    const refused = await world.run(project, ['preview'], dc1, { timeoutMs: 240_000 });
    expect(refused.code).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`.replace(/\s+/g, ' ')).toContain('Consul refuses L7 permissions on "api": its protocol is "tcp" (from this plan)');
    expect((await consul(dc1, 'GET', '/v1/config/service-intentions/api')).status).toBe(404);

    fs.writeFileSync(path.join(project, 'index.ts'), program('http'));
    await world.ok(project, ['up', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
    expect((await consul(dc1, 'GET', '/v1/config/service-defaults/api')).body).toMatchObject({ Protocol: 'http', MaxInboundConnections: 10 });
    expect(((await consul(dc1, 'GET', '/v1/config/service-intentions/api')).body as { Sources: unknown[] }).Sources).toHaveLength(1);
    await world.ok(project, ['preview', '--expect-no-changes'], dc1, { timeoutMs: 240_000 });
    await world.ok(project, ['destroy', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
    expect((await consul(dc1, 'GET', '/v1/config/service-defaults/api')).body).toMatchObject({ Protocol: '', MaxInboundConnections: 10 });
  }, 600_000);
});
