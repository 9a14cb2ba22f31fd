/**
 * A value not known yet at plan/preview time (a Terraform unknown, a Pulumi output still to be computed).
 * Adapters translate their own representation into this one symbol; validation skips it.
 */
export const UNKNOWN: unique symbol = Symbol.for('consul-peering/unknown');

/** The type of {@link UNKNOWN}. */
export type Unknown = typeof UNKNOWN;

/** `T`, or unknown at plan time. */
export type MaybeUnknown<T> = T | Unknown;

/** True when `value` is {@link UNKNOWN}. */
export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

/** True when `value` or anything inside it is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}
