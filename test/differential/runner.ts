// Scenario model and runner of the differential suite: a scenario is a list of HTTP exchanges (and
// a few control steps) sent to a pair of clusters `a` (dc1) and `b` (dc2); every exchange is
// recorded with its volatile parts normalised, so that the recordings of two backends can be
// compared exchange by exchange (see differential.test.ts). Real Consul is the reference.
import { randomInt, randomUUID } from 'node:crypto';
import type { TestClusters } from '../support/backends';
import { isJson, Normalizer } from './normalize';

/** `a` = the first cluster (dc1, usually the acceptor), `b` = the second (dc2, usually the dialer). */
export type ClusterRef = 'a' | 'b';

/** Values captured from earlier responses (and `sfx`, the run's random name suffix). */
export type Vars = Readonly<Record<string, string>>;

/** A response as predicates, captures and facts see it (raw, not normalised). */
export interface Reply {
  readonly status: number;
  readonly contentType: string | null;
  /** `X-Consul-Index`, or null when absent. */
  readonly index: string | null;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: unknown;
  readonly elapsedMs: number;
}

/** Repeat a request until `done` holds (or the deadline passes); only the final exchange is recorded. */
export interface Poll {
  /** The target, as recorded and compared (e.g. `State=ACTIVE`). */
  readonly until: string;
  readonly done: (reply: Reply, vars: Vars) => boolean;
  /** Default 20 s. */
  readonly timeoutMs?: number;
  /** Default 100 ms. */
  readonly intervalMs?: number;
}

/** A JSON body template: strings may contain `{var}` references. */
export type BodyTemplate = string | number | boolean | null | readonly BodyTemplate[] | { readonly [key: string]: BodyTemplate };

/** One HTTP exchange. */
export interface RequestStep {
  readonly kind?: 'request';
  readonly label: string;
  readonly cluster: ClusterRef;
  readonly method: string;
  /** Path and query; `{var}` references are filled in (the recorded path keeps them, except `{sfx}` → X). */
  readonly path: string;
  /** JSON body (a template, or a function of the captured values). */
  readonly body?: BodyTemplate | ((vars: Vars) => unknown);
  /** Body sent as is (for malformed JSON); `{var}` references are filled in. */
  readonly rawBody?: string;
  /** Extra request headers; `{var}` references in values are filled in. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * ACL token by name: `management` (the cluster's; the default on ACL scenarios), `anonymous` (no
   * token; the default otherwise), `unknown` (a random secret), or the name of a scenario token.
   */
  readonly token?: string;
  /** Values to remember for later steps. */
  readonly capture?: (reply: Reply, vars: Vars) => Record<string, string>;
  /** Derived observations recorded and compared with the exchange (e.g. "same index as before"). */
  readonly facts?: (reply: Reply, vars: Vars) => Record<string, unknown>;
  /**
   * Record this instead of the body (for a read whose full body is legitimately timing-dependent,
   * e.g. right after establish, where ESTABLISHING and ACTIVE are both correct).
   */
  readonly view?: (reply: Reply, vars: Vars) => unknown;
  readonly poll?: Poll;
  /** Request timeout, default 30 s. */
  readonly timeoutMs?: number;
}

/** Kills one cluster (not an exchange). */
export interface StopClusterStep {
  readonly kind: 'stopCluster';
  readonly cluster: ClusterRef;
}

/** Loses one cluster and brings it back empty at the same addresses (not an exchange): TestClusters.rebuildCluster. */
export interface RebuildClusterStep {
  readonly kind: 'rebuildCluster';
  readonly cluster: ClusterRef;
}

/** Waits (not an exchange). */
export interface SleepStep {
  readonly kind: 'sleep';
  readonly ms: number;
}

export type Step = RequestStep | StopClusterStep | RebuildClusterStep | SleepStep;

/** An ACL token the scenario needs, created through the backend's HTTP ACL API before the steps run. */
export interface AclTokenSpec {
  readonly name: string;
  /** HCL policy rules; `{sfx}` is filled in. */
  readonly rules: string;
  /** Clusters to create it on (default both). */
  readonly clusters?: readonly ClusterRef[];
}

