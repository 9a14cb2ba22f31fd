import { ConsulError } from './consul-error';

/** The caller's AbortSignal cancelled the request. */
export class ConsulAbortedError extends ConsulError {
  constructor(method: string, path: string, reason: unknown) {
    super(`Consul request was cancelled: ${method} ${path}`, { cause: reason });
    this.name = 'ConsulAbortedError';
  }
}
