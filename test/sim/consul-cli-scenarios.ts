// The command sequences of the `consul` CLI comparison (consul-cli.test.ts): each runs unchanged against a real
// pair of Consul dev servers and an emulated pair (`a` = dc1, the acceptor; `b` = dc2, the dialer).
import type { HttpReply } from './real-vs-emulator';

/** `a` = dc1 (the acceptor), `b` = dc2 (the dialer). */
export type Ref = 'a' | 'b';
/** Values captured from earlier commands (and `grpcTlsA`, dc1's peering port). */
export type Vars = Map<string, string>;

/** One `consul` command. `{name}` in an argument is replaced by a captured value (the recorded label keeps `{name}`). */
export interface CliStep {
  readonly kind: 'cli';
  readonly cluster: Ref;
  readonly args: readonly string[];
  /** `management` (default on ACL runs), `anonymous` (default otherwise), `unknown`, or a token created for the run. */
  readonly token?: string;
  readonly capture?: (result: CliResult, vars: Vars) => void;
}

/** A bounded wait on an HTTP condition (recorded: whether it was reached). */
export interface WaitStep {
  readonly kind: 'wait';
  readonly label: string;
  readonly cluster: Ref;
  readonly path: string;
  readonly until: (reply: HttpReply) => boolean;
}