export interface Scenario {
  readonly name: string;
  /** Start the clusters with ACLs on (default deny). */
  readonly acl?: boolean;
  readonly tokens?: readonly AclTokenSpec[];
  readonly steps: readonly Step[];
  /** Upper bound for one run of the scenario (the test budget is twice this plus start-up). */
  readonly budgetMs?: number;
}

/** One recorded exchange, normalised: what is compared between backends. */
export interface Exchange {
  readonly step: number;
  readonly label: string;
  readonly cluster: ClusterRef;
  readonly method: string;
  readonly path: string;
  /** 0 when no response came back (see `error`). */
  readonly status: number;
  readonly contentType: string | null;
  /** Whether `X-Consul-Index` was present. */
  readonly index: boolean;
  /** The `Allow` header (405 and OPTIONS answers), else null. */
  readonly allow: string | null;
  readonly body: string;
  readonly poll?: { readonly until: string; readonly reached: boolean };
  readonly facts?: string;
  readonly error?: string;
  /** Not compared: for reports and dumps only. The body as received (not normalised). */
  readonly receivedBody: string;
  readonly attempts: number;
  readonly elapsedMs: number;
}

export interface ScenarioRun {
  readonly scenario: string;
  readonly backend: string;
  readonly exchanges: readonly Exchange[];
  /** Things that went wrong in the run itself (poll deadline, missing capture): fatal on the reference. */
  readonly problems: readonly string[];
  readonly durationMs: number;
}

export interface RunOptions {
  /** The run's name suffix (default: 6 random letters g–z, never hex so never inside a UUID). */
  readonly suffix?: string;
  /** Receives one line per exchange (for DIFF_TRACE). */
  readonly trace?: (line: string) => void;
}

// ---------------------------------------------------------------------------------------------
// Helpers for writing scenarios.

/** A request step. */
export function req(
  label: string,
  cluster: ClusterRef,
  method: string,
  path: string,
  options: Omit<RequestStep, 'label' | 'cluster' | 'method' | 'path' | 'kind'> = {},
): RequestStep {
  return { label, cluster, method, path, ...options };
}

export function stopCluster(cluster: ClusterRef): StopClusterStep {
  return { kind: 'stopCluster', cluster };
}

export function rebuildCluster(cluster: ClusterRef): RebuildClusterStep {
  return { kind: 'rebuildCluster', cluster };
}

export function sleep(ms: number): SleepStep {
  return { kind: 'sleep', ms };
}

/** A top-level key of a JSON object reply (undefined for anything else). */
export function field(json: unknown, key: string): unknown {
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>)[key] : undefined;
}

/** Poll until the peering read answers 200 with one of `states`. */
export function untilState(states: readonly string[] | string, timeoutMs = 20_000): Poll {
  const wanted = typeof states === 'string' ? [states] : states;
  return {
    until: `State=${wanted.join('|')}`,
    done: (reply) => reply.status === 200 && wanted.includes(String(field(reply.json, 'State'))),
    timeoutMs,
  };
}

/**
 * Poll until the peering read answers 200 with State ACTIVE and a stream that has both sent and
 * received (real Consul shows ACTIVE for a moment with zero-time LastSend/LastReceive right after
 * the stream opens; which of the two a single read catches is timing, not behaviour).
 */
export function untilActive(timeoutMs = 20_000): Poll {
  const stamped = (value: unknown): boolean => typeof value === 'string' && value !== '0001-01-01T00:00:00Z';
  return {
    until: 'State=ACTIVE with LastSend and LastReceive set',
    done: (reply) => {
      const stream = field(reply.json, 'StreamStatus');
      return reply.status === 200 && field(reply.json, 'State') === 'ACTIVE' && stamped(field(stream, 'LastSend')) && stamped(field(stream, 'LastReceive'));
    },
    timeoutMs,
  };
}

