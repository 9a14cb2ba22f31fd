import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { call, pollUntil } from './http';

const BIN = join(__dirname, '..', '..', 'bin', 'consul-peering-sim.js');
interface ReadyLine { clusters: { name: string; address: string; token: string | null }[] }

const children: ChildProcess[] = [];
afterAll(() => children.forEach((child) => child.kill('SIGKILL')));

/** Starts the CLI and resolves with its ready line and how long it took. */
function startCli(args: string[]): Promise<{ child: ChildProcess; ready: ReadyLine; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) resolve({ child, ready: JSON.parse(line) as ReadyLine, ms: Date.now() - started });
    });
    child.on('exit', (code) => reject(new Error(`consul-peering-sim exited ${String(code)}: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('consul-peering-sim CLI', () => {
  it('prints exactly one ready line within 2 s and exits cleanly on SIGTERM', async () => {
    const { child, ready, ms } = await startCli(['--clusters', 'dc1,dc2', '--port', '0']);
    expect(ms).toBeLessThan(2_000);
    expect(ready.clusters.map((cluster) => cluster.name)).toEqual(['dc1', 'dc2']);
    for (const cluster of ready.clusters) {
      expect(cluster.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(cluster.token).toBeNull();
      expect((await call(cluster.address, 'GET', '/v1/peerings')).text).toBe('[]');
    }
    const exit = exited(child);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('with --acl reports a working management token per cluster and denies anonymous calls', async () => {
    const { child, ready } = await startCli(['--clusters', 'east,west', '--acl']);
    for (const cluster of ready.clusters) {
      expect(cluster.token).toMatch(/^[0-9a-f-]{36}$/);
      expect((await call(cluster.address, 'GET', '/v1/peerings', undefined, cluster.token)).status).toBe(200);
      expect((await call(cluster.address, 'GET', '/v1/peerings')).status).toBe(403);
    }
    child.kill('SIGTERM');
    await exited(child);
  });

  it('rejects bad flags with one line on stderr and exit code 2', async () => {
    const child = spawn(process.execPath, [BIN, '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    expect(await exited(child)).toBe(2);
    expect(err).toBe('consul-peering-sim: --port must be a port number, got "abc"\n');
  });

  it('peers two emulator processes, one cluster each, across processes', async () => {
    const [{ ready: a, child: first }, { ready: b, child: second }] = await Promise.all([
      startCli(['--clusters', 'dc1']), startCli(['--clusters', 'dc2']),
    ]);
    const dc1 = a.clusters[0]!.address;
    const dc2 = b.clusters[0]!.address;
    const token = (await call(dc1, 'POST', '/v1/peering/token', { PeerName: 'dc2' })).json<{ PeeringToken: string }>().PeeringToken;
    expect((await call(dc2, 'POST', '/v1/peering/establish', { PeerName: 'dc1', PeeringToken: token })).status).toBe(200);
    const state = async (address: string, name: string) => (await call(address, 'GET', `/v1/peering/${name}`)).json<{ State: string }>().State;
    expect(await pollUntil(() => state(dc2, 'dc1'), (s) => s === 'ACTIVE')).toBe('ACTIVE');
    expect(await pollUntil(() => state(dc1, 'dc2'), (s) => s === 'ACTIVE')).toBe('ACTIVE');

    // Killing the acceptor's process is seen by the dialer: FAILING.
    const exit = exited(first);
    first.kill('SIGKILL');
    await exit;
    expect(await pollUntil(() => state(dc2, 'dc1'), (s) => s === 'FAILING', 5_000)).toBe('FAILING');
    second.kill('SIGTERM');
    await exited(second);
  });
});