/** Setup through HTTP with the management token (recorded: the status). */
export interface HttpStep {
  readonly kind: 'http';
  readonly label: string;
  readonly cluster: Ref;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** Commands run concurrently (real Consul answers a denied peering read only after ~12 s), recorded in order. */
export interface ParallelStep {
  readonly kind: 'parallel';
  readonly steps: readonly CliStep[];
}

/** One step of a scenario. */
export type Step = CliStep | WaitStep | HttpStep | ParallelStep;

/** What one `consul` command did. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A command sequence with the files and ACL tokens it needs. */
export interface Scenario {
  readonly acl: boolean;
  /** ACL tokens to create on both clusters: name → policy rules. */
  readonly tokens?: Readonly<Record<string, string>>;
  readonly files: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
}

const cli = (cluster: Ref, args: string, options: Partial<Omit<CliStep, 'kind' | 'cluster' | 'args'>> = {}): CliStep =>
  ({ kind: 'cli', cluster, args: args.split(' '), ...options });
const wait = (cluster: Ref, label: string, pathAndQuery: string, until: (reply: HttpReply) => boolean): WaitStep =>
  ({ kind: 'wait', cluster, label, path: pathAndQuery, until });
const http = (cluster: Ref, label: string, method: string, pathAndQuery: string, body: unknown): HttpStep =>
  ({ kind: 'http', cluster, label, method, path: pathAndQuery, body });

type PeeringJson = { State?: string; StreamStatus?: { ImportedServices: string[] | null; ExportedServices: string[] | null; LastSend: string | null; LastReceive: string | null } };
const peering = (reply: HttpReply): PeeringJson => (reply.status === 200 ? reply.json<PeeringJson>() : {});
const stamped = (value: string | null | undefined): boolean => typeof value === 'string' && !value.startsWith('0001-');
const activeAndStreaming = (reply: HttpReply): boolean => {
  const read = peering(reply);
  return read.State === 'ACTIVE' && stamped(read.StreamStatus?.LastSend) && stamped(read.StreamStatus?.LastReceive);
};
const nonEmptyList = (reply: HttpReply): boolean => reply.status === 200 && reply.json<unknown[]>().length > 0;
const captureStdout = (name: string) => (result: CliResult, vars: Vars): void => void vars.set(name, result.stdout.trim());
const captureModifyIndex = (name: string) => (result: CliResult, vars: Vars): void => {
  const match = /"ModifyIndex": (\d+)/.exec(result.stdout);
  if (match?.[1] !== undefined) vars.set(name, match[1]);
};

const FILES = {
  'intentions.hcl': 'Kind = "service-intentions"\nName = "web"\nSources = [\n  {\n    Name   = "frontend"\n    Peer   = "dc1"\n    Action = "allow"\n  }\n]\n',
  'intentions-deny.json': JSON.stringify({ Kind: 'service-intentions', Name: 'web', Sources: [{ Name: 'frontend', Peer: 'dc1', Action: 'deny' }, { Name: 'api', Action: 'allow' }] }),
  'bad-intentions.hcl': 'Kind = "service-intentions"\nName = "web"\nSources = [ { Name = "frontend", Peer = "dc1", Action = "maybe" } ]\n',
  'exports.hcl': 'Kind = "exported-services"\nName = "default"\nServices = [\n  {\n    Name      = "web"\n    Consumers = [ { Peer = "dc2" } ]\n  }\n]\n',
};

/** Peering, config entries with cas, services export/exported/imported, error cases (ACLs off). */
export const PEERING_FLOW: Scenario = {
  acl: false,
  files: FILES,
  steps: [
    http('a', 'register web', 'PUT', '/v1/agent/service/register', { Name: 'web', Port: 8080, Tags: ['v1'] }),
    http('a', 'register api', 'PUT', '/v1/agent/service/register', { Name: 'api', Port: 9090 }),
    wait('a', 'web and api are in the catalog', '/v1/catalog/services', (reply) => reply.status === 200 && 'api' in reply.json<object>() && 'web' in reply.json<object>()),
    cli('a', 'peering generate-token -name dc2 -server-external-addresses 127.0.0.1:{grpcTlsA}', { capture: captureStdout('token1') }),
    cli('b', 'peering establish -name dc1 -peering-token {token1}'),
    wait('b', 'dc1 is ACTIVE and streaming', '/v1/peering/dc1', activeAndStreaming),
    wait('a', 'dc2 is ACTIVE and streaming', '/v1/peering/dc2', activeAndStreaming),
    cli('a', 'peering generate-token -name dc2 -format json'),
    // One meta key only: the CLI prints meta in Go's random map order.
    cli('a', 'peering generate-token -name dc3 -meta env=test'),
    cli('a', 'peering list'),
    cli('b', 'peering list'),
    cli('b', 'peering list -format json'),
    cli('b', 'peering read -name dc1'),
    cli('a', 'peering read -name dc2 -format json'),
    cli('a', 'peering read -name dc3'),
    cli('a', 'services export -name web -consumer-peers dc2'),
    wait('b', 'dc1 sends web', '/v1/peering/dc1', (reply) => (peering(reply).StreamStatus?.ImportedServices ?? []).includes('web')),
    wait('a', 'dc2 reports web exported', '/v1/peering/dc2', (reply) => (peering(reply).StreamStatus?.ExportedServices ?? []).includes('web')),
    wait('b', 'web from dc1 is in the health API', '/v1/health/service/web?peer=dc1', nonEmptyList),
    cli('a', 'services exported-services'),
    cli('a', 'services exported-services -format json'),
    cli('a', 'peering exported-services -name dc2'),
    cli('a', 'peering exported-services -name dc2 -format json'),
    // The catalog commands after an export (`catalog services` has no -peer flag in 1.22.7).
    cli('a', 'catalog services'),
    cli('a', 'catalog services -tags'),
    cli('b', 'catalog services'),
    cli('a', 'catalog nodes -service web'),
    cli('b', 'catalog nodes -service web'),
    cli('b', 'peering read -name dc1'),
    cli('b', 'peering list'),
    cli('a', 'services export -name api -consumer-peers dc2,dc3'),
    wait('a', 'dc2 reports api and web exported', '/v1/peering/dc2', (reply) => (peering(reply).StreamStatus?.ExportedServices ?? []).join() === 'api,web'),
    wait('b', 'dc1 sends api and web', '/v1/peering/dc1', (reply) => (peering(reply).StreamStatus?.ImportedServices ?? []).join() === 'api,web'),
    cli('a', 'peering exported-services -name dc2'),
    cli('a', 'peering exported-services -name dc3'),
    cli('a', 'services exported-services'),
    cli('b', 'peering read -name dc1'),
    cli('a', 'config read -kind exported-services -name default', { capture: captureModifyIndex('exportsIndex') }),
    cli('b', 'services imported-services'),
    cli('b', 'config write intentions.hcl'),
    cli('b', 'services imported-services'),
    cli('b', 'services imported-services -format json'),
    cli('b', 'config read -kind service-intentions -name web', { capture: captureModifyIndex('intentionsIndex') }),
    cli('b', 'config list -kind service-intentions'),
    cli('b', 'config write -cas -modify-index 1 intentions-deny.json'),
    cli('b', 'config write -cas -modify-index {intentionsIndex} intentions-deny.json'),
    cli('b', 'config delete -kind service-intentions -name web -cas -modify-index {intentionsIndex}'),
    cli('b', 'config read -kind service-intentions -name web', { capture: captureModifyIndex('intentionsIndex2') }),
    cli('b', 'config delete -kind service-intentions -name web -cas -modify-index {intentionsIndex2}'),
    cli('b', 'config list -kind service-intentions'),
    cli('a', 'config write -cas -modify-index {exportsIndex} exports.hcl'),
    cli('a', 'config read -kind exported-services -name default'),
    cli('a', 'config list -kind exported-services'),
    cli('a', 'config delete -kind exported-services -name default -cas -modify-index {exportsIndex}'),
    cli('a', 'config delete -kind exported-services -name default'),
    cli('a', 'services exported-services'),
    wait('a', 'dc2 reports nothing exported', '/v1/peering/dc2', (reply) => (peering(reply).StreamStatus?.ExportedServices ?? []).length === 0),
    cli('a', 'peering exported-services -name dc2'),
    // Error cases.
    cli('a', 'peering generate-token -name Bad_Name'),
    cli('a', 'peering generate-token'),
    cli('b', 'peering establish -name dc1-again -peering-token {token1}'),
    cli('b', 'peering establish -name dc9 -peering-token garbage'),
    cli('b', 'peering establish -name dc9'),
    cli('a', 'peering read -name nope'),
    cli('a', 'peering exported-services -name nope'),
    cli('a', 'peering delete -name nope'),
    cli('a', 'peering list -format yaml'),
    cli('a', 'config read -kind service-intentions -name nope'),
    cli('a', 'config list -kind bogus'),
    cli('a', 'config write bad-intentions.hcl'),
    cli('a', 'config write missing.hcl'),
    cli('a', 'config delete -kind service-intentions -name web -cas'),
    cli('a', 'services export -name web'),
    cli('a', 'services export -name web -consumer-peers dc2 -namespace ns1'),
    // Deleting the dialer's side terminates the acceptor's.
    cli('b', 'peering delete -name dc1'),
    wait('a', 'dc2 is TERMINATED', '/v1/peering/dc2', (reply) => peering(reply).State === 'TERMINATED'),
    wait('b', 'dc1 is gone', '/v1/peering/dc1', (reply) => reply.status === 404),
    cli('a', 'peering list'),
    cli('b', 'peering list'),
    cli('b', 'peering read -name dc1'),
    cli('a', 'peering delete -name dc2'),
    cli('a', 'peering delete -name dc3'),
    cli('b', 'peering delete -name dc1-again'),
    wait('a', 'dc2 is gone', '/v1/peering/dc2', (reply) => reply.status === 404),
    wait('a', 'dc3 is gone', '/v1/peering/dc3', (reply) => reply.status === 404),
    wait('b', 'dc1-again is gone', '/v1/peering/dc1-again', (reply) => reply.status === 404),
    cli('a', 'peering list'),
    cli('b', 'peering list -format json'),
  ],
};

const ACL_RULES = {
  // Can read services, nothing about peerings, mesh or intentions.
  svc: 'service_prefix "" { policy = "read" }',
  // Can read peerings and the mesh, but not write them.
  readonly: 'mesh = "read"\npeering = "read"',
};

/** With ACLs on: tokens lacking a permission, on every command above. */
export const ACL_DENIALS: Scenario = {
  acl: true,
  tokens: ACL_RULES,
  files: FILES,
  steps: [
    cli('a', 'peering generate-token -name dc2', { capture: captureStdout('token') }),
    cli('a', 'peering generate-token -name dc2', { token: 'svc' }),
    cli('a', 'peering generate-token -name dc2', { token: 'readonly' }),
    cli('a', 'peering generate-token -name dc2', { token: 'anonymous' }),
    cli('a', 'peering generate-token -name dc2', { token: 'unknown' }),
    cli('b', 'peering establish -name dc1 -peering-token {token}', { token: 'svc' }),
    cli('a', 'peering delete -name dc2', { token: 'svc' }),
    cli('a', 'peering delete -name dc2', { token: 'readonly' }),
    cli('a', 'peering list', { token: 'readonly' }),
    cli('a', 'peering read -name dc2', { token: 'readonly' }),
    cli('a', 'config write intentions.hcl', { token: 'svc' }),
    cli('a', 'config write exports.hcl', { token: 'readonly' }),
    cli('a', 'config write intentions.hcl'),
    cli('a', 'config read -kind service-intentions -name web', { token: 'readonly' }),
    cli('a', 'config read -kind exported-services -name default', { token: 'svc' }),
    cli('a', 'config read -kind exported-services -name default', { token: 'unknown' }),
    cli('a', 'config list -kind service-intentions', { token: 'readonly' }),
    cli('a', 'config list -kind service-intentions', { token: 'anonymous' }),
    cli('a', 'config delete -kind service-intentions -name web', { token: 'svc' }),
    cli('a', 'services export -name web -consumer-peers dc2', { token: 'svc' }),
    cli('a', 'services export -name web -consumer-peers dc2', { token: 'readonly' }),
    cli('a', 'services export -name web -consumer-peers dc2'),
    cli('a', 'services exported-services', { token: 'svc' }),
    cli('a', 'services exported-services', { token: 'readonly' }),
    cli('a', 'services exported-services', { token: 'anonymous' }),
    cli('b', 'services imported-services', { token: 'svc' }),
    cli('a', 'services imported-services', { token: 'readonly' }),
    cli('b', 'services imported-services', { token: 'unknown' }),
    // A denied peering read answers only after ~12 s on real Consul: these run together.
    {
      kind: 'parallel',
      steps: [
        cli('a', 'peering list', { token: 'svc' }),
        cli('a', 'peering read -name dc2', { token: 'svc' }),
        cli('a', 'peering exported-services -name dc2', { token: 'svc' }),
        cli('a', 'peering list', { token: 'anonymous' }),
        cli('a', 'peering read -name dc2', { token: 'unknown' }),
      ],
    },
  ],
};

