import { CoreError } from './errors';
import { isNotFound } from '../consul/errors';
import { compactForWrite } from '../consul/request';
import { backoffDelay, sleep } from '../consul/retry';
import type { ConfigEntryKind, ConfigEntryOf } from '../consul';
import { sameValue } from './diff';
import type { OperationContext } from './lifecycle';

// The shared check-and-set loop of the config-entry resources (exported-services, service-intentions).
//
// Consul keeps ONE exported-services entry per partition and ONE service-intentions entry per destination,
// so several resources (stacks, modules, people) may own parts of the same entry. Every change is a
// read → pure merge → check-and-set write (`?cas=<ModifyIndex read>`, `cas=0` when the entry was absent);
// Consul answers `false` when someone wrote in between, and the loop reads again and re-merges, so no
// update is ever lost. An entry the merge leaves empty is deleted, again with `cas`.
//
// HTTP requests per operation (loopback, no conflict, no transport retry):
//   readConfigEntryOrAbsent  1 GET (404 → absent)
//   applyConfigEntry         1 GET + 1 PUT (write) or 1 DELETE (merge left the entry empty)
//                            1 GET only when the merge changes nothing (or the entry is absent and stays empty)
//                            +1 GET when `readBack` is asked and a PUT happened (computed fields, e.g. Precedence)
//   each check-and-set conflict adds 1 GET + 1 PUT/DELETE; at most `maxAttempts` (10) rounds.
// The client may add its own retries of a request after a network error, 429 or 5xx (all idempotent here).

/** Which config entry: kind and name, and the Enterprise scope (an empty string sends no query parameter). */
export interface ConfigEntryRef<K extends ConfigEntryKind> {
  readonly kind: K;
  readonly name: string;
  /** `''` never sends `?partition=` (CE rejects even `default`); undefined falls back to the client's setting. */
  readonly partition?: string | undefined;
  /** `''` never sends `?ns=`; undefined falls back to the client's setting. */
  readonly namespace?: string | undefined;
}

/** A pure merge: the stored entry (undefined when absent) → the entry to store, or undefined when nothing is left. */
export type EntryMerge<E> = (current: E | undefined) => E | undefined;

/** Tuning of {@link applyConfigEntry}. */
export interface ApplyOptions<E> {
  /** Check-and-set rounds before giving up (default 10). */
  readonly maxAttempts?: number;
  /** First backoff delay after a conflict in ms (default 20); doubles, jittered, capped by `maxDelayMs`. */
  readonly initialDelayMs?: number;
  /** Largest backoff delay in ms (default 500). */
  readonly maxDelayMs?: number;
  /** True when `next` stores what `current` already holds (skips the write); default: equal JSON without read-only keys. */
  readonly same?: (current: E, next: E) => boolean;
  /** Read the entry again after a write and return it (for computed fields); one more GET. */
  readonly readBack?: boolean;
}

/** What {@link applyConfigEntry} did and the entry as stored afterwards (undefined when absent). */
export interface ApplyOutcome<E> {
  readonly action: 'written' | 'deleted' | 'unchanged';
  /** The stored entry: read back, as read (unchanged), as written (no read-back), or undefined (deleted/absent). */
  readonly entry: E | undefined;
  /** Check-and-set rounds used (1 without conflict). */
  readonly attempts: number;
}

/** Another writer changed the entry between every read and check-and-set write of {@link applyConfigEntry}. */
export class ConfigEntryConflictError extends CoreError {
  constructor(readonly kind: string, readonly entryName: string, readonly attempts: number) {
    super('entry_conflict', [`${kind} config entry ${JSON.stringify(entryName)} was not changed: another writer kept changing it between our `
      + `read and our check-and-set write (${attempts} attempts); nothing of this change was applied, apply again`], { kind, entryName, attempts });
    this.name = 'ConfigEntryConflictError';
  }
}

const DEFAULT_ATTEMPTS = 10;

/** Reads a config entry; undefined when Consul answers 404. One GET. */
export async function readConfigEntryOrAbsent<K extends ConfigEntryKind>(
  context: OperationContext, ref: ConfigEntryRef<K>,
): Promise<ConfigEntryOf<K> | undefined> {
  try {
    return await context.client.readConfigEntry(ref.kind, ref.name, scopeOf(context, ref));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Read → merge → check-and-set write (or delete when the merge leaves nothing), retried on conflict with
 * jittered backoff; throws {@link ConfigEntryConflictError} after `maxAttempts` lost races. Request counts: see
 * the top of this file (normally 1 GET + 1 PUT or DELETE).
 */
export async function applyConfigEntry<K extends ConfigEntryKind>(
  context: OperationContext, ref: ConfigEntryRef<K>, merge: EntryMerge<ConfigEntryOf<K>>, options: ApplyOptions<ConfigEntryOf<K>> = {},
): Promise<ApplyOutcome<ConfigEntryOf<K>>> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_ATTEMPTS);
  const same = options.same ?? sameStoredContent;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    context.signal?.throwIfAborted();
    const current = await readConfigEntryOrAbsent(context, ref);
    const next = merge(current);
    if (next === undefined) {
      if (current === undefined) return { action: 'unchanged', entry: undefined, attempts: attempt };
      const deleted = await context.client.deleteConfigEntry(ref.kind, ref.name, { ...scopeOf(context, ref), cas: current.ModifyIndex ?? 0 });
      if (deleted) return { action: 'deleted', entry: undefined, attempts: attempt };
    } else {
      if (current !== undefined && same(current, next)) return { action: 'unchanged', entry: current, attempts: attempt };
      const written = await context.client.writeConfigEntry(next, { ...scopeOf(context, ref), cas: current?.ModifyIndex ?? 0 });
      if (written) {
        const entry = options.readBack === true ? await readConfigEntryOrAbsent(context, ref) : next;
        return { action: 'written', entry, attempts: attempt };
      }
    }
    if (attempt < maxAttempts) {
      context.log?.(`${ref.kind} ${JSON.stringify(ref.name)}: changed by another writer since our read, merging again (attempt ${attempt + 1} of ${maxAttempts})`);
      await sleep(backoffDelay({ attempts: 0, baseDelayMs: options.initialDelayMs ?? 20, maxDelayMs: options.maxDelayMs ?? 500 }, attempt), context.signal);
    }
  }
  throw new ConfigEntryConflictError(ref.kind, ref.name, maxAttempts);
}

/** True when two entries hold the same content once read-only keys and empty Partition/Namespace keys are dropped. */
export function sameStoredContent(current: unknown, next: unknown): boolean {
  return sameValue(compactForWrite(current), compactForWrite(next));
}

function scopeOf(context: OperationContext, ref: ConfigEntryRef<ConfigEntryKind>): { partition?: string; namespace?: string; signal?: AbortSignal } {
  return {
    ...(ref.partition === undefined ? {} : { partition: ref.partition }),
    ...(ref.namespace === undefined ? {} : { namespace: ref.namespace }),
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  };
}
