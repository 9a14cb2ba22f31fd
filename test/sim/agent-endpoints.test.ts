// The endpoints every Consul client probes before anything else (the Terraform provider, the SDKs, the CLI,
// consul-k8s), and the catalog/health endpoints that show a service on the other side of a peering: the same
// requests go to real Consul 1.22.7 dev servers and to the emulator, and every answer (status, content type,
// the headers clients read, body after normalisation) must be the same.
import type { BackendName, TestClusters } from '../support/backends';
import {
  clusterFacts, compareObservations, createToken, dumpObservations, httpCall, OutputNormalizer, startBothBackends, waitFor,
  type ClusterFacts, type HttpReply, type Observation,
} from './real-vs-emulator';

type Ref = 'a' | 'b';

interface Step {
  readonly label: string;
  readonly cluster?: Ref;
  readonly method?: string;
  readonly path: string;
  /** JSON body (a string is sent as it is; a function gets the run, for captured values). */
  readonly body?: unknown;
  /** Token by name: `management` (default), `anonymous`, `unknown`, or one created for the run. */
  readonly token?: string;
  /** Repeat (bounded) until this holds; only the last answer is recorded. */
  readonly until?: (reply: HttpReply) => boolean;
  /** What is compared instead of the whole body (a value, shown as 4-space JSON). */
  readonly view?: (reply: HttpReply, run: Run) => unknown;
  /** Remember values for later steps. */
  readonly capture?: (reply: HttpReply, run: Run) => void;
}

interface Run {
  readonly clusters: Record<Ref, ClusterFacts>;
  readonly tokens: Map<string, string>;
  readonly vars: Map<string, string>;
}

/** Response headers real clients read; their values (or presence) are compared. */
const HEADERS: ReadonlyArray<[string, 'value' | 'presence']> = [
  ['location', 'value'], ['allow', 'value'], ['x-consul-index', 'presence'], ['x-consul-default-acl-policy', 'value'],
  ['x-consul-results-filtered-by-acls', 'value'], ['x-consul-effective-consistency', 'value'], ['x-consul-knownleader', 'value'],
];

async function record(env: TestClusters, steps: readonly Step[], tokenRules: Readonly<Record<string, string>>): Promise<Observation[]> {
  const [a, b] = await Promise.all(env.clusters.map((cluster) => clusterFacts(cluster)));
  if (a === undefined) throw new Error('no cluster');
  const run: Run = { clusters: { a, b: b ?? a }, tokens: new Map(), vars: new Map() };
  const accessors = new Map<string, string>();
  for (const [name, rules] of Object.entries(tokenRules)) {
    const created = await createToken(a, `agent-endpoints-${name}`, rules);
    run.tokens.set(name, created.secretId);
    accessors.set(created.accessorId, `accessor:${name}`);
  }
  const raw: { step: Step; reply: HttpReply; reached: boolean }[] = [];
  for (const step of steps) {
    const target = run.clusters[step.cluster ?? 'a'];
    const name = step.token ?? 'management';
    const token = name === 'management' ? target.token : name === 'anonymous' ? null
      : name === 'unknown' ? '7c2bd0a1-5f2e-4a4e-9d1b-1234567890ab' : run.tokens.get(name) ?? null;
    const content = typeof step.body === 'function' ? (step.body as (run: Run) => unknown)(run) : step.body;
    const body = content === undefined ? undefined : typeof content === 'string' ? content : JSON.stringify(content);
    const send = (): Promise<HttpReply> => httpCall(target.address, step.method ?? 'GET', step.path.replace(/\{(\w+)\}/g, (_m, key: string) => run.vars.get(key) ?? ''), {
      token, ...(body === undefined ? {} : { body }),
    });
    let reply = await send();
    let reached = true;
    if (step.until !== undefined) {
      reached = await waitFor(async () => {
        reply = await send();
        return step.until?.(reply) ?? true;
      });
    }
    step.capture?.(reply, run);
    raw.push({ step, reply, reached });
  }
  // Normalised in step order, so placeholders are numbered the same way on both backends.
  const normalize = new OutputNormalizer([run.clusters.a, ...(run.clusters.b === run.clusters.a ? [] : [run.clusters.b])]);
  for (const [accessor, name] of accessors) normalize.alias(accessor, name);
  return raw.map(({ step, reply, reached }) => {
    const headers = HEADERS.map(([header, mode]) => {
      const value = reply.headers.get(header);
      return value === null ? null : `${header}: ${mode === 'presence' ? '(present)' : value}`;
    }).filter((line) => line !== null);
    const contentType = reply.headers.get('content-type');
    const body = step.view !== undefined && reply.status === 200
      ? `(view) ${normalize.json(JSON.stringify(step.view(reply, run), null, 4))}`
      : normalize.body(reply.text, contentType);
    return {
      label: step.label,
      compared: [`${reply.status} ${contentType ?? '-'}${reached ? '' : ' (wait target never reached)'}`, ...headers, body].join('\n'),
      raw: `${reply.status}\n${reply.text.slice(0, 3000)}`,
    };
  });
}