/** Poll until the answer has status `status`. */
export function untilStatus(status: number, timeoutMs = 20_000): Poll {
  return { until: `status=${status}`, done: (reply) => reply.status === status, timeoutMs };
}

/** The value of a top-level string or number field of a JSON reply (throws when absent). */
export function jsonField(reply: Reply, key: string): string {
  const value = field(reply.json, key);
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new Error(`reply has no ${key} (status ${reply.status}: ${reply.text.slice(0, 200)})`);
}

/** The decoded JSON content of a peering token. */
export function decodePeeringToken(token: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('peering token is not a JSON object');
  return parsed as Record<string, unknown>;
}

/** A base64 peering token re-encoded after `edit` changed its decoded JSON. */
export function editPeeringToken(token: string, edit: (content: Record<string, unknown>) => void): string {
  const content = decodePeeringToken(token);
  edit(content);
  return Buffer.from(JSON.stringify(content), 'utf8').toString('base64');
}

// ---------------------------------------------------------------------------------------------
// Running.

class MissingVar extends Error {}

function interpolate(template: string, vars: Vars): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new MissingVar(`missing captured value "${name}"`);
    return value;
  });
}

function interpolateBody(template: BodyTemplate, vars: Vars): unknown {
  if (typeof template === 'string') return interpolate(template, vars);
  if (Array.isArray(template)) return template.map((item: BodyTemplate) => interpolateBody(item, vars));
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template as { readonly [key: string]: BodyTemplate })) out[key] = interpolateBody(value, vars);
    return out;
  }
  return template;
}

/** The recorded form of a path template: `{sfx}` → X, other references kept as written. */
function recordedPath(template: string): string {
  return template.replace(/\{sfx\}/g, 'X');
}

