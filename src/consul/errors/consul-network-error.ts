import { ConsulError } from './consul-error';

/** The request never got an HTTP answer: connection refused or reset, DNS failure, TLS failure. */
export class ConsulNetworkError extends ConsulError {
  /** Request method. */
  readonly method: string;
  /** Request path without the query string. */
  readonly path: string;
  /** Node's error code when there is one, e.g. `ECONNREFUSED`. */
  readonly code: string | undefined;

  constructor(method: string, path: string, address: string, cause: unknown) {
    const code = errorCode(cause);
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Consul request failed due to a network error: ${method} ${path} at ${address}: ${reason}`, { cause });
    this.name = 'ConsulNetworkError';
    this.method = method;
    this.path = path;
    this.code = code;
  }
}

function errorCode(cause: unknown): string | undefined {
  if (typeof cause === 'object' && cause !== null && 'code' in cause) {
    const code = (cause as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
