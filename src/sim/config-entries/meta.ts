// Limits on the Meta map of config entries (count, key length, value length), as Consul reports them.
import { goLen, goQuote } from './go-text';

/** Maximum number of Meta pairs. */
export const META_MAX_PAIRS = 64;
/** Maximum Meta key length in bytes. */
export const META_KEY_MAX = 128;
/** Maximum Meta value (and intention Description) length in bytes. */
export const META_VALUE_MAX = 512;

/** The individual Meta limit violations, in Consul's order (count first, then per key). */
export function metaProblems(meta: unknown): string[] {
  if (meta === null || typeof meta !== 'object') return [];
  const entries = Object.entries(meta as Record<string, string>);
  const problems: string[] = [];
  if (entries.length > META_MAX_PAIRS) problems.push(`Meta exceeds maximum element count ${META_MAX_PAIRS}`);
  for (const [k, v] of entries) {
    if (goLen(k) > META_KEY_MAX) problems.push(`Meta key ${goQuote(k)} exceeds maximum length ${META_KEY_MAX}`);
    if (goLen(v) > META_VALUE_MAX) problems.push(`Meta value for key ${goQuote(k)} exceeds maximum length ${META_VALUE_MAX}`);
  }
  return problems;
}
