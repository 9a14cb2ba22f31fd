// Helpers of the Consul test harness: free loopback ports and a bounded in-memory log.
import * as dgram from 'node:dgram';
import * as net from 'node:net';

const MAX_LOG_BYTES = 200 * 1024;

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