function randomSuffix(): string {
  const letters = 'ghijklmnopqrstuvwxyz';
  let out = '';
  for (let i = 0; i < 6; i++) out += letters[randomInt(letters.length)];
  return out;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Target {
  readonly datacenter: string;
  readonly address: string;
  readonly managementToken: string | null;
}

/** Sends one request; network failures come back as status 0 with `error` set. */
async function send(
  target: Target,
  method: string,
  path: string,
  body: string | undefined,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Reply & { error?: string }> {
  const started = Date.now();
  const init: RequestInit = { method, headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' };
  if (body !== undefined) init.body = body;
  try {
    const response = await fetch(`${target.address}${path}`, init);
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      index: response.headers.get('x-consul-index'),
      headers: response.headers,
      text,
      json: isJson(text) ? (JSON.parse(text) as unknown) : undefined,
      elapsedMs: Date.now() - started,
    };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    const message = error instanceof Error ? `${error.name}${cause}` : String(error);
    return {
      status: 0, contentType: null, index: null, headers: new Headers(), text: '', json: undefined,
      elapsedMs: Date.now() - started, error: `request failed (${message.includes('Timeout') ? 'timeout' : 'connection failed'})`,
    };
  }
}

/** Creates the scenario's ACL tokens through the HTTP ACL API (policy, then token) with the management token. */
async function createTokens(
  scenario: Scenario,
  targets: Readonly<Record<ClusterRef, Target>>,
  normalizer: Normalizer,
  vars: Vars,
): Promise<Map<string, string>> {
  const secrets = new Map<string, string>();
  for (const spec of scenario.tokens ?? []) {
    for (const cluster of spec.clusters ?? (['a', 'b'] as const)) {
      const target = targets[cluster];
      if (target.managementToken === null) throw new Error(`scenario ${scenario.name} needs ACL tokens but cluster ${cluster} has no management token`);
      const headers = { 'X-Consul-Token': target.managementToken, 'Content-Type': 'application/json' };
      // Fresh clusters per run, so a fixed policy name is unique and recordings stay comparable.
      const policyBody = JSON.stringify({ Name: `diff-${spec.name}`, Description: `differential ${spec.name}`, Rules: interpolate(spec.rules, vars) });
      const policy = await send(target, 'PUT', '/v1/acl/policy', policyBody, headers, 15_000);
      const policyId = field(policy.json, 'ID');
      if (policy.status !== 200 || typeof policyId !== 'string') {
        throw new Error(`creating policy ${spec.name} on ${cluster}: ${policy.status} ${policy.error ?? policy.text}`);
      }
      const tokenBody = JSON.stringify({ Description: `differential ${spec.name}`, Policies: [{ ID: policyId }] });
      const token = await send(target, 'PUT', '/v1/acl/token', tokenBody, headers, 15_000);
      const secret = field(token.json, 'SecretID');
      const accessor = field(token.json, 'AccessorID');
      if (token.status !== 200 || typeof secret !== 'string' || typeof accessor !== 'string') {
        throw new Error(`creating token ${spec.name} on ${cluster}: ${token.status} ${token.error ?? token.text}`);
      }
      secrets.set(`${spec.name}@${cluster}`, secret);
      normalizer.alias(accessor, `accessor:${spec.name}@${cluster}`);
    }
  }
  return secrets;
}

/** Registers each cluster's node name (chosen per start on real Consul) as `<node:a>` / `<node:b>`. */
async function nameNodes(targets: Readonly<Record<ClusterRef, Target>>, normalizer: Normalizer): Promise<void> {
  for (const cluster of ['a', 'b'] as const) {
    const target = targets[cluster];
    const headers: Record<string, string> = target.managementToken === null ? {} : { 'X-Consul-Token': target.managementToken };
    const self = await send(target, 'GET', '/v1/agent/self', undefined, headers, 15_000);
    const nodeName = field(field(self.json, 'Config'), 'NodeName');
    if (self.status !== 200 || typeof nodeName !== 'string') throw new Error(`reading the node name of cluster ${cluster}: ${self.status} ${self.error ?? self.text.slice(0, 200)}`);
    normalizer.literal(nodeName, `<node:${cluster}>`);
  }
}

/** Runs a scenario against two running clusters (`env.clusters[0]` = a, `[1]` = b) and records every exchange. */
export async function runScenario(scenario: Scenario, env: TestClusters, options: RunOptions = {}): Promise<ScenarioRun> {
  const started = Date.now();
  const [first, second] = env.clusters;
  if (!first || !second) throw new Error(`scenario ${scenario.name} needs two clusters, got ${env.clusters.length}`);
  const targets: Record<ClusterRef, Target> = {
    a: { datacenter: first.datacenter, address: first.address, managementToken: first.token },
    b: { datacenter: second.datacenter, address: second.address, managementToken: second.token },
  };
  const suffix = options.suffix ?? randomSuffix();
  const normalizer = new Normalizer({ suffixes: [suffix] });
  const vars: Record<string, string> = { sfx: suffix };
  await nameNodes(targets, normalizer);
  const secrets = await createTokens(scenario, targets, normalizer, vars);
  const exchanges: Exchange[] = [];
  const problems: string[] = [];
  const unknownToken = randomUUID();

  for (const [position, step] of scenario.steps.entries()) {
    const number = position + 1;
    if (step.kind === 'stopCluster') {
      await env.stopCluster(targets[step.cluster].datacenter);
      options.trace?.(`#${number} stop cluster ${step.cluster}`);
      continue;
    }
    if (step.kind === 'rebuildCluster') {
      await env.rebuildCluster(targets[step.cluster].datacenter);
      options.trace?.(`#${number} rebuild cluster ${step.cluster}`);
      continue;
    }
    if (step.kind === 'sleep') {
      await delay(step.ms);
      continue;
    }
    const base = { step: number, label: step.label, cluster: step.cluster, method: step.method, path: recordedPath(step.path) };
    const target = targets[step.cluster];

    // The request, with captured values filled in.
    let path: string;
    let body: string | undefined;
    const headers: Record<string, string> = {};
    try {
      path = interpolate(step.path, vars);
      if (step.rawBody !== undefined) body = interpolate(step.rawBody, vars);
      else if (typeof step.body === 'function') body = JSON.stringify(step.body(vars));
      else if (step.body !== undefined) body = JSON.stringify(interpolateBody(step.body, vars));
      for (const [name, value] of Object.entries(step.headers ?? {})) headers[name] = interpolate(value, vars);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      problems.push(`step ${number} "${step.label}": ${message}`);
      exchanges.push({ ...base, status: 0, contentType: null, index: false, allow: null, body: '', error: `not sent: ${message}`, receivedBody: '', attempts: 0, elapsedMs: 0 });
      continue;
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const tokenName = step.token ?? (scenario.acl ? 'management' : 'anonymous');
    if (tokenName === 'management') {
      if (target.managementToken !== null) headers['X-Consul-Token'] = target.managementToken;
    } else if (tokenName === 'unknown') {
      headers['X-Consul-Token'] = unknownToken;
    } else if (tokenName !== 'anonymous') {
      const secret = secrets.get(`${tokenName}@${step.cluster}`);
      if (secret === undefined) throw new Error(`scenario ${scenario.name} step ${number}: no token "${tokenName}" on cluster ${step.cluster}`);
      headers['X-Consul-Token'] = secret;
    }

    // Send it (repeatedly for a poll).
    let reply = await send(target, step.method, path, body, headers, step.timeoutMs ?? 30_000);
    let attempts = 1;
    let reached: boolean | undefined;
    if (step.poll) {
      const deadline = Date.now() + (step.poll.timeoutMs ?? 20_000);
      const interval = step.poll.intervalMs ?? 100;
      for (;;) {
        reached = reply.error === undefined && step.poll.done(reply, vars);
        if (reached || Date.now() + interval > deadline) break;
        await delay(interval);
        reply = await send(target, step.method, path, body, headers, step.timeoutMs ?? 30_000);
        attempts++;
      }
      if (!reached) problems.push(`step ${number} "${step.label}": never reached ${step.poll.until} (last: ${reply.status} ${reply.error ?? reply.text.slice(0, 300)})`);
    }

    // Record it, then capture.
    const exchange: { -readonly [K in keyof Exchange]: Exchange[K] } = {
      ...base,
      status: reply.status,
      contentType: reply.contentType,
      index: reply.index !== null,
      allow: reply.headers.get('allow'),
      body: step.view ? '' : normalizer.body(reply.text, reply.contentType),
      receivedBody: reply.text,
      attempts,
      elapsedMs: reply.elapsedMs,
    };
    if (step.poll) exchange.poll = { until: step.poll.until, reached: reached === true };
    if (reply.error !== undefined) exchange.error = reply.error;
    try {
      if (step.view) exchange.body = `(view) ${normalizer.text(JSON.stringify(step.view(reply, vars)))}`;
      if (step.facts) exchange.facts = normalizer.text(JSON.stringify(step.facts(reply, vars)));
      if (step.capture) Object.assign(vars, step.capture(reply, vars));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      problems.push(`step ${number} "${step.label}": view/facts/capture failed: ${message}`);
      exchange.error = `view/facts/capture failed: ${normalizer.text(message)}`;
    }
    exchanges.push(exchange);
    options.trace?.(
      `#${number} ${step.cluster} ${step.method} ${base.path} -> ${exchange.status} ${exchange.contentType ?? '-'} ` +
        `(${reply.elapsedMs} ms${attempts > 1 ? `, ${attempts} attempts` : ''})${exchange.error ? ` ${exchange.error}` : ''}`,
    );
  }
  return { scenario: scenario.name, backend: env.backend, exchanges, problems, durationMs: Date.now() - started };
}

// ---------------------------------------------------------------------------------------------
// Comparing.

/** The compared fields, in report order. */
const COMPARED: ReadonlyArray<keyof Exchange> = ['label', 'cluster', 'method', 'path', 'status', 'contentType', 'index', 'allow', 'poll', 'facts', 'error', 'body'];

export interface Mismatch {
  readonly position: number;
  readonly fields: ReadonlyArray<keyof Exchange | '(missing exchange)'>;
  readonly reference: Exchange | undefined;
  readonly candidate: Exchange | undefined;
}

/** Compares two runs exchange by exchange; empty when they agree. */
export function compareRuns(reference: ScenarioRun, candidate: ScenarioRun): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const length = Math.max(reference.exchanges.length, candidate.exchanges.length);
  for (let position = 0; position < length; position++) {
    const ref = reference.exchanges[position];
    const cand = candidate.exchanges[position];
    if (!ref || !cand) {
      mismatches.push({ position, fields: ['(missing exchange)'], reference: ref, candidate: cand });
      continue;
    }
    const fields = COMPARED.filter((key) => JSON.stringify(ref[key] ?? null) !== JSON.stringify(cand[key] ?? null));
    if (fields.length > 0) mismatches.push({ position, fields, reference: ref, candidate: cand });
  }
  return mismatches;
}

/**
 * A line diff (longest common subsequence): `  ` same, `- ` reference only, `+ ` candidate only.
 * Unchanged runs longer than 2 × `context` lines are cut down to `context` lines around changes.
 */
export function lineDiff(reference: string, candidate: string, context = 3): string[] {
  const a = reference.split('\n');
  const b = candidate.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] = a[i] === b[j] ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const full: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      full.push(`  ${a[i] ?? ''}`);
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || (lcs[i]?.[j + 1] ?? 0) >= (lcs[i + 1]?.[j] ?? 0))) {
      full.push(`+ ${b[j] ?? ''}`);
      j++;
    } else {
      full.push(`- ${a[i] ?? ''}`);
      i++;
    }
  }
  const changed = full.map((line) => !line.startsWith('  '));
  const near = (k: number): boolean => changed.slice(Math.max(0, k - context), k + context + 1).some(Boolean);
  const out: string[] = [];
  for (const [k, line] of full.entries()) {
    if (near(k)) out.push(line);
    else if (out[out.length - 1] !== '  …') out.push('  …');
  }
  return out;
}

