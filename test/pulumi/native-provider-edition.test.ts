import { ConsulClient } from '../../src/consul';
import type { NativeProvider } from '../../src/pulumi/plugin/native-provider';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { checkedInputs, clusterProvider, failurePaths, typeToken, withEnv } from './native-helpers';

// Issue 19 on NativeProvider against Consul CE (real 1.22.7 and the emulator), called as the engine calls it: the
// `default` partition and namespace check, create and read back without a change; any other partition or namespace
// and any sameness group fail at Check naming the property, and CONSUL_PARTITION fails Check naming the variable,
// each before anything is written.

type Props = Record<string, unknown>;

describeEachBackend('NativeProvider on Consul CE: edition awareness', (backend) => {
  let env: TestClusters;
  let provider: NativeProvider;
  let consul: ConsulClient;

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1']);
    provider = clusterProvider(env.clusters[0]!);
    consul = ConsulClient.fromSettings({ address: env.clusters[0]!.address }, {}, {});
  });
  afterAll(async () => {
    consul?.close();
    await env?.stop();
  });

  const nothingWritten = async (): Promise<void> => {
    expect(await consul.listPeerings()).toEqual([]);
    for (const kind of ['exported-services', 'service-intentions'] as const) expect(await consul.listConfigEntries(kind)).toEqual([]);
  };

  it('partition and namespace "default": Check passes, Create works, Read and Diff find no change, Delete cleans up', async () => {
    const tokenInputs = await checkedInputs(provider, 'PeeringToken', { peerName: 'dc2', partition: 'default' });
    const token = await provider.create(typeToken('PeeringToken'), tokenInputs, false);
    const tokenRead = await provider.read(typeToken('PeeringToken'), token.id, token.properties);
    expect(await provider.diff(typeToken('PeeringToken'), tokenRead.properties, tokenInputs)).toMatchObject({ changes: false });

    const exportInputs = await checkedInputs(provider, 'ExportedServices', {
      partition: 'default', services: [{ name: 'api', namespace: 'default', consumers: [{ peer: 'dc2' }] }],
    });
    const exported = await provider.create(typeToken('ExportedServices'), exportInputs, false);
    const exportRead = await provider.read(typeToken('ExportedServices'), exported.id, exported.properties);
    expect(await provider.diff(typeToken('ExportedServices'), exportRead.properties, exportInputs)).toMatchObject({ changes: false });
    expect((await consul.readConfigEntry('exported-services', 'default')).Services).toEqual([{ Name: 'api', Consumers: [{ Peer: 'dc2' }] }]);

    await provider.delete(typeToken('ExportedServices'), exportRead.properties);
    await provider.delete(typeToken('PeeringToken'), tokenRead.properties);
    await nothingWritten();
  });

  it('a namespace, a partition and sameness groups fail at Check, each naming its property and Consul CE', async () => {
    const failures: { property: string; reason: string }[] = [];
    const check = async (className: 'PeeringToken' | 'ExportedServices' | 'ServiceIntentions', news: Props) => {
      failures.push(...(await provider.check(typeToken(className), news)).failures);
    };
    await check('PeeringToken', { peerName: 'dc2', partition: 'team' });
    await check('ExportedServices', { services: [{ name: 'api', namespace: 'team-a', consumers: [{ peer: 'dc2' }] }] });
    await check('ExportedServices', { services: [{ name: 'db', consumers: [{ samenessGroup: 'all' }] }] });
    await check('ServiceIntentions', { name: 'api', sources: [{ name: 'web', samenessGroup: 'all', action: 'allow' }] });
    expect(failurePaths(failures)).toEqual(['partition', 'services[0].namespace', 'services[0].consumers[0].samenessGroup', 'sources[0].samenessGroup']);
    for (const failure of failures) {
      expect(failure.reason).toMatch(new RegExp(`^"(team|team-a|all)" needs Consul Enterprise: the cluster at ${env.clusters[0]!.address} runs Consul CE 1\\.22\\.7`));
    }
    await nothingWritten();
  });

  it('CONSUL_PARTITION=team fails Check naming the variable; "default" passes', async () => {
    await withEnv('CONSUL_PARTITION', 'team', async () => {
      const fresh = clusterProvider(env.clusters[0]!);
      await expect(fresh.check(typeToken('PeeringToken'), { peerName: 'dc2' }))
        .rejects.toThrow(/^CONSUL_PARTITION \(the provider's partition\) is "team", which needs Consul Enterprise: .* Nothing was read or written\.$/);
    });
    await withEnv('CONSUL_PARTITION', 'default', () => checkedInputs(clusterProvider(env.clusters[0]!), 'PeeringToken', { peerName: 'dc2' }));
    await nothingWritten();
  });
});
