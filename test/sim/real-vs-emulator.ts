// Shared machinery of the suites that hold the emulator to real Consul outside the HTTP differential suite
// (the `consul` CLI, the agent endpoints): facts about each running cluster, plain HTTP calls, a normaliser
// for everything a run records (HTTP bodies and CLI output), and the comparison of two recordings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isJson, Normalizer } from '../differential/normalize';
import { lineDiff } from '../differential/runner';
import { startClusters, type BackendName, type TestCluster, type TestClusters } from '../support/backends';

/** What a run needs to know about one cluster, read from its own `/v1/agent/self`. */
export interface ClusterFacts {
  readonly datacenter: string;
  readonly address: string;
  /** `127.0.0.1:PORT` (what `CONSUL_HTTP_ADDR` takes). */
  readonly hostPort: string;
  readonly token: string | null;
  readonly nodeName: string;
  /** The node's ID (the CLI's node tables print its first 8 characters). */
  readonly nodeId: string;
  /** Port number → its role (`http`, `grpc_tls`, `server`, …). */
  readonly ports: ReadonlyMap<number, string>;
  readonly grpcTlsPort: number;
}

/** One plain HTTP answer. */
export interface HttpReply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json<T = unknown>(): T;
}

/** Sends one request (bounded by `timeoutMs`), never following redirects. */
export async function httpCall(
  address: string, method: string, path: string, options: { token?: string | null; body?: string; timeoutMs?: number } = {},
): Promise<HttpReply> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined && options.token !== null) headers['X-Consul-Token'] = options.token;
  const init: RequestInit = { method, headers, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) };
  if (options.body !== undefined) init.body = options.body;
  const response = await fetch(`${address}${path}`, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** Repeats `read` until `done` holds or `timeoutMs` passes; returns whether it held. */
export async function waitFor(read: () => Promise<boolean>, timeoutMs = 20_000, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await read().catch(() => false)) return true;
    if (Date.now() + intervalMs > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Reads the facts of a running cluster (node name and ports from `/v1/agent/self`, with its management token). */
export async function clusterFacts(cluster: TestCluster): Promise<ClusterFacts> {
  const reply = await httpCall(cluster.address, 'GET', '/v1/agent/self', { token: cluster.token });
  if (reply.status !== 200) throw new Error(`GET /v1/agent/self on ${cluster.datacenter}: ${reply.status} ${reply.text.slice(0, 200)}`);
  const self = reply.json<{ Config: { NodeName: string; NodeID: string }; Member: { Port: number; Tags: Record<string, string> } }>();
  const hostPort = cluster.address.replace(/^https?:\/\//, '');
  const tags = self.Member.Tags;
  const ports = new Map<number, string>([
    [Number(hostPort.split(':')[1]), 'http'], [self.Member.Port, 'serf_lan'], [Number(tags['wan_join_port']), 'serf_wan'],
    [Number(tags['port']), 'server'], [Number(tags['grpc_port']), 'grpc'], [Number(tags['grpc_tls_port']), 'grpc_tls'],
  ]);
  return {
    datacenter: cluster.datacenter, address: cluster.address, hostPort, token: cluster.token, nodeName: self.Config.NodeName,
    nodeId: self.Config.NodeID, ports, grpcTlsPort: Number(tags['grpc_tls_port']),
  };
}

/** Starts the same clusters on real Consul and on the emulator, concurrently. */
export async function startBothBackends(
  datacenters: readonly string[], options: { acl?: boolean } = {},
): Promise<Record<BackendName, TestClusters>> {
  const [consul, emulator] = await Promise.allSettled([startClusters('consul', datacenters, options), startClusters('emulator', datacenters, options)]);
  if (consul.status === 'rejected' || emulator.status === 'rejected') {
    if (consul.status === 'fulfilled') await consul.value.stop();
    if (emulator.status === 'fulfilled') await emulator.value.stop();
    throw consul.status === 'rejected' ? consul.reason : (emulator as PromiseRejectedResult).reason;
  }
  if (options.acl !== true) await Promise.all(consul.value.clusters.map(waitForNodeSync));
  return { consul: consul.value, emulator: emulator.value };
}

/**
 * Real Consul fills in its own node's TaggedAddresses and network-segment meta at its first anti-entropy sync,
 * a moment after the leader is elected (with ACLs on and no agent token it never does). The emulator answers in
 * the synced form, so comparisons start once real Consul has synced.
 */
async function waitForNodeSync(cluster: TestCluster): Promise<void> {
  const synced = await waitFor(async () => {
    const reply = await httpCall(cluster.address, 'GET', '/v1/health/service/consul', { token: cluster.token });
    return reply.status === 200 && reply.json<{ Node: { TaggedAddresses: unknown } }[]>()[0]?.Node.TaggedAddresses != null;
  }, 15_000);
  if (!synced) throw new Error(`real Consul ${cluster.datacenter} did not sync its node information within 15 s`);
}

/** Creates an ACL policy with `rules` and a token holding it (management token of the cluster). */
export async function createToken(cluster: ClusterFacts, name: string, rules: string): Promise<{ secretId: string; accessorId: string }> {
  const policy = await httpCall(cluster.address, 'PUT', '/v1/acl/policy', { token: cluster.token, body: JSON.stringify({ Name: name, Rules: rules }) });
  if (policy.status !== 200) throw new Error(`policy ${name} on ${cluster.datacenter}: ${policy.status} ${policy.text}`);
  const token = await httpCall(cluster.address, 'PUT', '/v1/acl/token', {
    token: cluster.token, body: JSON.stringify({ Description: name, Policies: [{ ID: policy.json<{ ID: string }>().ID }] }),
  });
  if (token.status !== 200) throw new Error(`token ${name} on ${cluster.datacenter}: ${token.status} ${token.text}`);
  const created = token.json<{ SecretID: string; AccessorID: string }>();
  return { secretId: created.SecretID, accessorId: created.AccessorID };
}

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----(?:\\n|\n)?/g;
const GO_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{4} [A-Z]+/g;
const COLON_HEX = /\b[0-9a-f]{2}(?::[0-9a-f]{2}){19,31}\b/g;
const BASE64_TOKEN = /^[A-Za-z0-9+/]{100,}={0,2}$/;

/**
 * Normalises what a run records, on top of the differential suite's Normalizer: node names → `<node:dc>`,
 * every port of a cluster → `<port:role@dc>` (numbers and strings alike), CA fingerprints and key IDs
 * → numbered placeholders, CA serials, Go-formatted times (`2026-01-02 03:04:05.6 +0000 UTC`) → `<time>`,
 * the CLI's `Create Index: N` / `Modify Index: N` lines, a peering token printed alone → its decoded content, node IDs
 * as node tables print them (8 characters), and the padding of table columns.
 * One instance per recording: placeholders are numbered by first appearance.
 */
export class OutputNormalizer {
  private readonly base = new Normalizer();
  private readonly hexes = new Map<string, string>();

  constructor(private readonly clusters: readonly ClusterFacts[]) {}

  /** Shows a known UUID (e.g. a token's AccessorID) as `<name>`. */
  alias(uuid: string, name: string): void {
    this.base.alias(uuid, name);
  }

  private pre(text: string): string {
    // A token inside JSON: its decoded content gets the same treatment (the base normaliser decodes it again).
    let out = text.replace(/("PeeringToken":\s*")([A-Za-z0-9+/]+={0,2})"/g, (whole, head: string, token: string) => {
      const decoded = Buffer.from(token, 'base64').toString('utf8');
      return isJson(decoded) ? `${head}${Buffer.from(this.pre(decoded), 'utf8').toString('base64')}"` : whole;
    });
    out = out.replace(PEM, (_block, type: string) => `<pem:${type}>`);
    out = out.replace(GO_TIME, (stamp) => (stamp.startsWith('0001-01-01 00:00:00') ? stamp : '<time>'));
    out = out.replace(COLON_HEX, (hex) => {
      let placeholder = this.hexes.get(hex);
      if (placeholder === undefined) {
        placeholder = `<${hex.length === 59 ? 'sha1' : 'key-id'}-${this.hexes.size + 1}>`;
        this.hexes.set(hex, placeholder);
      }
      return placeholder;
    });
    out = out.replace(/"SerialNumber": \d+/g, '"SerialNumber": "<serial>"');
    const names = [...this.clusters].sort((a, b) => b.nodeName.length - a.nodeName.length);
    for (const cluster of names) out = out.split(cluster.nodeName).join(`<node:${cluster.datacenter}>`);
    for (const cluster of this.clusters) {
      const prefix = cluster.nodeId.slice(0, 8);
      if (/^[0-9a-f]{8}$/.test(prefix)) out = out.replace(new RegExp(`(?<![0-9a-f-])${prefix}(?![0-9a-f-])`, 'g'), `<node-id:${cluster.datacenter}>`);
    }
    for (const cluster of this.clusters) {
      for (const [port, role] of cluster.ports) out = replacePort(out, port, `<port:${role}@${cluster.datacenter}>`);
    }
    return out;
  }

  /** Plain text (error messages, CLI output that is not JSON). */
  text(text: string): string {
    return this.base.text(this.pre(text));
  }

  /** A JSON text (formatting kept, volatile scalars replaced). */
  json(text: string): string {
    return this.base.json(this.pre(text));
  }

  /** An HTTP body, by content type. */
  body(text: string, contentType: string | null): string {
    return text !== '' && (contentType ?? '').includes('json') && isJson(text) ? this.json(text) : this.text(text);
  }

  /** The stdout or stderr of a `consul` command. */
  cli(output: string): string {
    const trimmed = output.trim();
    if (BASE64_TOKEN.test(trimmed)) {
      const decoded = Buffer.from(trimmed, 'base64').toString('utf8');
      if (isJson(decoded)) return `<peering-token ${this.json(decoded)}>\n`;
    }
    if (trimmed !== '' && isJson(trimmed) && /^[[{]/.test(trimmed)) return this.json(output);
    let created = '';
    // Table columns are padded to the widest cell: placeholders change widths, so padding is compared as two spaces.
    return this.text(output).replace(/(\S) {2,}/g, '$1  ')
      .replace(/^Create Index: (\d+)$/m, (_line, value: string) => {
        created = value;
        return 'Create Index: <index>';
      })
      .replace(/^Modify Index: (\d+)$/m, (_line, value: string) => `Modify Index: ${value === created ? '<index>' : '<index+>'}`);
  }
}

/** Replaces a port number standing alone (not inside a longer number, word or base64 run); a bare JSON number becomes a string. */
function replacePort(text: string, port: number, placeholder: string): string {
  if (!Number.isInteger(port) || port <= 0) return text;
  const pattern = new RegExp(`(?<![0-9A-Za-z+/])${port}(?![0-9A-Za-z+/=])`, 'g');
  return text.replace(pattern, (_match, offset: number, whole: string) => {
    const before = whole.slice(Math.max(0, offset - 2), offset);
    return /[:[,]\s?$/.test(before) && !/\d\.\d+\.\d+\.\d+:$/.test(whole.slice(Math.max(0, offset - 16), offset)) && !inJsonString(whole, offset)
      ? `"${placeholder}"` : placeholder;
  });
}

/** Whether `offset` of a (JSON) text is inside a string literal: an odd number of unescaped quotes on its line before it. */
function inJsonString(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset).replace(/\\./g, '');
  return (before.match(/"/g) ?? []).length % 2 === 1;
}

/** One recorded observation: what is compared (already normalised) and the raw form for reports. */
export interface Observation {
  readonly label: string;
  readonly compared: string;
  readonly raw: string;
}

/** With `COMPARE_DUMP_DIR` set, writes both recordings there (`<name>.json`), for reading what was compared. */
export function dumpObservations(name: string, reference: readonly Observation[], candidate: readonly Observation[]): void {
  const dir = process.env['COMPARE_DUMP_DIR'];
  if (dir === undefined || dir === '') return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.json`), JSON.stringify({ consul: reference, emulator: candidate }, null, 2));
}

/** Compares two recordings observation by observation; returns a report per difference (empty when equal). */
export function compareObservations(reference: readonly Observation[], candidate: readonly Observation[]): string[] {
  const reports: string[] = [];
  for (let i = 0; i < Math.max(reference.length, candidate.length); i++) {
    const ref = reference[i];
    const cand = candidate[i];
    if (ref === undefined || cand === undefined) {
      reports.push(`#${i + 1} "${(ref ?? cand)?.label ?? '?'}": only the ${ref ? 'reference (real Consul)' : 'emulator'} has it`);
      continue;
    }
    if (ref.label !== cand.label || ref.compared !== cand.compared) {
      reports.push([
        `#${i + 1} "${ref.label}" differs (- real Consul, + emulator):`,
        ...lineDiff(ref.compared, cand.compared).map((line) => `    ${line}`),
        `  raw real Consul:\n${indent(ref.raw)}`,
        `  raw emulator:\n${indent(cand.raw)}`,
      ].join('\n'));
    }
  }
  return reports;
}

function indent(text: string): string {
  return text.split('\n').map((line) => `      ${line}`).join('\n');
}