function indent(text: string, prefix = '      '): string {
  return text.split('\n').map((line) => `${prefix}${line}`).join('\n');
}

function describeExchange(exchange: Exchange): string {
  return `${exchange.cluster} ${exchange.method} ${exchange.path}`;
}

function show(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

/** A readable report of the mismatches of one scenario. */
export function formatMismatches(reference: ScenarioRun, candidate: ScenarioRun, mismatches: readonly Mismatch[]): string {
  const lines = [
    `scenario "${reference.scenario}": ${mismatches.length} of ${reference.exchanges.length} exchanges differ ` +
      `(reference ${reference.backend}, candidate ${candidate.backend})`,
  ];
  for (const mismatch of mismatches) {
    const ref = mismatch.reference;
    const cand = mismatch.candidate;
    const any = ref ?? cand;
    lines.push('', `#${mismatch.position + 1} step ${any?.step ?? '?'} "${any?.label ?? '?'}" (${any ? describeExchange(any) : '?'})`);
    if (!ref || !cand) {
      lines.push(`  only the ${ref ? 'reference' : 'candidate'} has this exchange`);
      continue;
    }
    for (const key of mismatch.fields) {
      if (key === 'body' || key === '(missing exchange)') continue;
      lines.push(`  ${key}: reference ${show(ref[key])}, candidate ${show(cand[key])}`);
    }
    lines.push(`  reference: ${ref.status} ${ref.contentType ?? '-'}${ref.error ? ` (${ref.error})` : ''}`);
    lines.push(indent(ref.body === '' ? '(empty body)' : ref.body));
    lines.push(`  candidate: ${cand.status} ${cand.contentType ?? '-'}${cand.error ? ` (${cand.error})` : ''}`);
    lines.push(indent(cand.body === '' ? '(empty body)' : cand.body));
    if (mismatch.fields.includes('body')) {
      lines.push('  body diff (- reference, + candidate):');
      lines.push(indent(lineDiff(ref.body, cand.body).join('\n'), '    '));
    }
  }
  return lines.join('\n');
}