/** The parts of `/v1/agent/self` compared: everything but `DebugConfig` (the agent's full runtime configuration), Stats by shape. */
function selfView(reply: HttpReply): unknown {
  const self = reply.json<Record<string, Record<string, unknown>>>();
  const stats = self['Stats'] as Record<string, Record<string, string>>;
  return {
    keys: Object.keys(self).filter((key) => key !== 'DebugConfig'),
    Config: self['Config'], Coord: self['Coord'], Member: self['Member'], Meta: self['Meta'], xDS: self['xDS'],
    Stats: {
      sections: Object.fromEntries(Object.entries(stats).map(([section, values]) => [section, Object.keys(values)])),
      build: stats['build'], consul: stats['consul'], agent: stats['agent'],
    },
  };
}

const peeringToken = (reply: HttpReply): Record<string, unknown> =>
  JSON.parse(Buffer.from(reply.json<{ PeeringToken: string }>().PeeringToken, 'base64').toString('utf8')) as Record<string, unknown>;

const nonEmpty = (reply: HttpReply): boolean => reply.status === 200 && reply.json<unknown[]>().length > 0;
/** An imported service with its checks: real Consul may replicate the instance a moment before its checks. */
const importedWithChecks = (reply: HttpReply): boolean => nonEmpty(reply) && reply.json<{ Checks?: unknown[] }[]>().every((entry) => (entry.Checks ?? []).length > 0);
/** The server's node after its first sync: real Consul updates the node record (ModifyIndex) a moment after it starts. */
const nodeSynced = (reply: HttpReply): boolean => nonEmpty(reply)
  && reply.json<{ Node: { CreateIndex: number; ModifyIndex: number } }[]>().every((entry) => entry.Node.ModifyIndex > entry.Node.CreateIndex);

