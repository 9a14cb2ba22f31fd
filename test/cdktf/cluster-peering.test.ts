import * as path from 'node:path';
import { FRAMEWORKS, inTemporaryDir, synthesize as synthesizeStack, type Framework, type Synthesized } from './support/frameworks';

// Issue 21, point 4: what the ClusterPeering construct of `consul-peering/cdktf` and of `consul-peering/cdktn`
// synthesizes, in this process: the core's plan in order, each resource on its side's provider. Deployed by the real
// CLIs in e2e.test.ts and e2e-cdktn.test.ts (examples/<framework>/cluster-peering.ts).

/** Synthesizes one stack with two aliased providers and a ClusterPeering (dc1 accepts, exports web, lets frontend in); its resources. */
function synthesize(framework: Framework, outdir: string, peerThroughMeshGateways?: boolean): Synthesized {
  return synthesizeStack(framework, outdir, ['dc1', 'dc2'], (stack, [dc1, dc2]) => {
    new framework.bindings.ClusterPeering(stack, 'peering', {
      acceptor: { provider: dc1!, name: 'dc1', exports: [{ service: 'web', allowFrom: ['frontend'] }] },
      dialer: { provider: dc2!, name: 'dc2' },
      ...(peerThroughMeshGateways === undefined ? {} : { peerThroughMeshGateways }),
    });
  });
}

describe.each(FRAMEWORKS)('ClusterPeering (%s): what it synthesizes', (_name, framework) => {
  it('the core plan in order, each resource on its side\'s provider, the token handed over by reference', () => {
    inTemporaryDir((out) => {
      const resources = synthesize(framework, out);
      const one = (type: string): Record<string, unknown> => Object.values(resources[type] ?? {})[0] as Record<string, unknown> | undefined ?? {};
      const address = (type: string): string => `${type}.${Object.keys(resources[type] ?? {})[0] ?? ''}`;
      expect(Object.keys(resources).sort()).toEqual(['consulpeering_exported_services', 'consulpeering_peering', 'consulpeering_peering_token', 'consulpeering_service_intentions']);
      expect(one('consulpeering_peering_token')).toMatchObject({ peer_name: 'dc2', provider: 'consulpeering.dc1' });
      expect(one('consulpeering_peering')).toMatchObject({
        peer_name: 'dc1', provider: 'consulpeering.dc2', depends_on: [address('consulpeering_peering_token')],
        peering_token: `\${${address('consulpeering_peering_token')}.peering_token}`,
      });
      expect(one('consulpeering_exported_services')).toMatchObject({
        provider: 'consulpeering.dc1', depends_on: [address('consulpeering_peering')], services: [{ name: 'web', consumers: [{ peer: 'dc2' }] }],
      });
      expect(one('consulpeering_service_intentions')).toMatchObject({
        provider: 'consulpeering.dc1', depends_on: [address('consulpeering_exported_services')], name: 'web',
        sources: [{ name: 'frontend', peer: 'dc2', action: 'allow' }],
      });
    });
  });

  it('peering through mesh gateways: a Mesh on each side first, the token after the acceptor\'s, the peering after the dialer\'s', () => {
    inTemporaryDir((out) => {
      const resources = synthesize(framework, out, true);
      const meshes = Object.entries(resources['consulpeering_mesh'] ?? {}) as [string, Record<string, unknown>][];
      expect(meshes.map(([, mesh]) => [mesh['provider'], mesh['peering']])).toEqual([
        ['consulpeering.dc1', { peer_through_mesh_gateways: true }], ['consulpeering.dc2', { peer_through_mesh_gateways: true }],
      ]);
      const [acceptorMesh, dialerMesh] = meshes.map(([key]) => `consulpeering_mesh.${key}`);
      const token = Object.values(resources['consulpeering_peering_token'] ?? {})[0] as Record<string, unknown>;
      const peering = Object.values(resources['consulpeering_peering'] ?? {})[0] as Record<string, unknown>;
      expect(token['depends_on']).toEqual([acceptorMesh]);
      expect(peering['depends_on']).toEqual([expect.stringMatching(/^consulpeering_peering_token\./), dialerMesh]);
      expect(Object.keys(synthesize(framework, path.join(out, 'off'), false))).not.toContain('consulpeering_mesh');
    });
  });
});
