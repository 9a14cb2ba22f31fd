// Differential suite: every scenario runs against a fresh pair of real Consul dev servers (the
// reference: real Consul is right) and a fresh pair of candidate clusters (DIFF_CANDIDATE, default
// `emulator`; `consul` runs real against real, which proves the normalisation stable), then the
// normalised exchanges are compared one by one: status, content type, X-Consul-Index presence,
// Allow header, poll target, facts and body byte for byte.
//
// Environment:
//   DIFF_CANDIDATE=emulator|consul   the backend held to real Consul (default emulator)
//   DIFF_SCENARIOS=a,b               only the scenarios whose name contains one of these
//   DIFF_TRACE=1                     print every exchange as it happens
//   DIFF_DUMP_DIR=/tmp/diff          write both recordings of every scenario there (JSON)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startClusters, type BackendName, type TestClusters } from '../support/backends';
import { compareRuns, formatMismatches, runScenario, type Scenario, type ScenarioRun } from './runner';
import { scenarios } from './scenarios';

const REFERENCE: BackendName = 'consul';
const MIN_EXCHANGES = 40;
const START_BUDGET_MS = 60_000;

function candidateBackend(raw: string | undefined): BackendName {
  const value = (raw ?? 'emulator').trim() || 'emulator';
  if (value !== 'consul' && value !== 'emulator') throw new Error(`DIFF_CANDIDATE must be emulator or consul, got "${value}"`);
  return value;
}

const candidate = candidateBackend(process.env['DIFF_CANDIDATE']);
const filters = (process.env['DIFF_SCENARIOS'] ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '');
const selected = filters.length === 0 ? scenarios : scenarios.filter((scenario) => filters.some((part) => scenario.name.includes(part)));
const trace = process.env['DIFF_TRACE'] === '1' ? (line: string): void => void process.stdout.write(`  ${line}\n`) : undefined;
const dumpDir = process.env['DIFF_DUMP_DIR'];

const live = new Set<TestClusters>();

/** Starts a fresh pair on `backend`, runs the scenario, stops the pair (also on failure). */
async function runOnce(backend: BackendName, scenario: Scenario): Promise<{ run: ScenarioRun; logTail: string }> {
  const env = await startClusters(backend, ['dc1', 'dc2'], { acl: scenario.acl ?? false });
  live.add(env);
  trace?.(`--- ${scenario.name} on ${backend}`);
  try {
    const run = await runScenario(scenario, env, trace ? { trace } : {});
    return { run, logTail: run.problems.length > 0 ? env.logTail() : '' };
  } catch (error) {
    if (error instanceof Error) error.message += `\n--- ${backend} logs ---\n${env.logTail()}`;
    throw error;
  } finally {
    live.delete(env);
    await env.stop();
  }
}

/**
 * Real Consul has races of its own (e.g. an acceptor-side delete occasionally leaves the dialer
 * FAILING instead of TERMINATED, when the Terminated message loses against the stream teardown): a
 * run on real Consul whose poll missed its target is repeated on fresh servers, up to
 * CONSUL_ATTEMPTS times. The emulator is expected to be deterministic and gets one run.
 */
const CONSUL_ATTEMPTS = 3;
async function runOn(backend: BackendName, scenario: Scenario): Promise<{ run: ScenarioRun; logTail: string }> {
  for (let attempt = 1; ; attempt++) {
    const result = await runOnce(backend, scenario);
    if (result.run.problems.length === 0 || backend !== 'consul' || attempt >= CONSUL_ATTEMPTS) return result;
    process.stdout.write(
      `differential: "${scenario.name}" on real Consul, attempt ${attempt} missed: ${result.run.problems.join('; ').slice(0, 300)}; running it again\n`,
    );
  }
}

function dump(scenario: Scenario, reference: ScenarioRun, other: ScenarioRun | null): void {
  if (!dumpDir) return;
  fs.mkdirSync(dumpDir, { recursive: true });
  const file = path.join(dumpDir, `${scenario.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}.json`);
  fs.writeFileSync(file, JSON.stringify({ reference, candidate: other }, null, 2));
}

describe(`[differential] real Consul vs ${candidate}`, () => {
  let compared = 0;
  let identical = 0;
  let candidateUnavailable: Error | null = null;

  beforeAll(async () => {
    if (candidate === REFERENCE) return;
    // Fail every scenario at once (rather than after its reference run) when the candidate cannot start.
    try {
      const probe = await startClusters(candidate, ['dc1', 'dc2']);
      await probe.stop();
    } catch (error) {
      candidateUnavailable = new Error(
        `DIFF_CANDIDATE=${candidate} cannot start (${error instanceof Error ? error.message : String(error)}); ` +
          'run DIFF_CANDIDATE=consul to compare real Consul with itself',
      );
    }
  }, START_BUDGET_MS);

  afterAll(async () => {
    await Promise.all([...live].map((env) => env.stop()));
    live.clear();
  }, START_BUDGET_MS);

  for (const scenario of selected) {
    const budget = 2 * (scenario.budgetMs ?? 60_000) + 2 * START_BUDGET_MS;
    it(scenario.name, async () => {
      if (candidateUnavailable) throw candidateUnavailable;
      // Both backends at once (fresh clusters each): a scenario mostly waits on its clusters' timers.
      const [reference, other] = await Promise.all([runOn(REFERENCE, scenario), runOn(candidate, scenario)]);
      if (reference.run.problems.length > 0) {
        dump(scenario, reference.run, null);
        throw new Error(
          `scenario "${scenario.name}" does not hold on real Consul itself (fix the scenario):\n` +
            `${reference.run.problems.map((problem) => `  - ${problem}`).join('\n')}\n--- consul logs ---\n${reference.logTail}`,
        );
      }
      dump(scenario, reference.run, other.run);
      const mismatches = compareRuns(reference.run, other.run);
      compared += reference.run.exchanges.length;
      identical += reference.run.exchanges.length - mismatches.length;
      if (mismatches.length > 0) throw new Error(formatMismatches(reference.run, other.run, mismatches));
    }, budget);
  }

  it(`compares at least ${MIN_EXCHANGES} exchanges`, () => {
    console.log(`differential: ${compared} exchanges compared (${identical} identical, real Consul vs ${candidate})`);
    if (filters.length === 0) expect(compared).toBeGreaterThanOrEqual(MIN_EXCHANGES);
  });
});