const PROBES: readonly Step[] = [
  { label: 'agent self', path: '/v1/agent/self', view: selfView },
  { label: 'agent version', path: '/v1/agent/version' },
  { label: 'status leader', path: '/v1/status/leader' },
  { label: 'status peers', path: '/v1/status/peers' },
  { label: 'catalog datacenters', path: '/v1/catalog/datacenters' },
  { label: 'health of the consul service', path: '/v1/health/service/consul', until: nodeSynced },
  { label: 'health of the consul service, passing only', path: '/v1/health/service/consul?passing', until: nodeSynced },
  { label: 'health in an unknown datacenter', path: '/v1/health/service/consul?dc=nowhere' },
  { label: 'health without a service name', path: '/v1/health/service/' },
  { label: 'agent CA roots', path: '/v1/agent/connect/ca/roots' },
  { label: 'CA roots', path: '/v1/connect/ca/roots' },
  { label: 'agent members', path: '/v1/agent/members' },
  { label: 'catalog services before registering', path: '/v1/catalog/services' },
  { label: 'register web', method: 'PUT', path: '/v1/agent/service/register', body: { Name: 'web', Port: 8080, Tags: ['v1'], Meta: { version: '1' } } },
  { label: 'register api-1 with an address', method: 'PUT', path: '/v1/agent/service/register', body: { Name: 'api', ID: 'api-1', Port: 9090, Address: '10.0.0.5' } },
  { label: 'register a service with a TTL check', method: 'PUT', path: '/v1/agent/service/register', body: { name: 'chk', check: { TTL: '30s' } } },
  { label: 'register without a name', method: 'PUT', path: '/v1/agent/service/register', body: {} },
  { label: 'register with an unknown field', method: 'PUT', path: '/v1/agent/service/register', body: { Name: 'x', Bogus: 1 } },
  { label: 'register with a string port', method: 'PUT', path: '/v1/agent/service/register', body: { Name: 'x', Port: '80' } },
  { label: 'register with a malformed body', method: 'PUT', path: '/v1/agent/service/register', body: 'nope' },
  { label: 'health of web (once synced)', path: '/v1/health/service/web', until: nonEmpty },
  { label: 'health of api (service address)', path: '/v1/health/service/api', until: nonEmpty },
  { label: 'health of chk (critical TTL check)', path: '/v1/health/service/chk', until: nonEmpty },
  { label: 'health of chk, passing only', path: '/v1/health/service/chk?passing' },
  { label: 'health of web by tag', path: '/v1/health/service/web?tag=v1' },
  { label: 'health of web by another tag', path: '/v1/health/service/web?tag=v2' },
  { label: 'catalog services', path: '/v1/catalog/services' },
  { label: 'deregister an unknown ID', method: 'PUT', path: '/v1/agent/service/deregister/nope' },
  { label: 'deregister by name instead of ID', method: 'PUT', path: '/v1/agent/service/deregister/api' },
  { label: 'deregister api-1', method: 'PUT', path: '/v1/agent/service/deregister/api-1' },
  { label: 'health of api after deregistering', path: '/v1/health/service/api', until: (reply) => reply.status === 200 && reply.text.trim() === '[]' },
  { label: 'deregister with GET', method: 'GET', path: '/v1/agent/service/deregister/chk' },
  // The peering flow: what one side exports shows on the other.
  {
    label: 'token for dc2', method: 'POST', path: '/v1/peering/token', body: { PeerName: 'dc2' },
    view: (reply) => ({ CA: peeringToken(reply)['CA'] }),
    capture: (reply, run) => run.vars.set('token', reply.json<{ PeeringToken: string }>().PeeringToken),
  },
  {
    label: "the token's CA is the active CA root", path: '/v1/agent/connect/ca/roots',
    view: (reply, run) => {
      const roots = reply.json<{ ActiveRootID: string; Roots: { ID: string; Active: boolean; RootCert: string }[] }>();
      const active = roots.Roots.find((root) => root.ID === roots.ActiveRootID);
      const token = JSON.parse(Buffer.from(run.vars.get('token') ?? '', 'base64').toString('utf8')) as { CA: string[] };
      return { activeRootFound: active?.Active === true, tokenCarriesActiveRoot: token.CA.length === 1 && token.CA[0] === active?.RootCert };
    },
  },
  {
    label: 'establish on dc2', cluster: 'b', method: 'POST', path: '/v1/peering/establish',
    body: (run: Run) => ({ PeerName: 'dc1', PeeringToken: run.vars.get('token') }),
  },
  {
    label: 'dc2 sees the peering ACTIVE', cluster: 'b', path: '/v1/peering/dc1',
    until: (reply) => reply.status === 200 && reply.json<{ State: string }>().State === 'ACTIVE', view: (reply) => reply.json<{ State: string }>().State,
  },
  { label: 'export web to dc2', method: 'PUT', path: '/v1/config', body: { Kind: 'exported-services', Name: 'default', Services: [{ Name: 'web', Consumers: [{ Peer: 'dc2' }] }] } },
  { label: 'web imported on dc2', cluster: 'b', path: '/v1/health/service/web?peer=dc1', until: importedWithChecks },
  { label: 'web imported on dc2, passing only', cluster: 'b', path: '/v1/health/service/web?peer=dc1&passing' },
  { label: 'a service not exported', cluster: 'b', path: '/v1/health/service/chk?peer=dc1' },
  {
    label: 'export chk (critical) too', method: 'PUT', path: '/v1/config',
    body: { Kind: 'exported-services', Name: 'default', Services: [{ Name: 'web', Consumers: [{ Peer: 'dc2' }] }, { Name: 'chk', Consumers: [{ Peer: 'dc2' }] }] },
  },
  { label: 'chk imported on dc2: its overall-check is critical', cluster: 'b', path: '/v1/health/service/chk?peer=dc1', until: importedWithChecks },
  { label: 'chk imported on dc2, passing only', cluster: 'b', path: '/v1/health/service/chk?peer=dc1&passing' },
  { label: 'an unknown peer', cluster: 'b', path: '/v1/health/service/web?peer=nope' },
  { label: 'local health of web on dc2', cluster: 'b', path: '/v1/health/service/web' },
  { label: 'catalog services of dc2', cluster: 'b', path: '/v1/catalog/services' },
  { label: 'imported services of dc2 (none: CE derives them from intentions)', cluster: 'b', path: '/v1/imported-services' },
  {
    label: 'intentions for web with a source in dc1', cluster: 'b', method: 'PUT', path: '/v1/config',
    body: { Kind: 'service-intentions', Name: 'web', Sources: [{ Name: 'frontend', Peer: 'dc1', Action: 'allow' }, { Name: 'db', Peer: 'dc1', Action: 'allow' }, { Name: 'x', Action: 'deny' }] },
  },
  {
    label: 'intentions for api with sources in two peers', cluster: 'b', method: 'PUT', path: '/v1/config',
    body: { Kind: 'service-intentions', Name: 'api', Sources: [{ Name: 'frontend', Peer: 'dc3', Action: 'allow' }, { Name: 'y', Peer: 'dc1', Action: 'allow' }] },
  },
  { label: 'imported services of dc2', cluster: 'b', path: '/v1/imported-services' },
  { label: 'exported services of dc1', path: '/v1/exported-services' },
  // Routes nobody serves.
  { label: 'unknown API path', path: '/v1/nope' },
  { label: 'unknown API path, POST', method: 'POST', path: '/v1/nope', body: {} },
  { label: 'unknown API path, OPTIONS', method: 'OPTIONS', path: '/v1/agent/nope' },
  { label: 'the API root', path: '/v1/' },
  { label: 'v1 without a slash', path: '/v1' },
  { label: 'a path outside the API', path: '/nope' },
  { label: 'subtree root without its slash', path: '/v1/peering' },
  { label: 'subtree root without its slash, POST', method: 'POST', path: '/v1/health/service', body: {} },
  { label: 'wrong method on agent self', method: 'DELETE', path: '/v1/agent/self' },
  { label: 'OPTIONS on agent version', method: 'OPTIONS', path: '/v1/agent/version' },
  { label: 'wrong method on register', method: 'GET', path: '/v1/agent/service/register' },
  { label: 'wrong method on imported services', method: 'POST', path: '/v1/imported-services', body: {} },
];

