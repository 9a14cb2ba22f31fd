// An HTTP proxy on 127.0.0.1 in front of one Consul cluster that records every request the provider sends, so a
// test can prove that a failing validate/plan made no write.
import * as http from 'node:http';

/** A running proxy. */
export interface RecordingProxy {
  /** `http://127.0.0.1:PORT`, to use as the provider's address. */
  readonly address: string;
  /** `METHOD /path` of every request so far. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Starts a proxy forwarding to `target` (`http://127.0.0.1:PORT`). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(`${request.method ?? '?'} ${(request.url ?? '').split('?')[0] ?? ''}`);
    const forward = http.request({
      hostname: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers,
    }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forward.on('error', (error) => {
      response.writeHead(502);
      response.end(error.message);
    });
    request.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no address');
  return {
    address: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
