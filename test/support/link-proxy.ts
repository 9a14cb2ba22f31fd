// A TCP proxy on 127.0.0.1 in front of an accepting cluster's peering endpoint (real Consul: its gRPC-TLS port; the
// emulator: its peer endpoint). A token whose server_external_addresses name the proxy makes the dialer reach the
// acceptor only through it, so cutting the proxy cuts the link between the clusters on both backends alike.
import * as net from 'node:net';

/** A running link proxy. */
export interface LinkProxy {
  /** `127.0.0.1:PORT`, for server_external_addresses. */
  readonly address: string;
  /** Cuts the link (open connections reset, new ones refused) or restores it on the same port. */
  setCut(cut: boolean): Promise<void>;
  /**
   * Makes the link slow (or fast again, `undefined`): each new connection is carried upstream only `ms` later; what the
   * client sends meanwhile is held, and dropped if the client goes away first, as a connection never made.
   */
  setConnectDelay(ms: number | undefined): void;
  close(): Promise<void>;
}

/** Starts a link proxy forwarding bytes to `target` (`host:port`). */
export async function startLinkProxy(target: string): Promise<LinkProxy> {
  let connectDelayMs: number | undefined;
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const forward = (client: net.Socket, held: Buffer[] = []): void => {
    const upstream = net.connect({ host, port });
    track(upstream);
    for (const chunk of held) upstream.write(chunk);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (connectDelayMs === undefined) {
      forward(client);
      return;
    }
    const held: Buffer[] = [];
    let gone = false;
    const hold = (chunk: Buffer): void => { held.push(chunk); };
    client.on('data', hold);
    client.once('end', () => { gone = true; });
    client.once('close', () => { gone = true; });
    client.on('error', () => client.destroy());
    setTimeout(() => {
      client.off('data', hold);
      if (gone) {
        client.destroy();
        return;
      }
      forward(client, held);
    }, connectDelayMs).unref();
  });
  const listen = (listenPort: number): Promise<void> => new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  await listen(0);
  const own = (server.address() as net.AddressInfo).port;
  const cut = (): Promise<void> => new Promise((resolve) => {
    for (const socket of sockets) socket.resetAndDestroy();
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
  });
  return {
    address: `127.0.0.1:${own}`,
    setCut: (value) => (value ? cut() : server.listening ? Promise.resolve() : listen(own)),
    setConnectDelay: (ms) => { connectDelayMs = ms; },
    close: cut,
  };
}
