import { ValidationError } from '../../src/core';
import { FRAMEWORKS, inTemporaryDir, synthesize, type Framework, type Synthesized } from './support/frameworks';

// Issue 22, point 4: what the ClusterMesh construct of `consul-peering/cdktf` and of `consul-peering/cdktn`
// synthesizes, in this process: every pair peered (the earlier cluster's provider holds the token, the later one's
// the peering, with the token by reference), then one exported-services per exporting cluster after its peerings,
// and one intentions resource per export with callers after it.

const NAMES = ['dc1', 'dc2', 'dc3'];

/** Three clusters: dc1 exports web to all (dc2's frontend may call it), dc3 exports db to dc2 only (its api may call it). */
function synthesizeMesh(framework: Framework, outdir: string): Synthesized {
  return synthesize(framework, outdir, NAMES, (stack, [dc1, dc2, dc3]) => {
    new framework.bindings.ClusterMesh(stack, 'mesh', {
      clusters: [
        { provider: dc1!, name: 'dc1', exports: [{ service: 'web', allowFrom: [{ cluster: 'dc2', service: 'frontend' }] }] },
        { provider: dc2!, name: 'dc2' },
        { provider: dc3!, name: 'dc3', exports: [{ service: 'db', to: ['dc2'], allowFrom: [{ cluster: 'dc2', service: 'api' }] }] },
      ],
    });
  });
}

describe.each(FRAMEWORKS)('ClusterMesh (%s): what it synthesizes', (_name, framework) => {
  it('3 tokens and 3 peerings on the right providers, the tokens by reference; exports and intentions after them', () => {
    inTemporaryDir((out) => {
      const resources = synthesizeMesh(framework, out);
      const all = (type: string): [string, Record<string, unknown>][] => Object.entries(resources[type] ?? {});
      const tokens = all('consulpeering_peering_token');
      const peerings = all('consulpeering_peering');
      expect(tokens.map(([, token]) => [token['provider'], token['peer_name']])).toEqual([
        ['consulpeering.dc1', 'dc2'], ['consulpeering.dc1', 'dc3'], ['consulpeering.dc2', 'dc3'],
      ]);
      expect(peerings.map(([, peering]) => [peering['provider'], peering['peer_name'], peering['peering_token'], peering['depends_on']])).toEqual(
        tokens.map(([key], at) => [`consulpeering.${['dc2', 'dc3', 'dc3'][at] ?? ''}`, ['dc1', 'dc1', 'dc2'][at], `\${consulpeering_peering_token.${key}.peering_token}`,
          [`consulpeering_peering_token.${key}`]]),
      );
      const peeringAddress = (at: number): string => `consulpeering_peering.${peerings[at]?.[0] ?? ''}`;
      const exports = all('consulpeering_exported_services');
      expect(exports.map(([, entry]) => [entry['provider'], entry['services'], entry['depends_on']])).toEqual([
        ['consulpeering.dc1', [{ name: 'web', consumers: [{ peer: 'dc2' }, { peer: 'dc3' }] }], [peeringAddress(0), peeringAddress(1)]],
        ['consulpeering.dc3', [{ name: 'db', consumers: [{ peer: 'dc2' }] }], [peeringAddress(2)]],
      ]);
      expect(all('consulpeering_service_intentions').map(([, entry]) => [entry['provider'], entry['name'], entry['sources'], entry['depends_on']])).toEqual([
        ['consulpeering.dc1', 'web', [{ name: 'frontend', peer: 'dc2', action: 'allow' }], [`consulpeering_exported_services.${exports[0]?.[0] ?? ''}`]],
        ['consulpeering.dc3', 'db', [{ name: 'api', peer: 'dc2', action: 'allow' }], [`consulpeering_exported_services.${exports[1]?.[0] ?? ''}`]],
      ]);
    });
  });

  it('a mesh the core rejects throws its ValidationError, with every issue, before anything is synthesized', () => {
    inTemporaryDir((out) => {
      expect(() => synthesize(framework, out, ['dc1'], (stack, [dc1]) => {
        new framework.bindings.ClusterMesh(stack, 'mesh', {
          clusters: [{ provider: dc1!, name: 'dc1', exports: [{ service: 'web', to: ['dc1'], allowFrom: [{ cluster: 'dc9', service: 'x' }] }] }],
        });
      })).toThrow(ValidationError);
    });
  });
});
