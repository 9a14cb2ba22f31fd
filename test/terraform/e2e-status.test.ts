import { startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { describeEachCliOnBackends } from './support/cli';
import { eventually, exampleWorkspace, registerService } from './support/scenario';
import type { Workspace } from './support/terraform';

// The live status a Peering exposes, through the real terraform CLI on each backend: once dc1 exports "web" (a
// registered service) to dc2, the dialer's peering lists it in imported_services and the acceptor's side (read with
// the consulpeering_peering data source) in exported_services, with a heartbeat; a refresh brings the new status
// into state without planning any change.
jest.setTimeout(240_000);

const STATUS_TF = `
data "consulpeering_peering" "acceptor_status" {
  provider   = consulpeering.dc1
  peer_name  = consulpeering_peering_token.dc2.peer_name
  depends_on = [consulpeering_exported_services.to_dc2]
}

output "acceptor_exported_services" {
  value = data.consulpeering_peering.acceptor_status.exported_services
}

output "dialer_imported_services" {
  value = consulpeering_peering.dc1.imported_services
}

output "dialer_last_heartbeat" {
  value = consulpeering_peering.dc1.last_heartbeat
}
`;

type Outputs = Record<string, { value: unknown }>;

describeEachCliOnBackends('terraform end to end: peering status (imported and exported services)', (cli, backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let workspace: Workspace;

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    dc1 = env.clusters[0] as TestCluster;
    await registerService(dc1, 'web');
    workspace = await exampleWorkspace(dc1, env.clusters[1] as TestCluster, {}, cli);
    workspace.write('status.tf', STATUS_TF);
  });
  afterAll(async () => {
    workspace?.remove();
    await env?.stop();
  });

  it('imported_services on the dialer and exported_services on the acceptor list the exported service after a refresh, with a heartbeat; the plan stays empty', async () => {
    await workspace.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    let outputs: Outputs = {};
    // Consul sends the first heartbeat 15 s after the stream opened.
    await eventually('the status lists web on both sides, after a heartbeat', async () => {
      await workspace.ok(['apply', '-refresh-only', '-auto-approve', '-input=false', '-no-color']);
      outputs = JSON.parse((await workspace.ok(['output', '-json'])).stdout) as Outputs;
      return JSON.stringify(outputs['dialer_imported_services']?.value) === '["web"]'
        && JSON.stringify(outputs['acceptor_exported_services']?.value) === '["web"]'
        && String(outputs['dialer_last_heartbeat']?.value) !== '';
    }, 90_000);
    expect(outputs['dialer_imported_services']?.value).toEqual(['web']);
    expect(outputs['acceptor_exported_services']?.value).toEqual(['web']);
    expect(String(outputs['dialer_last_heartbeat']?.value)).toMatch(/^\d{4}-\d\d-\d\dT/);
    const plan = await workspace.terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
    expect([plan.code, plan.output]).toEqual([0, expect.stringContaining('No changes.')]);
    await workspace.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
  });
});
