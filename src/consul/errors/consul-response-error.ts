import { ConsulError } from './consul-error';

/** Consul answered 2xx with a body this client does not understand (wrong JSON shape or not JSON). */
export class ConsulResponseError extends ConsulError {
  constructor(method: string, path: string, problem: string) {
    super(`Consul sent an unexpected response to ${method} ${path}: ${problem}`);
    this.name = 'ConsulResponseError';
  }
}
