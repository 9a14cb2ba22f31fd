import { ConsulError } from './consul-error';

/** A partition, namespace or sameness group that only Consul Enterprise has, sent to a Consul CE cluster. */
export class ConsulEditionError extends ConsulError {
  /** Where the value came from: a provider setting (`partition`), an environment variable (`CONSUL_PARTITION`) or a body key. */
  readonly source: string;

  constructor(source: string, message: string) {
    super(message);
    this.name = 'ConsulEditionError';
    this.source = source;
  }
}