const ACL_RULES = {
  svc: 'service_prefix "" { policy = "read" }',
  nodesvc: 'node_prefix "" { policy = "read" }\nservice_prefix "" { policy = "read" }',
  agent: 'agent_prefix "" { policy = "read" }',
  mesh: 'mesh = "read"',
};

const ACL_PROBES: readonly Step[] = [
  { label: 'self, management', path: '/v1/agent/self', view: selfView },
  ...(['anonymous', 'unknown', 'svc', 'agent'] as const).map((token): Step => ({ label: `self, ${token}`, path: '/v1/agent/self', token, view: selfView })),
  { label: 'version, unknown token', path: '/v1/agent/version', token: 'unknown' },
  { label: 'leader, unknown token', path: '/v1/status/leader', token: 'unknown' },
  { label: 'peers, anonymous', path: '/v1/status/peers', token: 'anonymous' },
  { label: 'datacenters, unknown token', path: '/v1/catalog/datacenters', token: 'unknown' },
  { label: 'CA roots, unknown token', path: '/v1/connect/ca/roots', token: 'unknown' },
  { label: 'agent CA roots, anonymous', path: '/v1/agent/connect/ca/roots', token: 'anonymous' },
  { label: 'register web, management', method: 'PUT', path: '/v1/agent/service/register', body: { Name: 'web', Port: 80 } },
  { label: 'health of web (once synced)', path: '/v1/health/service/web', until: nonEmpty },
  ...(['anonymous', 'unknown', 'svc', 'nodesvc', 'agent'] as const).flatMap((token): Step[] => [
    { label: `health of consul, ${token}`, path: '/v1/health/service/consul', token },
    { label: `health of web, ${token}`, path: '/v1/health/service/web', token },
    { label: `catalog services, ${token}`, path: '/v1/catalog/services', token },
    { label: `members, ${token}`, path: '/v1/agent/members', token },
    { label: `imported services, ${token}`, path: '/v1/imported-services', token },
  ]),
  { label: 'imported services, mesh:read', path: '/v1/imported-services', token: 'mesh' },
  { label: 'register, anonymous', method: 'PUT', path: '/v1/agent/service/register', body: { Name: 'web', Port: 80 }, token: 'anonymous' },
  { label: 'register, service:read only', method: 'PUT', path: '/v1/agent/service/register', body: { Name: 'web', Port: 80 }, token: 'svc' },
  { label: 'register, unknown token', method: 'PUT', path: '/v1/agent/service/register', body: { Name: 'web', Port: 80 }, token: 'unknown' },
  { label: 'deregister, unknown token', method: 'PUT', path: '/v1/agent/service/deregister/web', token: 'unknown' },
  { label: 'deregister an unknown ID, anonymous', method: 'PUT', path: '/v1/agent/service/deregister/nope', token: 'anonymous' },
  { label: 'deregister web, service:read only', method: 'PUT', path: '/v1/agent/service/deregister/web', token: 'svc' },
  { label: 'unknown path, unknown token', path: '/v1/nope', token: 'unknown' },
];

