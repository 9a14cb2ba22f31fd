import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** A request as the fixture server received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** Common name of the client certificate, when one was presented over TLS. */
  readonly clientCertCn?: string;
}

/** What the fixture answers: a response, or `reset` to destroy the connection without answering. */
export type FixtureReply =
  | { readonly status: number; readonly body?: string; readonly headers?: Readonly<Record<string, string>>; readonly delayMs?: number }
  | 'reset';

/** TLS options of a fixture server; `requestCert` asks for and verifies a client certificate. */
export interface FixtureTls {
  readonly cert: string;
  readonly key: string;
  readonly ca?: string;
  readonly requestCert?: boolean;
}

/** A real HTTP(S) server on 127.0.0.1 with scripted answers, recording every request. */
export interface FixtureServer {
  readonly url: string;
  readonly address: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** JSON reply with Consul's content type. */
export const json = (value: unknown, status = 200): FixtureReply => ({
  status, body: JSON.stringify(value, null, 4), headers: { 'Content-Type': 'application/json' },
});

/** Plain-text error reply, the way Consul sends every error. */
export const text = (status: number, body: string): FixtureReply => ({
  status, body, headers: { 'Content-Type': 'text/plain; charset=utf-8' },
});

/** Starts a fixture server on a free loopback port. */
export async function startFixtureServer(
  reply: (request: RecordedRequest, index: number) => FixtureReply, tls?: FixtureTls,
): Promise<FixtureServer> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fixture');
      const peer = tls === undefined ? undefined : (req.socket as TLSSocket).getPeerCertificate();
      const recorded: RecordedRequest = {
        method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams),
        headers: req.headers, body: Buffer.concat(chunks).toString('utf8'),
        ...(peer?.subject?.CN === undefined ? {} : { clientCertCn: String(peer.subject.CN) }),
      };
      requests.push(recorded);
      const answer = reply(recorded, requests.length - 1);
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.body ?? '');
      }, answer.delayMs ?? 0);
      timers.add(timer);
    });
  };
  const server = tls === undefined
    ? http.createServer(handler)
    : https.createServer({ cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: tls.requestCert ?? false, rejectUnauthorized: tls.requestCert ?? false }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const scheme = tls === undefined ? 'http' : 'https';
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      timers.forEach((timer) => clearTimeout(timer));
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
