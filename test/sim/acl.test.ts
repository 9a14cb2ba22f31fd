// The emulator's ACL system (src/sim/acl) held to a real Consul 1.22 dev server with ACLs on
// (default policy deny): authorisation decisions for a table of policies, the ACL endpoints' statuses,
// content types and bodies (IDs, timestamps, hashes and indexes normalised), and the 403 texts of
// real endpoints compared with SimAcl.check.
import { randomBytes, randomUUID } from 'node:crypto';
import { createAclToken, startConsulServers, type ConsulServer, type ConsulServers } from '../harness/consul-servers';
import { SimAcl, type AclCheck, type AclIdentity } from '../../src/sim/acl';

/** One HTTP exchange as compared: status, content type, body text, and the headers that matter. */
interface Exchange {
  status: number;
  contentType: string;
  body: string;
  index: boolean;
  allow: string | null;
}

interface CallOptions {
  token?: string;
  body?: string;
  headers?: Record<string, string>;
}

let servers: ConsulServers | undefined;
let real: ConsulServer;
const sim = new SimAcl({ enabled: true, managementToken: randomUUID() });
const suffix = randomBytes(3).toString('hex');

beforeAll(async () => {
  servers = await startConsulServers({ datacenters: ['dc1'], acl: true });
  real = servers.byDatacenter('dc1');
}, 120_000);

afterAll(async () => {
  await servers?.stop();
}, 30_000);

function realMgmt(): string {
  if (real.token === null) throw new Error('the real server has no management token');
  return real.token;
}

async function realCall(method: string, path: string, options: CallOptions = {}): Promise<Exchange> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers['X-Consul-Token'] = options.token;
  const init: RequestInit = { method, headers, signal: AbortSignal.timeout(20_000) };
  if (options.body !== undefined) init.body = options.body;
  const response = await fetch(`${real.address}${path}`, init);
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.text(),
    index: response.headers.has('x-consul-index'),
    allow: response.headers.get('allow'),
  };
}

