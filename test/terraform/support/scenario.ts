// Shared pieces of the end-to-end suites: the two clusters seen over HTTP (independently of the provider), the
// workspace holding the HCL example, and the extra HCL files the tests add.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestCluster } from '../../support/backends';
import type { TerraformCli } from './cli';
import { createWorkspace, EXAMPLE_DIR, TERRAFORM, type Workspace } from './terraform';

/** A peering as Consul reports it (the fields the tests look at). */
export interface WirePeering {
  readonly ID: string;
  readonly Name: string;
  readonly State: string;
  readonly PeerServerAddresses?: string[];
}

/** One HTTP call to a cluster with its management token (and a JSON `body` when given); returns status and parsed body. */
export async function consul(cluster: TestCluster, method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${cluster.address}${urlPath}`, {
    method, headers: cluster.token === null ? {} : { 'X-Consul-Token': cluster.token }, signal: AbortSignal.timeout(10_000),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let answer: unknown = text;
  try {
    answer = JSON.parse(text);
  } catch {
    // plain-text answers (errors) stay text
  }
  return { status: response.status, body: answer };
}

/** Registers one instance of service `name` in the cluster's catalog (an exported service is replicated only once it exists). */
export async function registerService(cluster: TestCluster, name: string, port = 8080): Promise<void> {
  const response = await fetch(`${cluster.address}/v1/agent/service/register`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', ...(cluster.token === null ? {} : { 'X-Consul-Token': cluster.token }) },
    body: JSON.stringify({ Name: name, Port: port }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`PUT /v1/agent/service/register (${name}): ${response.status} ${await response.text()}`);
}

/** The peering `name` of a cluster, or undefined when Consul answers 404. */
export async function readPeering(cluster: TestCluster, name: string): Promise<WirePeering | undefined> {
  const { status, body } = await consul(cluster, 'GET', `/v1/peering/${name}`);
  if (status === 404) return undefined;
  if (status !== 200) throw new Error(`GET /v1/peering/${name}: ${status} ${JSON.stringify(body)}`);
  return body as WirePeering;
}

/** Polls `check` until it returns true (every 100 ms, at most `timeoutMs`). */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Peerings and peering-related config entries left on a cluster. */
export async function leftovers(cluster: TestCluster): Promise<string[]> {
  const found: string[] = [];
  const peerings = (await consul(cluster, 'GET', '/v1/peerings')).body as WirePeering[];
  found.push(...peerings.map((peering) => `peering ${peering.Name} (${peering.State})`));
  for (const kind of ['exported-services', 'service-intentions']) {
    const entries = (await consul(cluster, 'GET', `/v1/config/${kind}`)).body as { Name: string }[];
    found.push(...entries.map((entry) => `${kind} ${entry.Name}`));
  }
  return found;
}

/** Terraform variables of the example for two clusters. */
export function exampleVars(dc1: TestCluster, dc2: TestCluster): Record<string, string | null> {
  return { dc1_addr: dc1.address, dc2_addr: dc2.address, dc1_token: dc1.token, dc2_token: dc2.token };
}

/** A workspace holding examples/terraform/*.tf (the HCL of DESIGN.md), initialised offline. */
export async function exampleWorkspace(dc1: TestCluster, dc2: TestCluster, extraVars: Record<string, string> = {}, cli: TerraformCli = TERRAFORM): Promise<Workspace> {
  const workspace = createWorkspace({ ...exampleVars(dc1, dc2), ...extraVars }, cli);
  for (const name of fs.readdirSync(EXAMPLE_DIR).filter((file) => file.endsWith('.tf'))) {
    workspace.write(name, fs.readFileSync(path.join(EXAMPLE_DIR, name), 'utf8'));
  }
  await workspace.ok(['init', '-input=false', '-no-color'], { timeoutMs: 60_000 });
  return workspace;
}

/** Data sources read after the peering exists, with outputs that stay the same from one plan to the next. */
export const DATA_SOURCES_TF = `
data "consulpeering_peering" "acceptor_view" {
  provider   = consulpeering.dc1
  peer_name  = consulpeering_peering_token.dc2.peer_name
  depends_on = [consulpeering_peering.dc1]
}

data "consulpeering_peerings" "dialer" {
  provider   = consulpeering.dc2
  depends_on = [consulpeering_peering.dc1]
}

output "acceptor_view_remote_datacenter" {
  value = data.consulpeering_peering.acceptor_view.remote_datacenter
}

output "dialer_peer_names" {
  value = [for peering in data.consulpeering_peerings.dialer.peerings : peering.peer_name]
}
`;

const PROVIDERS_TF = `
terraform {
  required_providers {
    consulpeering = { source = "terraform.local/consul-peering/consulpeering" }
  }
}
variable "dc1_addr" { type = string }
variable "dc2_addr" { type = string }
variable "dc1_token" {
  type      = string
  default   = null
  sensitive = true
}
variable "dc2_token" {
  type      = string
  default   = null
  sensitive = true
}
provider "consulpeering" {
  alias   = "dc1"
  address = var.dc1_addr
  token   = var.dc1_token
}
provider "consulpeering" {
  alias   = "dc2"
  address = var.dc2_addr
  token   = var.dc2_token
}
`;

/** The example's four objects described without references between them (the token comes in as a variable). */
export const IMPORT_TF = `${PROVIDERS_TF}
variable "peering_token" {
  type      = string
  sensitive = true
}
resource "consulpeering_peering_token" "dc2" {
  provider  = consulpeering.dc1
  peer_name = "dc2"
}
resource "consulpeering_peering" "dc1" {
  provider      = consulpeering.dc2
  peer_name     = "dc1"
  peering_token = var.peering_token
}
resource "consulpeering_exported_services" "to_dc2" {
  provider = consulpeering.dc1
  services = [{ name = "web", consumers = [{ peer = "dc2" }] }]
  meta     = { managed-by = "consul-peering-example" }
}
resource "consulpeering_service_intentions" "web" {
  provider = consulpeering.dc1
  name     = "web"
  sources  = [{ name = "frontend", peer = "dc2", action = "allow" }]
}
`;

/** Values Consul would reject: a bad peer name, two consumer kinds, action "maybe", a bad server address. */
export const INVALID_TF = `${PROVIDERS_TF}
resource "consulpeering_peering_token" "bad" {
  provider                  = consulpeering.dc1
  peer_name                 = "Bad_Name"
  server_external_addresses = ["127.0.0.1:99999"]
}
resource "consulpeering_exported_services" "bad" {
  provider = consulpeering.dc1
  services = [{ name = "web", consumers = [{ peer = "dc2", partition = "p1" }] }]
}
resource "consulpeering_service_intentions" "bad" {
  provider = consulpeering.dc1
  name     = "web"
  sources  = [{ name = "frontend", peer = "dc2", action = "maybe" }]
}
`;
