// One permission preflight per cluster per plan, although adapters plan resource by resource (Terraform calls
// PlanResourceChange for each, several at once; Pulumi calls check/diff for each): needs arriving close together
// are gathered and asked in one request, and every answer is remembered for the rest of the process, so that a
// resource planned later whose permissions were already asked costs nothing.
import type { ConsulClient } from '../consul';
import { preflightMessage, preflightPermissions, type PermissionNeed, type PreflightOutcome } from './permissions';

/** How long a batch stays open: until no new need arrived for `quietMs`, at most `maxWaitMs` after its first. */
export interface BatchTiming {
  readonly quietMs: number;
  readonly maxWaitMs: number;
}

/** Default timing: resources planned together by Terraform or Pulumi arrive within a few milliseconds. */
export const DEFAULT_BATCH_TIMING: BatchTiming = { quietMs: 30, maxWaitMs: 300 };

interface Waiter {
  readonly needs: readonly PermissionNeed[];
  readonly resolve: (outcome: PreflightOutcome) => void;
}

interface Batch {
  readonly waiters: Waiter[];
  readonly started: number;
  timer: NodeJS.Timeout | undefined;
}

const keyOf = (need: PermissionNeed): string => JSON.stringify(need.permission);

/** Gathers the permission needs of one cluster's planned changes into one preflight request, and remembers answers. */
export class PreflightBatcher {
  private readonly answers = new Map<string, boolean>();
  private readonly seen = new Map<string, PermissionNeed>();
  private clusterWide: PreflightOutcome | undefined;
  private batch: Batch | undefined;

  /**
   * `connection` is the cluster's client, or a function opening one per request together with its release (for
   * adapters that must not keep connections open between calls).
   */
  constructor(
    private readonly connection: ConsulClient | (() => { client: ConsulClient; release: () => void }),
    private readonly cluster: string,
    private readonly timing: BatchTiming = DEFAULT_BATCH_TIMING,
  ) {}

  /** The preflight outcome for `needs` (answered from memory when possible, else with the next batch). */
  check(needs: readonly PermissionNeed[]): Promise<PreflightOutcome> {
    if (needs.length === 0) return Promise.resolve({ kind: 'granted', requests: 0 });
    for (const need of needs) this.seen.set(`${need.neededBy}\u0000${keyOf(need)}`, need);
    if (this.clusterWide !== undefined) return Promise.resolve(forNeeds({ ...this.clusterWide, requests: 0 }, needs));
    if (needs.every((need) => this.answers.has(keyOf(need)))) return Promise.resolve(this.fromMemory(needs));
    return new Promise((resolve) => {
      const batch = this.batch ?? { waiters: [], started: Date.now(), timer: undefined };
      this.batch = batch;
      batch.waiters.push({ needs, resolve });
      if (batch.timer !== undefined) clearTimeout(batch.timer);
      const wait = Math.max(0, Math.min(this.timing.quietMs, batch.started + this.timing.maxWaitMs - Date.now()));
      batch.timer = setTimeout(() => void this.flush(batch), wait);
    });
  }

  /** The message of every need seen so far whose permission was refused (for naming a cluster's gaps all at once). */
  missingMessages(): string[] {
    return [...this.seen.values()].filter((need) => this.answers.get(keyOf(need)) === false).map((need) => preflightMessage(this.cluster, need));
  }

  private fromMemory(needs: readonly PermissionNeed[]): PreflightOutcome {
    const denied = needs.filter((need) => this.answers.get(keyOf(need)) === false);
    if (denied.length === 0) return { kind: 'granted', requests: 0 };
    return { kind: 'missing', requests: 0, missing: denied.map((need) => ({ need, message: preflightMessage(this.cluster, need) })) };
  }

  private async flush(batch: Batch): Promise<void> {
    if (this.batch === batch) this.batch = undefined;
    const unanswered = batch.waiters.flatMap((waiter) => waiter.needs).filter((need) => !this.answers.has(keyOf(need)));
    const opened = typeof this.connection === 'function' ? this.connection() : { client: this.connection, release: () => undefined };
    let outcome: PreflightOutcome;
    try {
      outcome = await preflightPermissions(opened.client, this.cluster, unanswered);
    } finally {
      opened.release();
    }
    if (outcome.kind === 'skipped' || outcome.kind === 'unknown' || (outcome.kind === 'missing' && outcome.tokenRejected === true)) {
      this.clusterWide = outcome;
      batch.waiters.forEach((waiter, index) => waiter.resolve(forNeeds(index === 0 ? outcome : { ...outcome, requests: 0 }, waiter.needs)));
      return;
    }
    const denied = new Set(outcome.kind === 'missing' ? outcome.missing.map((entry) => keyOf(entry.need)) : []);
    for (const need of unanswered) this.answers.set(keyOf(need), !denied.has(keyOf(need)));
    batch.waiters.forEach((waiter, index) => {
      const answered = this.fromMemory(waiter.needs);
      waiter.resolve(index === 0 ? { ...answered, requests: outcome.requests } : answered);
    });
  }
}

/** A cluster-wide outcome for one caller: a rejected token makes each of its own needs missing, for the same reason. */
function forNeeds(outcome: PreflightOutcome, needs: readonly PermissionNeed[]): PreflightOutcome {
  if (outcome.kind !== 'missing') return outcome;
  const message = outcome.missing[0]?.message ?? '';
  return { ...outcome, missing: needs.map((need) => ({ need, message })) };
}