/** Go's encoding/json as Consul writes it: 4-space indent, <, > and & escaped. */
function goJson(value: unknown): string {
  return JSON.stringify(value, null, 4).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function simCall(acl: SimAcl, method: string, pathWithQuery: string, options: CallOptions = {}): Exchange {
  const url = new URL(pathWithQuery, 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  if (options.token !== undefined) headers['x-consul-token'] = options.token;
  const identity = acl.identify(headers, url.searchParams);
  const result = acl.handle(method, url.pathname, url.searchParams, options.body, identity);
  if (result === null) throw new Error(`SimAcl does not own ${method} ${url.pathname}`);
  const body = result.body === undefined ? '' : result.contentType.startsWith('application/json') ? goJson(result.body) : String(result.body);
  return {
    status: result.status,
    contentType: result.contentType,
    body,
    index: result.headers?.['X-Consul-Index'] !== undefined,
    allow: result.headers?.['Allow'] ?? null,
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

/** Replaces volatile values by placeholders (UUIDs numbered by first appearance; built-in IDs kept). */
class Normalizer {
  private readonly ids = new Map<string, string>();

  normalize(exchange: Exchange): Exchange {
    const body = exchange.body
      .replace(UUID, (id) => (id.startsWith('00000000-0000-0000-0000-00000000000') ? id : this.id(id)))
      .replace(TIMESTAMP, '<time>')
      .replace(/"Hash": "[^"]*"/g, '"Hash": "<hash>"')
      .replace(/"CreateIndex": (\d+),\n(\s*)"ModifyIndex": (\d+)/g, (_m, create: string, space: string, modify: string) =>
        `"CreateIndex": <index>,\n${space}"ModifyIndex": ${create === modify ? '<index>' : '<index+>'}`);
    return { ...exchange, body };
  }

  private id(id: string): string {
    const known = this.ids.get(id);
    if (known !== undefined) return known;
    const name = `<uuid-${this.ids.size + 1}>`;
    this.ids.set(id, name);
    return name;
  }
}

const TOKEN_DESCRIPTION = 'consul-peering test token';

/** Creates a policy per rules text (named `names[i]`, else randomly) and a token holding them, on the emulator. */
function simToken(acl: SimAcl, rules: string | readonly string[], names: readonly string[] = []): { secretId: string; accessorId: string } {
  const mgmt = acl.managementToken ?? '';
  const ids = (typeof rules === 'string' ? [rules] : rules).map((text, i) => {
    const created = simCall(acl, 'PUT', '/v1/acl/policy', {
      token: mgmt,
      body: JSON.stringify({ Name: names[i] ?? `sim-${randomBytes(6).toString('hex')}`, Description: TOKEN_DESCRIPTION, Rules: text }),
    });
    if (created.status !== 200) throw new Error(`emulator refused policy ${JSON.stringify(text)}: ${created.body}`);
    return (JSON.parse(created.body) as { ID: string }).ID;
  });
  const body = JSON.stringify({ Description: TOKEN_DESCRIPTION, Policies: ids.map((ID) => ({ ID })) });
  const token = simCall(acl, 'PUT', '/v1/acl/token', { token: mgmt, body });
  const parsed = JSON.parse(token.body) as { SecretID: string; AccessorID: string };
  return { secretId: parsed.SecretID, accessorId: parsed.AccessorID };
}

/** The same on real Consul (createAclToken for one randomly named policy). */
async function realToken(rules: string | readonly string[], names: readonly string[] = []): Promise<{ secretId: string; accessorId: string }> {
  if (typeof rules === 'string' && names.length === 0) return createAclToken(real, rules, TOKEN_DESCRIPTION);
  const ids: string[] = [];
  for (const [i, text] of (typeof rules === 'string' ? [rules] : rules).entries()) {
    const created = await realCall('PUT', '/v1/acl/policy', {
      token: realMgmt(),
      body: JSON.stringify({ Name: names[i] ?? `real-${randomBytes(6).toString('hex')}`, Description: TOKEN_DESCRIPTION, Rules: text }),
    });
    if (created.status !== 200) throw new Error(`real Consul refused policy ${JSON.stringify(text)}: ${created.body}`);
    ids.push((JSON.parse(created.body) as { ID: string }).ID);
  }
  const body = JSON.stringify({ Description: TOKEN_DESCRIPTION, Policies: ids.map((ID) => ({ ID })) });
  const token = await realCall('PUT', '/v1/acl/token', { token: realMgmt(), body });
  const parsed = JSON.parse(token.body) as { SecretID: string; AccessorID: string };
  return { secretId: parsed.SecretID, accessorId: parsed.AccessorID };
}

function identityOf(acl: SimAcl, secret: string): AclIdentity {
  return acl.identify({ 'x-consul-token': secret }, new URLSearchParams());
}

// ------------------------------------------------------------------------------------------------
// 1. Authorisation decisions: (rules, checks) sent to real Consul's authorize endpoint with a token
//    made from those rules; the emulator must give the same answer (whole body) and check() agree.

type Check = readonly [AclCheck['resource'], AclCheck['access'], string?];

const SVC = (segment: string): Check[] => [['service', 'read', segment], ['service', 'write', segment]];
const INT = (segment: string): Check[] => [['intention', 'read', segment], ['intention', 'write', segment]];

const CASES: ReadonlyArray<{ name: string; rules: string | readonly string[]; checks: readonly Check[] }> = [
  { name: 'peering read', rules: 'peering = "read"', checks: [['peering', 'read'], ['peering', 'write'], ['operator', 'read'], ['mesh', 'read']] },
  { name: 'peering write', rules: 'peering = "write"', checks: [['peering', 'read'], ['peering', 'write'], ['operator', 'write'], ['mesh', 'write']] },
  { name: 'operator write covers peering and mesh', rules: 'operator = "write"', checks: [['peering', 'read'], ['peering', 'write'], ['mesh', 'read'], ['mesh', 'write'], ['operator', 'write'], ['acl', 'read']] },
  { name: 'operator read covers peering:read only', rules: 'operator = "read"', checks: [['peering', 'read'], ['peering', 'write'], ['mesh', 'read'], ['mesh', 'write'], ['operator', 'write']] },
  { name: 'a peering rule stops the operator fallback', rules: 'peering = "deny"\noperator = "write"', checks: [['peering', 'read'], ['peering', 'write'], ['mesh', 'write']] },
  { name: 'peering read + operator write', rules: 'peering = "read"\noperator = "write"', checks: [['peering', 'write'], ['mesh', 'write']] },
  { name: 'a mesh rule stops the operator fallback', rules: 'mesh = "read"\noperator = "write"', checks: [['mesh', 'read'], ['mesh', 'write'], ['peering', 'write']] },
  { name: 'mesh deny under operator write', rules: 'operator = "write"\nmesh = "deny"', checks: [['mesh', 'read'], ['peering', 'write'], ['operator', 'read']] },
  { name: 'mesh write alone', rules: 'mesh = "write"', checks: [['mesh', 'read'], ['mesh', 'write'], ['peering', 'read'], ['operator', 'read']] },
  { name: 'operator deny + peering write', rules: 'operator = "deny"\npeering = "write"', checks: [['peering', 'write'], ['mesh', 'read'], ['operator', 'read']] },
  { name: 'acl read', rules: 'acl = "read"', checks: [['acl', 'read'], ['acl', 'write'], ['operator', 'read']] },
  { name: 'acl write', rules: 'acl = "write"', checks: [['acl', 'read'], ['acl', 'write'], ['peering', 'read']] },
  { name: 'keyring write', rules: 'keyring = "write"', checks: [['keyring', 'read'], ['keyring', 'write'], ['operator', 'read']] },
  { name: 'service write: intentions only read', rules: 'service "api" { policy = "write" }', checks: [...SVC('api'), ...INT('api'), ['service', 'read', 'api2']] },
  { name: 'service read: intentions read', rules: 'service "api" { policy = "read" }', checks: [...SVC('api'), ...INT('api')] },
  { name: 'service intentions write', rules: 'service "api" { policy = "read" intentions = "write" }', checks: [...SVC('api'), ...INT('api'), ['intention', 'write', 'web']] },
  { name: 'service deny + intentions write', rules: 'service "api" { policy = "deny" intentions = "write" }', checks: [...SVC('api'), ...INT('api')] },
  { name: 'service write + intentions deny', rules: 'service "api" { policy = "write" intentions = "deny" }', checks: [...SVC('api'), ...INT('api')] },
  { name: 'exact deny beats prefix read', rules: 'service_prefix "" { policy = "read" }\nservice "db" { policy = "deny" }', checks: [['service', 'read', 'db'], ['service', 'read', 'dbx'], ['service', 'read', ''], ['service', 'read']] },
  { name: 'exact read beats same-name prefix deny', rules: 'service "ab" { policy = "read" }\nservice_prefix "ab" { policy = "deny" }', checks: [['service', 'read', 'ab'], ['service', 'read', 'abc']] },
  { name: 'longest prefix wins', rules: 'service_prefix "a" { policy = "write" }\nservice_prefix "ab" { policy = "read" }', checks: [['service', 'write', 'ab'], ['service', 'write', 'ac'], ['service', 'read', 'abc'], ['service', 'read', 'b']] },
  { name: 'longer prefix allows under a deny-all prefix', rules: 'service_prefix "" { policy = "deny" }\nservice_prefix "web" { policy = "write" intentions = "write" }', checks: [['service', 'write', 'web-1'], ['intention', 'write', 'web-1'], ['service', 'read', 'db'], ['intention', 'read', 'db']] },
  { name: 'prefix intentions read', rules: 'service_prefix "" { policy = "write" intentions = "read" }', checks: [...INT('x'), ['intention', 'read'], ['service', 'write', 'x']] },
  { name: 'exact rule decides intentions over the prefix', rules: 'service_prefix "" { policy = "write" intentions = "write" }\nservice "x" { policy = "read" }', checks: [...SVC('x'), ...INT('x'), ['intention', 'write', 'y']] },
  { name: 'exact write vs prefix intentions', rules: 'service "x" {\n  policy = "write"\n}\nservice_prefix "x" { policy = "deny" intentions = "write" }', checks: [['intention', 'write', 'x'], ['intention', 'write', 'xy'], ['service', 'read', 'xy']] },
  { name: 'repeated block: write wins over read', rules: 'service "x" { policy = "read" }\nservice "x" { policy = "write" }', checks: [...SVC('x')] },
  { name: 'repeated block: deny wins', rules: 'service "x" { policy = "write" }\nservice "x" { policy = "deny" }', checks: [...SVC('x')] },
  { name: 'two policies: deny wins', rules: ['service "x" { policy = "write" }', 'service "x" { policy = "deny" }'], checks: [...SVC('x')] },
  { name: 'two policies: a peering rule in one stops the fallback', rules: ['peering = "read"', 'operator = "write"'], checks: [['peering', 'read'], ['peering', 'write'], ['mesh', 'write']] },
  { name: 'two policies: write + read merge to write', rules: ['mesh = "read"', 'mesh = "write"\nservice "api" { policy = "read" intentions = "write" }'], checks: [['mesh', 'write'], ['intention', 'write', 'api']] },
  { name: 'key list', rules: 'key_prefix "" { policy = "list" }', checks: [['key', 'read', 'a'], ['key', 'list', 'a'], ['key', 'write', 'a']] },
  { name: 'key write with an exact deny', rules: 'key_prefix "" { policy = "write" }\nkey "secret" { policy = "deny" }', checks: [['key', 'write', 'a'], ['key', 'list', 'a'], ['key', 'read', 'secret'], ['key', 'read', 'secret/x']] },
  { name: 'exact key read', rules: 'key "a" { policy = "read" }', checks: [['key', 'read', 'a'], ['key', 'list', 'a'], ['key', 'read', 'ab']] },
  { name: 'node rules', rules: 'node_prefix "" { policy = "read" }\nnode "n1" { policy = "write" }', checks: [['node', 'write', 'n1'], ['node', 'write', 'n2'], ['node', 'read', 'n2']] },
  { name: 'agent rules', rules: 'agent_prefix "" { policy = "read" }\nagent "a1" { policy = "write" }', checks: [['agent', 'read', 'x'], ['agent', 'write', 'x'], ['agent', 'write', 'a1']] },
  {
    name: 'session, query and event rules',
    rules: 'session_prefix "" { policy = "write" }\nquery_prefix "q" { policy = "read" }\nevent "deploy" { policy = "write" }',
    checks: [['session', 'write', 's'], ['query', 'read', 'q1'], ['query', 'write', 'q1'], ['query', 'read', 'x'], ['event', 'write', 'deploy'], ['event', 'read', 'other']],
  },
  { name: 'upper-case top-level level is ignored (falls back to operator)', rules: 'peering = "READ"\noperator = "write"', checks: [['peering', 'read'], ['peering', 'write']] },
  { name: 'upper-case top-level level alone grants nothing', rules: 'acl = "READ"', checks: [['acl', 'read']] },
  { name: 'upper-case service policy works, intentions not derived', rules: 'service "x" { policy = "WRITE" }', checks: [...SVC('x'), ...INT('x')] },
  { name: 'comments and commas', rules: '# c1\n// c2\n/* c3\n */ peering = "write" # c4\nservice "api" { policy = "read", intentions = "write" }', checks: [['peering', 'write'], ['intention', 'write', 'api']] },
  { name: 'unknown keys and unquoted labels', rules: 'foo = "write"\nservice api { policy = "write" bogus = 1 }', checks: [...SVC('api'), ['operator', 'read']] },
  { name: 'empty policy', rules: '', checks: [['peering', 'read'], ['operator', 'read'], ['service', 'read', 'x']] },
  { name: 'empty peering value', rules: 'peering = ""\noperator = "read"', checks: [['peering', 'read'], ['peering', 'write']] },
  {
    name: 'preflight token of this project',
    rules: 'peering = "write"\nmesh = "write"\nservice_prefix "" { policy = "read" intentions = "write" }',
    checks: [['peering', 'write'], ['mesh', 'write'], ['intention', 'write', 'api'], ['intention', 'read', 'api'], ['operator', 'write'], ['service', 'write', 'api']],
  },
];

function authorizeBody(checks: readonly Check[]): string {
  return JSON.stringify(checks.map(([Resource, Access, Segment]) => (Segment === undefined ? { Resource, Access } : { Resource, Segment, Access })));
}

describe('authorisation decisions match real Consul', () => {
  test(`table of ${CASES.length} policies, ${CASES.reduce((n, c) => n + c.checks.length, 0)} checks`, async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    const results = await Promise.all(
      CASES.map(async (testCase) => {
        const realTok = await realToken(testCase.rules);
        const realAnswer = await realCall('POST', '/v1/internal/acl/authorize', { token: realTok.secretId, body: authorizeBody(testCase.checks) });
        const simTok = simToken(sim, testCase.rules);
        const simAnswer = simCall(sim, 'POST', '/v1/internal/acl/authorize', { token: simTok.secretId, body: authorizeBody(testCase.checks) });
        const allows = realAnswer.status === 200 ? (JSON.parse(realAnswer.body) as Array<{ Allow: boolean }>).map((item) => item.Allow) : [];
        const identity = identityOf(sim, simTok.secretId);
        const viaCheck = testCase.checks.map(([resource, access, segment]) => {
          const check: AclCheck = segment === undefined ? { resource, access } : { resource, access, segment };
          return sim.check(identity, check) === null;
        });
        return { name: testCase.name, rules: testCase.rules, checks: testCase.checks, realAnswer, simAnswer, allows, viaCheck };
      }),
    );
    const mismatches = results.filter((r) => r.realAnswer.status !== 200 || r.simAnswer.body !== r.realAnswer.body || r.viaCheck.join() !== r.allows.join());
    const report = mismatches.map((r) => `${r.name}\n  rules ${JSON.stringify(r.rules)}\n  checks ${JSON.stringify(r.checks)}\n  real  ${r.realAnswer.status} ${JSON.stringify(r.allows)}\n  sim   ${r.simAnswer.status} ${r.simAnswer.body.replace(/\s+/g, ' ')}\n  check ${JSON.stringify(r.viaCheck)}`);
    expect(report).toEqual([]);
  }, 120_000);
});

// ------------------------------------------------------------------------------------------------
// 2. The ACL endpoints: the same requests on both, compared after normalisation.

type Who = 'mgmt' | 'peer' | 'aclread' | 'anon' | 'unknown' | 'created';

interface Step {
  method: string;
  path: string;
  who?: Who;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** Variables read from the (JSON) answer: name → key. */
  save?: Record<string, string>;
}

interface Backend {
  secrets: Record<Who, string | undefined>;
  vars: Map<string, string>;
  call(method: string, path: string, options: CallOptions): Promise<Exchange>;
}

function fill(template: string, vars: Map<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => vars.get(name) ?? `{${name}}`);
}

async function runSteps(backend: Backend, steps: readonly Step[]): Promise<Exchange[]> {
  const normalizer = new Normalizer();
  const out: Exchange[] = [];
  for (const step of steps) {
    const options: CallOptions = {};
    const who = step.who ?? 'mgmt';
    const secret = who === 'anon' ? undefined : who === 'unknown' ? randomUUID() : backend.secrets[who];
    if (secret !== undefined) options.token = secret;
    const rawBody = step.raw ?? (step.body === undefined ? undefined : JSON.stringify(step.body));
    if (rawBody !== undefined) options.body = fill(rawBody, backend.vars);
    if (step.headers !== undefined) options.headers = Object.fromEntries(Object.entries(step.headers).map(([k, v]) => [k, fill(v, backend.vars)]));
    const exchange = await backend.call(step.method, fill(step.path, backend.vars), options);
    for (const [name, key] of Object.entries(step.save ?? {})) {
      const value = (JSON.parse(exchange.body) as Record<string, unknown>)[key];
      if (typeof value === 'string') backend.vars.set(name, value);
    }
    out.push(normalizer.normalize(exchange));
  }
  return out;
}

const POLICY = `pol-${suffix}`;
const GM = '00000000-0000-0000-0000-000000000001';
const RO = '00000000-0000-0000-0000-000000000002';
const MISSING = '00000000-0000-0000-0000-0000000000ff';
const badRules = [
  'peering = "list"', 'operator = "list"', 'mesh = "bogus"', 'acl = "list"', 'keyring = "list"', 'peering = 1',
  'peering = read', 'service "x" { policy = "read"', '/* unterminated', 'peering = "read\npeering = "write"',
  'peering = "read"\npeering = "write"', 'service "x" {\n  policy = "read"\n  policy = "write"\n}',
  'service "x" { intentions = "write" }', 'service "x" {}', 'service "x" { policy = "read" intentions = "list" }',
  'service_prefix "x" { policy = "list" }', 'key "k" { policy = "bogus" }', 'node_prefix "" { policy = "list" }',
  'agent "a" { policy = "list" }', 'session_prefix "" { policy = "list" }', 'event "e" { policy = "list" }', 'query "q" { policy = "list" }',
  'service "q\\"t" { policy = "bogus" }', 'service "x" { policy = 5 }', 'service "x" { policy = true }', 'service "x" { policy = { } }',
  'peering = true', 'peering { }', 'operator "x" { policy = "read" }', 'peering = ["read"]', 'service = "x"', 'peering "read"', '= "read"',
  'service "x" policy = "read"', 'service "x" = { policy = "read" }', 'service "x" { policy "read" }', 'service_prefix "" { policy = "read" }}',
  "peering = 'read'", 'peering = <<EOF\nread\nEOF', 'service "a" "b" { policy = "read" }',
  'peering = "bogus"\nacl = "bogus"\nservice "x" { policy = "bogus" }\nkey "x" { policy = "bogus" }',
  'peering = "bogus"\nmesh = "bogus"\nquery "x" { policy = "bogus" }\nsession "x" { policy = "bogus" }',
];
const goodOddRules = ['peering = ', 'service { policy = "read" }', 'peering = "read" operator = "write"', 'peering = "read",', 'peering = "READ"'];

const STEPS: readonly Step[] = [
  // policy create / read
  { method: 'PUT', path: '/v1/acl/policy', body: { Name: POLICY, Description: 'peering reader', Rules: 'peering = "read"\n' }, save: { policyId: 'ID' } },
  { method: 'GET', path: '/v1/acl/policy/{policyId}' },
  { method: 'PUT', path: '/v1/acl/policy', body: { Name: POLICY, Rules: '' } },
  { method: 'PUT', path: '/v1/acl/policy', body: { Name: `dc-${suffix}`, Rules: '', Datacenters: ['dc1', 'dc9'] } },
  { method: 'PUT', path: '/v1/acl/policy', body: { name: `lower-${suffix}`, rules: 'acl = "read"', description: 'x<&>' } },
  { method: 'PUT', path: '/v1/acl/policy', body: { Name: `null-${suffix}`, Rules: null, Datacenters: null } },
  { method: 'PUT', path: '/v1/acl/policy/', body: { Name: `slash-${suffix}` } },
  ...badRules.map((Rules, i): Step => ({ method: 'PUT', path: '/v1/acl/policy', body: { Name: `bad${i}-${suffix}`, Rules } })),
  ...goodOddRules.map((Rules, i): Step => ({ method: 'PUT', path: '/v1/acl/policy', body: { Name: `odd${i}-${suffix}`, Rules } })),
  { method: 'PUT', path: '/v1/acl/policy', body: { Rules: '' } },
  ...['bad name!', 'builtin/x', '/x', 'a/b/c', 'a'.repeat(129), 'global-management', `a/${suffix}`, `${'b'.repeat(122)}${suffix}`].map(
    (Name): Step => ({ method: 'PUT', path: '/v1/acl/policy', body: { Name, Rules: '' } }),
  ),
  { method: 'PUT', path: '/v1/acl/policy', body: { Name: `id-${suffix}`, ID: MISSING } },
  { method: 'PUT', path: '/v1/acl/policy', raw: 'garbage' },
  { method: 'PUT', path: '/v1/acl/policy', raw: '' },
  { method: 'PUT', path: '/v1/acl/policy', raw: '[]' },
  { method: 'PUT', path: '/v1/acl/policy', raw: 'null' },
  { method: 'PUT', path: '/v1/acl/policy', raw: '{"Name": "x", "Rules": "a"' },
  { method: 'PUT', path: '/v1/acl/policy', raw: '{"Name": "x" "Rules": "a"}' },
  { method: 'PUT', path: '/v1/acl/policy', body: { Name: 'x', Bogus: 1 } },
  { method: 'PUT', path: '/v1/acl/policy', body: { Name: 5 } },
  { method: 'PUT', path: '/v1/acl/policy', body: { Name: 'x', Datacenters: [5] } },
  { method: 'PUT', path: '/v1/acl/policy', body: { Name: 'x', Namespace: 'ns' } },
  { method: 'PUT', path: '/v1/acl/policy', body: { Name: 'x', Partition: 'p' } },
  { method: 'PUT', path: '/v1/acl/policy', who: 'anon', body: { Name: `anon-${suffix}` } },
  { method: 'PUT', path: '/v1/acl/policy', who: 'unknown', body: { Name: `unknown-${suffix}` } },
  { method: 'PUT', path: '/v1/acl/policy', who: 'peer', body: { Name: `peer-${suffix}`, Rules: 'peering = "list"' } },
  { method: 'PUT', path: '/v1/acl/policy', who: 'anon', raw: 'garbage' },
  { method: 'PUT', path: '/v1/acl/policy', who: 'anon', body: { Name: 'x', ID: MISSING } },
  { method: 'GET', path: `/v1/acl/policy/${MISSING}` },
  { method: 'GET', path: '/v1/acl/policy/not-a-uuid' },
  { method: 'GET', path: '/v1/acl/policy/' },
  { method: 'GET', path: '/v1/acl/policy/{policyId}', who: 'anon' },
  { method: 'GET', path: '/v1/acl/policy/{policyId}', who: 'unknown' },
  { method: 'GET', path: '/v1/acl/policy/{policyId}', who: 'peer' },
  { method: 'GET', path: '/v1/acl/policy/{policyId}', who: 'aclread' },
  { method: 'GET', path: `/v1/acl/policy/${MISSING}`, who: 'anon' },
  { method: 'GET', path: `/v1/acl/policy/${GM}` },
  { method: 'GET', path: `/v1/acl/policy/${RO}` },
  { method: 'GET', path: `/v1/acl/policy/name/${POLICY}` },
  { method: 'GET', path: '/v1/acl/policy/name/global-management', who: 'aclread' },
  { method: 'GET', path: '/v1/acl/policy/name/nope' },
  { method: 'GET', path: '/v1/acl/policy/name/' },
  { method: 'GET', path: '/v1/acl/policy/name/nope', who: 'peer' },
  // tokens
  { method: 'PUT', path: '/v1/acl/token', body: { Description: 'by name', Policies: [{ Name: POLICY }] }, save: { accessor: 'AccessorID', secret: 'SecretID' } },
  { method: 'PUT', path: '/v1/acl/token', raw: '{"Policies":[{"ID":"{policyId}","Name":"wrong"},{"Name":"' + POLICY + '"}],"Local":true}' },
  { method: 'PUT', path: '/v1/acl/token', body: {} },
  { method: 'PUT', path: '/v1/acl/token', raw: 'null' },
  { method: 'PUT', path: '/v1/acl/token', body: { policies: [{ name: 'global-management' }], description: 'lower' } },
  { method: 'PUT', path: '/v1/acl/token', body: { Description: 'a', description: 'b' } },
  { method: 'PUT', path: '/v1/acl/token', body: { AccessorID: '8f2ad7f1-6c9d-4fbc-a7b0-1a4bd1b56c71'.replace('8f2ad7f1', randomBytes(4).toString('hex')) } },
  { method: 'PUT', path: '/v1/acl/token', body: { Policies: [{ Name: 'nope' }] } },
  { method: 'PUT', path: '/v1/acl/token', body: { Policies: [{ ID: MISSING }] } },
  { method: 'PUT', path: '/v1/acl/token', body: { Policies: [{ ID: 'not-a-uuid' }] } },
  { method: 'PUT', path: '/v1/acl/token', body: { Policies: [{}] } },
  { method: 'PUT', path: '/v1/acl/token', body: { AccessorID: 'abc' } },
  { method: 'PUT', path: '/v1/acl/token', body: { SecretID: 'abc' } },
  { method: 'PUT', path: '/v1/acl/token', body: { SecretID: 'anonymous' } },
  { method: 'PUT', path: '/v1/acl/token', body: { AccessorID: '{accessor}' } },
  { method: 'PUT', path: '/v1/acl/token', body: { SecretID: '{secret}' } },
  { method: 'PUT', path: '/v1/acl/token', raw: 'garbage' },
  { method: 'PUT', path: '/v1/acl/token', raw: '' },
  { method: 'PUT', path: '/v1/acl/token', raw: '"x"' },
  { method: 'PUT', path: '/v1/acl/token', body: { Bogus: 1 } },
  { method: 'PUT', path: '/v1/acl/token', body: { Policies: [5] } },
  { method: 'PUT', path: '/v1/acl/token', body: { Policies: {} } },
  { method: 'PUT', path: '/v1/acl/token', body: { Policies: [{ ID: 5 }] } },
  { method: 'PUT', path: '/v1/acl/token', body: { Policies: [{ Bogus: 1 }] } },
  { method: 'PUT', path: '/v1/acl/token', body: { Local: 'true' } },
  { method: 'PUT', path: '/v1/acl/token', body: { Namespace: 'ns' } },
  { method: 'PUT', path: '/v1/acl/token', body: { Rules: 'x' } },
  { method: 'PUT', path: '/v1/acl/token', who: 'peer', body: {} },
  { method: 'PUT', path: '/v1/acl/token', who: 'anon', body: { Policies: [{ Name: 'nope' }] } },
  { method: 'PUT', path: '/v1/acl/token', who: 'unknown', body: {} },
  { method: 'PUT', path: '/v1/acl/token', who: 'anon', raw: 'garbage' },
  { method: 'GET', path: '/v1/acl/token/self', headers: { 'X-Consul-Token': '{secret}' } },
  { method: 'GET', path: '/v1/acl/token/self' },
  { method: 'GET', path: '/v1/acl/token/self', who: 'peer' },
  { method: 'GET', path: '/v1/acl/token/self', who: 'anon' },
  { method: 'GET', path: '/v1/acl/token/self', who: 'unknown' },
  { method: 'GET', path: '/v1/acl/token/{accessor}' },
  { method: 'GET', path: '/v1/acl/token/{accessor}', who: 'aclread' },
  { method: 'GET', path: '/v1/acl/token/{accessor}', who: 'peer' },
  { method: 'GET', path: '/v1/acl/token/{accessor}', who: 'anon' },
  { method: 'GET', path: '/v1/acl/token/00000000-0000-0000-0000-000000000002', who: 'aclread' },
  { method: 'GET', path: `/v1/acl/token/${MISSING}` },
  { method: 'GET', path: '/v1/acl/token/not-a-uuid' },
  { method: 'GET', path: '/v1/acl/token/' },
  // updates and deletes
  { method: 'PUT', path: '/v1/acl/token/{accessor}', body: { Description: 'updated', Policies: [{ ID: '{policyId}' }] } },
  { method: 'PUT', path: '/v1/acl/token/{accessor}', body: { AccessorID: MISSING } },
  { method: 'PUT', path: '/v1/acl/token/{accessor}', body: { SecretID: MISSING } },
  { method: 'PUT', path: '/v1/acl/token/{accessor}', body: { Local: true } },
  { method: 'PUT', path: '/v1/acl/token/{accessor}', who: 'peer', body: {} },
  { method: 'PUT', path: `/v1/acl/token/${MISSING}`, body: {} },
  { method: 'PUT', path: '/v1/acl/token/not-a-uuid', body: {} },
  { method: 'PUT', path: '/v1/acl/token/', body: { Description: 'via slash' } },
  { method: 'PUT', path: '/v1/acl/policy/{policyId}', body: { Name: `${POLICY}-renamed`, Description: 'new', Rules: 'peering = "write"' } },
  { method: 'GET', path: '/v1/acl/token/{accessor}' },
  { method: 'PUT', path: '/v1/acl/policy/{policyId}', body: { ID: MISSING, Name: 'x' } },
  { method: 'PUT', path: '/v1/acl/policy/{policyId}', body: { Name: 'global-management' } },
  { method: 'PUT', path: '/v1/acl/policy/{policyId}', body: { Name: 'x', Rules: 'peering = "list"' } },
  { method: 'PUT', path: '/v1/acl/policy/{policyId}', body: { Rules: '' } },
  { method: 'PUT', path: '/v1/acl/policy/{policyId}', who: 'aclread', body: { Name: 'x' } },
  { method: 'PUT', path: `/v1/acl/policy/${MISSING}`, body: { Name: 'x' } },
  { method: 'PUT', path: `/v1/acl/policy/${MISSING}`, body: { Rules: '' } },
  { method: 'PUT', path: '/v1/acl/policy/not-a-uuid', body: { Name: 'x' } },
  { method: 'PUT', path: `/v1/acl/policy/${GM}`, body: { Name: 'global-management', Rules: '' } },
  { method: 'PUT', path: `/v1/acl/policy/${RO}`, body: { Name: 'ro2', Rules: '' } },
  { method: 'DELETE', path: '/v1/acl/policy/{policyId}', who: 'aclread' },
  { method: 'DELETE', path: '/v1/acl/policy/{policyId}' },
  { method: 'GET', path: '/v1/acl/token/{accessor}' },
  { method: 'DELETE', path: '/v1/acl/policy/{policyId}' },
  { method: 'DELETE', path: `/v1/acl/policy/${GM}` },
  { method: 'DELETE', path: `/v1/acl/policy/${RO}` },
  { method: 'DELETE', path: '/v1/acl/policy/not-a-uuid' },
  { method: 'DELETE', path: '/v1/acl/policy/' },
  { method: 'DELETE', path: '/v1/acl/token/{accessor}', who: 'aclread' },
  { method: 'DELETE', path: '/v1/acl/token/{accessor}' },
  { method: 'DELETE', path: '/v1/acl/token/{accessor}' },
  { method: 'GET', path: '/v1/acl/token/self', headers: { 'X-Consul-Token': '{secret}' } },
  { method: 'DELETE', path: '/v1/acl/token/00000000-0000-0000-0000-000000000002' },
  { method: 'DELETE', path: '/v1/acl/token/not-a-uuid' },
  { method: 'DELETE', path: '/v1/acl/token/' },
  // authorize
  { method: 'POST', path: '/v1/internal/acl/authorize', body: [{ Resource: 'peering', Access: 'write' }, { Resource: 'intention', Segment: 'api', Access: 'write' }, { Resource: 'key', Segment: 'k', Access: 'list' }] },
  { method: 'POST', path: '/v1/internal/acl/authorize', who: 'anon', body: [{ Resource: 'peering', Access: 'read' }, { Resource: 'service', Segment: '', Access: 'read' }] },
  { method: 'POST', path: '/v1/internal/acl/authorize', who: 'unknown', body: [{ Resource: 'peering', Access: 'read' }] },
  { method: 'POST', path: '/v1/internal/acl/authorize', who: 'unknown', body: [{ Resource: 'bogus', Access: 'read' }] },
  { method: 'POST', path: '/v1/internal/acl/authorize', who: 'unknown', raw: 'garbage' },
  { method: 'POST', path: '/v1/internal/acl/authorize', who: 'unknown', body: Array.from({ length: 65 }, () => ({ Resource: 'peering', Access: 'read' })) },
  { method: 'POST', path: '/v1/internal/acl/authorize', body: Array.from({ length: 64 }, () => ({ Resource: 'peering', Access: 'read' })) },
  { method: 'POST', path: '/v1/internal/acl/authorize', who: 'peer', body: [{ resource: 'peering', access: 'read', segment: 's' }] },
  ...[
    [{ Resource: 'bogus', Access: 'read' }], [{ Resource: 'Peering', Access: 'read' }], [{ Resource: 'peering', Access: 'READ' }],
    [{ Resource: 'service', Segment: 'x', Access: 'intentions' }], [{ Resource: 'peering', Access: 'list' }], [{ Resource: 'operator', Access: 'list' }],
    [{ Resource: 'intention', Segment: 'x', Access: 'list' }], [{ Resource: 'key', Access: 'deny' }], [{ Resource: 'keyring', Access: 'list' }],
    [{ Resource: 'partition', Access: 'read' }], [{ Resource: '', Access: 'read' }], [{ Resource: 'peering' }], [{ Resource: 'peering', Access: '' }],
    [{ Resource: 'peering', Access: 'read', Allow: true }], [{ Resource: 5, Access: 'read' }], [{ Resource: 'peering', Segment: 5, Access: 'read' }],
    [{ Resource: 'peering', Access: 5 }], [5], [null], [{ Resource: 'peering', Access: 'read' }, { Resource: 'bogus', Access: 'read' }],
    { Resource: 'peering', Access: 'read' }, [], null,
  ].map((body): Step => ({ method: 'POST', path: '/v1/internal/acl/authorize', who: 'peer', body })),
  ...['', '  ', '[{"Resource":"peering","Access":"read"}] trailing', '[{"Resource":"peering","Access":"read"}', '[{"Resource":"peering" "Access":"read"}]',
    '[{"Resource":"peering","Access":"read",}]', '{', '[tru]', '[1.]', '[-]', '["\\x"]', '["\\u12g4"]', '[01]', '{"a":1 x}', '{"a" 1}', "['x']"].map(
    (raw): Step => ({ method: 'POST', path: '/v1/internal/acl/authorize', who: 'peer', raw }),
  ),
  // the anonymous token's own policies
  { method: 'GET', path: '/v1/acl/token/self', headers: { 'X-Consul-Token': 'anonymous' } },
  { method: 'PUT', path: '/v1/acl/token/00000000-0000-0000-0000-000000000002', body: { Description: 'Anonymous Token', Policies: [{ Name: `peer-${suffix}` }] } },
  { method: 'POST', path: '/v1/internal/acl/authorize', who: 'anon', body: [{ Resource: 'peering', Access: 'read' }, { Resource: 'peering', Access: 'write' }] },
  { method: 'PUT', path: '/v1/acl/policy', who: 'anon', body: { Name: `anon2-${suffix}` } },
  { method: 'PUT', path: '/v1/acl/token/00000000-0000-0000-0000-000000000002', body: { Description: 'Anonymous Token' } },
  { method: 'POST', path: '/v1/internal/acl/authorize', who: 'anon', body: [{ Resource: 'peering', Access: 'read' }] },
  // methods
  { method: 'GET', path: '/v1/acl/policy' },
  { method: 'PATCH', path: '/v1/acl/policy' },
  { method: 'POST', path: '/v1/acl/policy/x' },
  { method: 'POST', path: '/v1/acl/policy/name/x' },
  { method: 'GET', path: '/v1/acl/token' },
  { method: 'POST', path: '/v1/acl/token/self' },
  { method: 'DELETE', path: '/v1/acl/token/self' },
  { method: 'POST', path: '/v1/acl/token/x' },
  { method: 'GET', path: '/v1/internal/acl/authorize' },
  { method: 'PUT', path: '/v1/internal/acl/authorize', body: [] },
  { method: 'OPTIONS', path: '/v1/acl/policy' },
  { method: 'OPTIONS', path: '/v1/acl/token/self' },
  { method: 'OPTIONS', path: '/v1/internal/acl/authorize' },
  // which token a request carries
  ...(
    [
      ['?token={mgmt}', { 'X-Consul-Token': 'bogus' }], ['?token=bogus', { 'X-Consul-Token': '{mgmt}' }], ['?token=', { 'X-Consul-Token': '{mgmt}' }],
      ['?token={mgmt}&token=bogus', {}], ['?token=bogus&token={mgmt}', {}], ['', { 'X-Consul-Token': '', Authorization: 'Bearer {mgmt}' }],
      ['', { Authorization: 'bearer {mgmt}' }], ['', { Authorization: 'BEARER  {mgmt}' }], ['', { Authorization: 'Bearer {mgmt} extra' }],
      ['', { Authorization: 'Basic {mgmt}' }], ['', { Authorization: 'Bearer' }], ['', { 'X-Consul-Token': 'anonymous' }],
      ['', { 'X-Consul-Token': 'bogus', Authorization: 'Bearer {mgmt}' }], ['', { 'X-Consul-Token': '{peer}', Authorization: 'Bearer {mgmt}' }],
    ] as const
  ).map(([query, headers]): Step => ({
    method: 'POST',
    path: `/v1/internal/acl/authorize${query}`,
    who: 'anon',
    headers,
    body: [{ Resource: 'operator', Access: 'write' }, { Resource: 'peering', Access: 'read' }],
  })),
];

describe('ACL endpoints match real Consul', () => {
  test(`${STEPS.length} requests: status, content type, body, X-Consul-Index presence, Allow`, async () => {
    const realPeer = await realToken('peering = "read"', [`peer-${suffix}`]);
    const realAclRead = await realToken('acl = "read"', [`aclread-${suffix}`]);
    const simAcl = new SimAcl({ enabled: true, managementToken: randomUUID() });
    const simPeer = simToken(simAcl, 'peering = "read"', [`peer-${suffix}`]);
    const simAclRead = simToken(simAcl, 'acl = "read"', [`aclread-${suffix}`]);
    const realBackend: Backend = {
      secrets: { mgmt: realMgmt(), peer: realPeer.secretId, aclread: realAclRead.secretId, anon: undefined, unknown: undefined, created: undefined },
      vars: new Map([['mgmt', realMgmt()], ['peer', realPeer.secretId]]),
      call: (method, path, options) => realCall(method, path, options),
    };
    const simBackend: Backend = {
      secrets: { mgmt: simAcl.managementToken ?? '', peer: simPeer.secretId, aclread: simAclRead.secretId, anon: undefined, unknown: undefined, created: undefined },
      vars: new Map([['mgmt', simAcl.managementToken ?? ''], ['peer', simPeer.secretId]]),
      call: (method, path, options) => Promise.resolve(simCall(simAcl, method, path, options)),
    };
    const realRun = await runSteps(realBackend, STEPS);
    const simRun = await runSteps(simBackend, STEPS);
    const mismatches = STEPS.flatMap((step, i) => {
      const r = realRun[i];
      const s = simRun[i];
      if (r === undefined || s === undefined) return [`step ${i} missing`];
      if (JSON.stringify(r) === JSON.stringify(s)) return [];
      const request = step.raw ?? (step.body === undefined ? '' : JSON.stringify(step.body));
      return [`#${i} ${step.method} ${step.path} as ${step.who ?? 'mgmt'} ${request.slice(0, 200)}\n  real ${JSON.stringify(r)}\n  sim  ${JSON.stringify(s)}`];
    });
    expect(mismatches).toEqual([]);
    const statuses = new Set(realRun.map((exchange) => exchange.status));
    for (const status of [200, 400, 403, 404, 405, 500]) expect(statuses).toContain(status);
  }, 120_000);
});

// ------------------------------------------------------------------------------------------------
// 3. 403 texts of real endpoints (not owned by the ACL module) against SimAcl.check.

describe('403 texts of real endpoints match SimAcl.check', () => {
  test('denials by token, anonymous token and unknown token', async () => {
    const cases: ReadonlyArray<{ rules: string | null; method: string; path: string; body?: unknown; check: AclCheck }> = [
      { rules: 'peering = "write"', method: 'PUT', path: '/v1/config', body: { Kind: 'exported-services', Name: 'default', Services: [{ Name: 'api', Consumers: [{ Peer: 'p1' }] }] }, check: { resource: 'mesh', access: 'write' } },
      { rules: 'peering = "read"', method: 'GET', path: '/v1/config/exported-services/default', check: { resource: 'mesh', access: 'read' } },
      { rules: 'peering = "read"', method: 'GET', path: '/v1/exported-services', check: { resource: 'mesh', access: 'read' } },
      { rules: 'service "api" { policy = "write" }', method: 'PUT', path: '/v1/config', body: { Kind: 'service-intentions', Name: 'api', Sources: [{ Name: 'web', Peer: 'p1', Action: 'allow' }] }, check: { resource: 'intention', segment: 'api', access: 'write' } },
      { rules: 'mesh = "write"', method: 'PUT', path: '/v1/config', body: { Kind: 'service-intentions', Name: 'api', Sources: [{ Name: 'web', Action: 'allow' }] }, check: { resource: 'intention', segment: 'api', access: 'write' } },
      { rules: 'peering = "read"', method: 'GET', path: '/v1/config/service-intentions/api', check: { resource: 'intention', segment: 'api', access: 'read' } },
      { rules: null, method: 'DELETE', path: '/v1/config/service-intentions/api', check: { resource: 'intention', segment: 'api', access: 'write' } },
      { rules: 'peering = "read"', method: 'POST', path: '/v1/peering/token', body: { PeerName: `p-${suffix}` }, check: { resource: 'peering', access: 'write' } },
      { rules: 'operator = "read"', method: 'DELETE', path: `/v1/peering/p-${suffix}`, check: { resource: 'peering', access: 'write' } },
      { rules: null, method: 'POST', path: '/v1/peering/token', body: { PeerName: `p-${suffix}` }, check: { resource: 'peering', access: 'write' } },
      { rules: null, method: 'PUT', path: '/v1/kv/foo', body: 'x', check: { resource: 'key', segment: 'foo', access: 'write' } },
      { rules: 'peering = "read"', method: 'GET', path: '/v1/operator/raft/configuration', check: { resource: 'operator', access: 'read' } },
      { rules: 'peering = "read"', method: 'PUT', path: '/v1/agent/service/register', body: { Name: 'websvc', Port: 80 }, check: { resource: 'service', segment: 'websvc', access: 'write' } },
      { rules: 'peering = "read"', method: 'PUT', path: '/v1/acl/policy', body: { Name: `p-${suffix}` }, check: { resource: 'acl', access: 'write' } },
    ];
    const report: string[] = [];
    for (const testCase of cases) {
      const realTok = testCase.rules === null ? null : await realToken(testCase.rules);
      const options: CallOptions = {};
      if (realTok !== null) options.token = realTok.secretId;
      if (testCase.body !== undefined) options.body = typeof testCase.body === 'string' ? testCase.body : JSON.stringify(testCase.body);
      const answer = await realCall(testCase.method, testCase.path, options);
      let expected: string;
      let identity: AclIdentity;
      if (realTok === null || testCase.rules === null) {
        identity = { kind: 'anonymous' };
        expected = sim.check(identity, testCase.check)?.message ?? '(allowed)';
      } else {
        const simTok = simToken(sim, testCase.rules);
        identity = identityOf(sim, simTok.secretId);
        expected = (sim.check(identity, testCase.check)?.message ?? '(allowed)').replace(simTok.accessorId, realTok.accessorId);
      }
      if (answer.status !== 403 || answer.contentType !== 'text/plain; charset=utf-8' || answer.body !== expected) {
        report.push(`${testCase.method} ${testCase.path}: real ${answer.status} ${answer.body} / sim ${expected}`);
      }
    }
    const unknown = await realCall('PUT', '/v1/config', { token: randomUUID(), body: JSON.stringify({ Kind: 'exported-services', Name: 'default', Services: [] }) });
    const simUnknown = sim.check(identityOf(sim, randomUUID()), { resource: 'mesh', access: 'write' });
    if (unknown.status !== 403 || unknown.body !== simUnknown?.message) report.push(`unknown token: real ${unknown.status} ${unknown.body} / sim ${simUnknown?.message}`);
    expect(report).toEqual([]);
  }, 120_000);

  test('the management token is allowed everything; identify reads tokens in Consul order', () => {
    const mgmt = identityOf(sim, sim.managementToken ?? '');
    expect(mgmt.kind).toBe('token');
    for (const resource of ['peering', 'mesh', 'operator', 'acl', 'keyring'] as const) {
      expect(sim.check(mgmt, { resource, access: 'write' })).toBeNull();
    }
    expect(sim.check(mgmt, { resource: 'intention', segment: 'anything', access: 'write' })).toBeNull();
    expect(sim.identify({}, new URLSearchParams())).toEqual({ kind: 'anonymous' });
    expect(sim.identify({ 'X-Consul-Token': ['nope', sim.managementToken ?? ''] }, new URLSearchParams())).toEqual({ kind: 'unknown' });
  });
});

// ------------------------------------------------------------------------------------------------
// 4. ACLs disabled. Recorded from a real Consul 1.22.7 dev server without ACLs (2026-11-22); this file
//    starts only the ACL server, so these answers are kept as recorded facts.

describe('ACLs disabled (recorded real answers)', () => {
  const off = new SimAcl({ enabled: false });
  const recorded: ReadonlyArray<[string, string, string | undefined, number, string, string | null]> = [
    ['POST', '/v1/internal/acl/authorize', '[{"Resource":"peering","Access":"read"}]', 401, 'ACL support disabled', null],
    ['POST', '/v1/internal/acl/authorize', 'garbage', 401, 'ACL support disabled', null],
    ['PUT', '/v1/acl/policy', '{"Name":"x","Rules":"peering = \\"list\\""}', 401, 'ACL support disabled', null],
    ['PUT', '/v1/acl/policy', 'garbage', 401, 'ACL support disabled', null],
    ['GET', '/v1/acl/policy/abc', undefined, 401, 'ACL support disabled', null],
    ['GET', '/v1/acl/policy/', undefined, 401, 'ACL support disabled', null],
    ['DELETE', '/v1/acl/policy/abc', undefined, 401, 'ACL support disabled', null],
    ['GET', '/v1/acl/policy/name/x', undefined, 401, 'ACL support disabled', null],
    ['PUT', '/v1/acl/token', '{}', 401, 'ACL support disabled', null],
    ['GET', '/v1/acl/token/self', undefined, 401, 'ACL support disabled', null],
    ['POST', '/v1/acl/token/self', undefined, 405, 'method POST not allowed', 'OPTIONS,GET'],
    ['GET', '/v1/acl/policy', undefined, 405, 'method GET not allowed', 'OPTIONS,PUT'],
    ['GET', '/v1/acl/token', undefined, 405, 'method GET not allowed', 'OPTIONS,PUT'],
    ['DELETE', '/v1/acl/token/self', undefined, 405, 'method DELETE not allowed', 'OPTIONS,GET'],
    ['GET', '/v1/internal/acl/authorize', undefined, 405, 'method GET not allowed', 'OPTIONS,POST'],
  ];
  test.each(recorded)('%s %s', (method, path, body, status, text, allow) => {
    const exchange = simCall(off, method, path, body === undefined ? { token: 'whatever' } : { token: 'whatever', body });
    expect({ status: exchange.status, contentType: exchange.contentType, body: exchange.body, allow: exchange.allow }).toEqual({
      status, contentType: 'text/plain; charset=utf-8', body: text, allow,
    });
  });
  test('check allows everything and the management token is null', () => {
    expect(off.managementToken).toBeNull();
    expect(off.check({ kind: 'unknown' }, { resource: 'peering', access: 'write' })).toBeNull();
    expect(off.check({ kind: 'anonymous' }, { resource: 'intention', segment: 'x', access: 'write' })).toBeNull();
    expect(off.handle('GET', '/v1/peerings', new URLSearchParams(), undefined, { kind: 'anonymous' })).toBeNull();
  });
});
