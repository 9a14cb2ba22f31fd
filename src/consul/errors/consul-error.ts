const brand = Symbol.for('consul-peering/ConsulError');

/** Base class of every error raised while talking to Consul; branded so checks work across package copies. */
export class ConsulError extends Error {
  /** Brand read by {@link ConsulError.isConsulError}; survives duplicate copies of this package. */
  readonly [brand] = true;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConsulError';
  }

  /** True for any error of this hierarchy, even one thrown by another copy of the package. */
  static isConsulError(value: unknown): value is ConsulError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
