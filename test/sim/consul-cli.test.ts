// The real `consul` CLI (1.22.7, the binary of the real-Consul harness) against a real pair of dev servers and
// against an emulated pair: the same command sequence on both, each command's exit code, stdout and stderr
// compared after normalising IDs, times, ports, PEMs and tokens. Peering, config entries (with check-and-set),
// `services export` (which merges into the exported-services entry with cas), exported and imported services,
// error cases, and, with ACLs on, the denials of tokens lacking a permission.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { consulBinaryPath } from '../harness/consul-binary';
import type { BackendName, TestClusters } from '../support/backends';
import { ACL_DENIALS, PEERING_FLOW, type CliResult, type CliStep, type Ref, type Scenario, type Vars } from './consul-cli-scenarios';
import {
  clusterFacts, compareObservations, createToken, dumpObservations, httpCall, OutputNormalizer, startBothBackends, waitFor,
  type ClusterFacts, type Observation,
} from './real-vs-emulator';

const CLI_TIMEOUT_MS = 40_000;

/** Runs `consul ARGS` with a clean environment (only PATH, HOME and the address/token variables). */
function runConsul(args: readonly string[], cwd: string, address: string, token: string | null): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: cwd, CONSUL_HTTP_ADDR: address };
  if (token !== null) env['CONSUL_HTTP_TOKEN'] = token;
  return new Promise((resolve, reject) => {
    const child = spawn(consulBinaryPath(), [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr: signal === null ? stderr : `${stderr}(killed by ${signal} after ${CLI_TIMEOUT_MS} ms)` });
    });
  });
}

const UNKNOWN_TOKEN = '5b2c0d7e-91a4-4c55-8f03-6a7e2d9b1c44';