/** Runs the steps on both backends (concurrently) and fails with a readable diff when any observation differs. */
async function compareBackends(envs: Record<BackendName, TestClusters>, steps: readonly Step[], rules: Readonly<Record<string, string>> = {}): Promise<number> {
  const [real, emulated] = await Promise.all([record(envs.consul, steps, rules), record(envs.emulator, steps, rules)]);
  dumpObservations(`agent-endpoints-${steps.length}`, real, emulated);
  const reports = compareObservations(real, emulated);
  if (reports.length > 0) throw new Error(`${reports.length} of ${real.length} answers differ from real Consul:\n\n${reports.join('\n\n')}`);
  return real.length;
}

describe('agent, status, health, catalog and CA endpoints: the emulator answers like real Consul', () => {
  it('without ACLs: probes, service registration, a service exported over a peering, unknown routes', async () => {
    const envs = await startBothBackends(['dc1', 'dc2']);
    try {
      expect(await compareBackends(envs, PROBES)).toBe(PROBES.length);
    } finally {
      await Promise.all([envs.consul.stop(), envs.emulator.stop()]);
    }
  }, 90_000);

  it('with ACLs (default deny): which token sees what, and the denial texts', async () => {
    const envs = await startBothBackends(['dc1'], { acl: true });
    try {
      expect(await compareBackends(envs, ACL_PROBES, ACL_RULES)).toBe(ACL_PROBES.length);
    } finally {
      await Promise.all([envs.consul.stop(), envs.emulator.stop()]);
    }
  }, 90_000);
});

