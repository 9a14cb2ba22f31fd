import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { toConsulJson } from '../config-entries';
import type { SimFaults } from './faults';

/** A parsed request as route handlers see it. */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A route handler's answer: JSON, plain-text error, or empty JSON-typed body; plus extra headers. */
export interface SimResponse {
  readonly status: number;
  readonly json?: unknown;
  readonly text?: string;
  readonly empty?: true;
  readonly headers?: Readonly<Record<string, string>>;
  /** Overrides the content type the body kind implies. */
  readonly contentType?: string;
  /** Answered before Consul's HTTP wrapper (unknown routes, redirects): without the common headers. */
  readonly bare?: true;
}

/** Handles one request. */
export type SimHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

/**
 * Writes a response the way Consul's HTTP layer does (content types, Go's 4-space JSON). Consul's gzip
 * wrapper labels an empty JSON answer `application/json; charset=utf-8` when the client accepts gzip.
 */
function send(res: http.ServerResponse, reply: SimResponse, common: Readonly<Record<string, string>>, gzip = false): void {
  const headers: Record<string, string> = { ...(reply.bare === true ? {} : common), ...reply.headers };
  let body = '';
  if (reply.text !== undefined) {
    headers['Content-Type'] = 'text/plain; charset=utf-8';
    body = reply.text;
  } else if (reply.json !== undefined || reply.empty === true) {
    headers['Content-Type'] = reply.empty === true && gzip ? 'application/json; charset=utf-8' : 'application/json';
    body = reply.empty === true ? '' : toConsulJson(reply.json);
  }
  if (reply.contentType !== undefined) headers['Content-Type'] = reply.contentType;
  res.writeHead(reply.status, headers);
  res.end(body);
}

/** An HTTP server on 127.0.0.1 serving `handler`, with fault injection and common headers. */
export async function startSimHttpServer(options: {
  port: number; host?: string; handler: SimHandler; faults?: SimFaults; commonHeaders?: () => Record<string, string>;
}): Promise<{ server: http.Server; address: string; port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const request: SimRequest = {
        method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      void handle(request, res);
    });
  });
  const handle = async (request: SimRequest, res: http.ServerResponse): Promise<void> => {
    const common = options.commonHeaders?.() ?? {};
    try {
      const fault = options.faults?.take(request.method, request.path);
      if (fault?.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault?.drop === true) {
        res.socket?.destroy();
        return;
      }
      if (fault?.status !== undefined) {
        send(res, { status: fault.status, text: fault.body ?? `injected fault ${fault.status}` }, common);
        return;
      }
      const answer = await options.handler(request);
      if (fault?.dropAnswer === true) {
        res.socket?.destroy();
        return;
      }
      send(res, answer, common, /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')));
    } catch (error) {
      send(res, { status: 500, text: error instanceof Error ? error.message : String(error) }, common);
    }
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server, port, address: `${options.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
