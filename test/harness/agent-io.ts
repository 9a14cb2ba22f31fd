// Helpers of the Consul test harness: orphan protection, free loopback ports and a bounded in-memory log.
import type { ChildProcess } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as vm from 'node:vm';

const MAX_LOG_BYTES = 200 * 1024;

// ---------------------------------------------------------------------------------------------
// Orphan protection. Under Jest, `process` is a sandbox copy whose 'exit' event never fires, so the
// handlers go on the real process object (evaluated in the main context).
const realProcess: NodeJS.Process = (() => {
  try {
    const candidate: unknown = vm.runInThisContext('process');
    if (candidate && typeof (candidate as NodeJS.Process).on === 'function') return candidate as NodeJS.Process;
  } catch {
    // fall through
  }
  return process;
})();

/** A running agent process and its temporary directory, killed and removed if the test process ends first. */
export interface LiveAgent {
  readonly child: ChildProcess;
  readonly dir: string;
}
const live = new Set<LiveAgent>();
const rmSync = fs.rmSync; // captured now: Jest tears the module registry down before 'exit' fires
const TERMINATING_SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

function killAllLive(): void {
  for (const agent of live) {
    try {
      agent.child.kill('SIGKILL');
    } catch {
      // already gone
    }
    try {
      rmSync(agent.dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAllLive();
  unregisterHandlers();
  // If nobody else handles the signal, restore its default effect (terminate).
  if (realProcess.listenerCount(signal) === 0) realProcess.kill(realProcess.pid, signal);
}

let handlersRegistered = false;
function registerHandlers(): void {
  if (handlersRegistered) return;
  handlersRegistered = true;
  realProcess.on('exit', killAllLive);
  for (const signal of TERMINATING_SIGNALS) realProcess.on(signal, onSignal);
}
function unregisterHandlers(): void {
  if (!handlersRegistered) return;
  handlersRegistered = false;
  realProcess.off('exit', killAllLive);
  for (const signal of TERMINATING_SIGNALS) realProcess.off(signal, onSignal);
}

/** Registers a running agent for orphan protection. */
export function trackLive(agent: LiveAgent): void {
  live.add(agent);
  registerHandlers();
}

/** Forgets an agent whose process has exited (its directory is the caller's to remove). */
export function untrackLive(agent: LiveAgent): void {
  live.delete(agent);
  if (live.size === 0) unregisterHandlers();
}

// ---------------------------------------------------------------------------------------------
// Free ports.
const recentlyHandedOut = new Set<number>();

function listenTcp(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

function bindUdp(port: number): Promise<dgram.Socket | null> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(null);
    });
    socket.bind({ port, address: '127.0.0.1', exclusive: true }, () => resolve(socket));
  });
}

/** `count` distinct ports free on 127.0.0.1 for both TCP and UDP (serf and DNS use both). */
export async function freePorts(count: number): Promise<number[]> {
  const held: Array<net.Server | dgram.Socket> = [];
  const ports: number[] = [];
  try {
    for (let tries = 0; ports.length < count; tries++) {
      if (tries > count * 20) throw new Error('could not find free ports on 127.0.0.1');
      const tcp = await listenTcp(0);
      held.push(tcp);
      const port = (tcp.address() as net.AddressInfo).port;
      if (recentlyHandedOut.has(port)) continue;
      const udp = await bindUdp(port);
      if (!udp) continue;
      held.push(udp);
      ports.push(port);
    }
  } finally {
    await Promise.all(held.map((h) => new Promise<void>((resolve) => h.close(() => resolve()))));
  }
  for (const port of ports) recentlyHandedOut.add(port);
  if (recentlyHandedOut.size > 2000) {
    for (const port of [...recentlyHandedOut].slice(0, 1000)) recentlyHandedOut.delete(port);
  }
  return ports;
}

// ---------------------------------------------------------------------------------------------
// Log buffer.
/** The last ~200 KiB of a process's combined output. */
export class LogBuffer {
  private chunks: string[] = [];
  private size = 0;

  append(chunk: string): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > MAX_LOG_BYTES && this.chunks.length > 1) {
      this.size -= this.chunks.shift()?.length ?? 0;
    }
    if (this.size > MAX_LOG_BYTES) {
      const only = this.chunks[0] ?? '';
      this.chunks = [only.slice(only.length - MAX_LOG_BYTES)];
      this.size = MAX_LOG_BYTES;
    }
  }

  tail(lines: number): string {
    const all = this.chunks.join('').replace(/\n$/, '').split('\n');
    return all.slice(Math.max(0, all.length - lines)).join('\n');
  }
}

