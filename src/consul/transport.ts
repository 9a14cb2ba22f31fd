import http from 'node:http';
import https from 'node:https';
import type { ConsulConnectionConfig } from './config';
import { ConsulAbortedError, ConsulNetworkError, ConsulTimeoutError } from './errors';

/** One HTTP request, fully built; `path` has no query string. */
export interface RawRequest {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Status, headers and text body of one response. */
export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Per-send limits. */
export interface SendOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** Sends requests to one Consul agent over a keep-alive HTTP(S) agent with the configured TLS material. */
export class HttpTransport {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(private readonly config: ConsulConnectionConfig) {
    this.base = new URL(config.baseUrl);
    this.agent = this.base.protocol === 'https:'
      ? new https.Agent({ keepAlive: true, ...config.tls })
      : new http.Agent({ keepAlive: true });
  }

  /** Sends `request`; resolves with any HTTP answer, rejects only when no answer came. */
  send(request: RawRequest, options: SendOptions): Promise<RawResponse> {
    const search = new URLSearchParams(request.query).toString();
    const path = request.path + (search === '' ? '' : `?${search}`);
    const module = this.base.protocol === 'https:' ? https : http;
    return new Promise<RawResponse>((resolve, reject) => {
      if (options.signal?.aborted === true) {
        reject(new ConsulAbortedError(request.method, request.path, options.signal.reason));
        return;
      }
      let failure: Error | undefined;
      const req = module.request({
        agent: this.agent,
        method: request.method,
        path,
        headers: request.body === undefined ? request.headers : { ...request.headers, 'Content-Length': Buffer.byteLength(request.body) },
        ...(this.config.socketPath === undefined
          ? { hostname: this.base.hostname.replace(/^\[|\]$/g, ''), port: this.base.port === '' ? undefined : Number(this.base.port) }
          : { socketPath: this.config.socketPath }),
      });
      const timer = setTimeout(() => {
        failure = new ConsulTimeoutError(request.method, request.path, options.timeoutMs);
        req.destroy(failure);
      }, options.timeoutMs);
      const onAbort = (): void => {
        failure = new ConsulAbortedError(request.method, request.path, options.signal?.reason);
        req.destroy(failure);
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          done();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (error) => {
          done();
          reject(failure ?? new ConsulNetworkError(request.method, request.path, this.config.baseUrl, error));
        });
      });
      req.on('error', (error) => {
        done();
        reject(failure ?? new ConsulNetworkError(request.method, request.path, this.config.baseUrl, error));
      });
      req.end(request.body);
    });
  }

  /** Closes idle keep-alive connections; the transport must not be used afterwards. */
  close(): void {
    this.agent.destroy();
  }
}