/** Runs a scenario on one backend; returns its observations, normalised in step order. */
async function record(env: TestClusters, scenario: Scenario): Promise<Observation[]> {
  const facts = await Promise.all(env.clusters.map((cluster) => clusterFacts(cluster)));
  const [a, b] = facts as [ClusterFacts, ClusterFacts];
  const clusters: Record<Ref, ClusterFacts> = { a, b };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `consul-cli-${env.backend}-`));
  try {
    for (const [name, content] of Object.entries(scenario.files)) fs.writeFileSync(path.join(dir, name), content);
    const tokens = new Map<string, string>();
    const accessors = new Map<string, string>();
    for (const [name, rules] of Object.entries(scenario.tokens ?? {})) {
      for (const ref of ['a', 'b'] as const) {
        const created = await createToken(clusters[ref], `cli-${name}`, rules);
        tokens.set(`${name}@${ref}`, created.secretId);
        accessors.set(created.accessorId, `accessor:${name}@${ref}`);
      }
    }
    const vars: Vars = new Map([['grpcTlsA', String(a.grpcTlsPort)]]);
    const raw: { label: string; body: string | CliResult }[] = [];

    const runCli = async (step: CliStep): Promise<CliResult> => {
      const args = step.args.map((arg) => arg.replace(/\{(\w+)\}/g, (_whole, name: string) => vars.get(name) ?? `<missing ${name}>`));
      const tokenName = step.token ?? (scenario.acl ? 'management' : 'anonymous');
      const token = tokenName === 'management' ? clusters[step.cluster].token : tokenName === 'anonymous' ? null
        : tokenName === 'unknown' ? UNKNOWN_TOKEN : tokens.get(`${tokenName}@${step.cluster}`) ?? null;
      return runConsul(args, dir, clusters[step.cluster].hostPort, token);
    };
    const labelOf = (step: CliStep): string => `${step.cluster}${step.token === undefined ? '' : ` [${step.token}]`}: consul ${step.args.join(' ')}`;

    for (const step of scenario.steps) {
      if (step.kind === 'cli') {
        const result = await runCli(step);
        step.capture?.(result, vars);
        raw.push({ label: labelOf(step), body: result });
      } else if (step.kind === 'parallel') {
        const results = await Promise.all(step.steps.map((inner) => runCli(inner)));
        step.steps.forEach((inner, index) => raw.push({ label: labelOf(inner), body: results[index] as CliResult }));
      } else if (step.kind === 'wait') {
        const target = clusters[step.cluster];
        const reached = await waitFor(async () => step.until(await httpCall(target.address, 'GET', step.path, { token: target.token })));
        raw.push({ label: `${step.cluster}: wait until ${step.label}`, body: reached ? 'reached' : `never reached (${step.path})` });
      } else {
        const target = clusters[step.cluster];
        const reply = await httpCall(target.address, step.method, step.path, { token: target.token, body: JSON.stringify(step.body) });
        raw.push({ label: `${step.cluster}: ${step.label}`, body: `HTTP ${reply.status}` });
      }
    }

    const normalize = new OutputNormalizer(facts);
    for (const [accessor, name] of accessors) normalize.alias(accessor, name);
    const heartbeat = (text: string): string => text
      .replace(/^(Last Heartbeat:\s+).*$/m, '$1<nil or time: timing>')
      .replace(/("LastHeartbeat":\s?)(null|"[^"]*")/g, '$1"<null or time: timing>"');
    return raw.map(({ label, body }) => {
      if (typeof body === 'string') return { label, compared: `${label}\n${body}`, raw: body };
      const compared = [
        label, `exit ${String(body.code)}`,
        `--- stdout\n${heartbeat(normalize.cli(body.stdout))}`, `--- stderr\n${heartbeat(normalize.cli(body.stderr))}`,
      ].join('\n');
      return { label, compared, raw: `exit ${String(body.code)}\n--- stdout\n${body.stdout}\n--- stderr\n${body.stderr}` };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a scenario on both backends concurrently; fails with every difference, real Consul being right. */
async function compareBackends(envs: Record<BackendName, TestClusters>, scenario: Scenario): Promise<Observation[]> {
  const [real, emulated] = await Promise.all([record(envs.consul, scenario), record(envs.emulator, scenario)]);
  dumpObservations(scenario.acl ? 'cli-acl' : 'cli-flow', real, emulated);
  const reports = compareObservations(real, emulated);
  if (reports.length > 0) throw new Error(`${reports.length} of ${real.length} observations differ from real Consul:\n\n${reports.join('\n\n')}`);
  return real;
}

/** The exit codes of the commands of a recording, `label → code`, for the assertions below. */
function exitCodes(observations: readonly Observation[]): Record<string, string> {
  return Object.fromEntries(observations.filter((o) => o.raw.startsWith('exit ')).map((o) => [o.label, o.raw.slice(5, o.raw.indexOf('\n'))]));
}

describe('the real consul CLI against the emulator and against real Consul', () => {
  it('peering, config entries with cas, services export/exported/imported, error cases: same output and exit codes', async () => {
    const envs = await startBothBackends(['dc1', 'dc2']);
    try {
      const observations = await compareBackends(envs, PEERING_FLOW);
      const codes = exitCodes(observations);
      // The comparison is the test; these make the intent of a few steps explicit.
      expect(codes['b: consul peering establish -name dc1 -peering-token {token1}']).toBe('0');
      expect(codes['b: consul peering establish -name dc1-again -peering-token {token1}']).toBe('1');
      expect(codes['b: consul config write -cas -modify-index 1 intentions-deny.json']).toBe('1');
      expect(codes['a: consul peering delete -name nope']).toBe('0');
    } finally {
      await Promise.all([envs.consul.stop(), envs.emulator.stop()]);
    }
  }, 120_000);

  it('with ACLs on, tokens lacking a permission fail with the same messages and exit codes', async () => {
    const envs = await startBothBackends(['dc1', 'dc2'], { acl: true });
    try {
      const codes = exitCodes(await compareBackends(envs, ACL_DENIALS));
      expect(codes['a [svc]: consul peering generate-token -name dc2']).toBe('1');
      expect(codes['a [readonly]: consul peering list']).toBe('0');
    } finally {
      await Promise.all([envs.consul.stop(), envs.emulator.stop()]);
    }
  }, 120_000);
});
