import { ConsulError } from './consul-error';

/** A request took longer than its timeout and was abandoned. */
export class ConsulTimeoutError extends ConsulError {
  /** Request method. */
  readonly method: string;
  /** Request path without the query string. */
  readonly path: string;
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number;

  constructor(method: string, path: string, timeoutMs: number) {
    super(`Consul request timed out after ${timeoutMs} ms: ${method} ${path}`);
    this.name = 'ConsulTimeoutError';
    this.method = method;
    this.path = path;
    this.timeoutMs = timeoutMs;
  }
}
