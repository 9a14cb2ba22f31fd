/** Tables whose changes move their own index (Consul keeps a max index per memdb table). */
export type TableName = 'peerings' | 'config' | 'catalog' | 'acl';

/**
 * The emulated raft log of one cluster: a single increasing index shared by all tables, a per-table
 * "last changed at" index, and waiters for blocking queries (`?index=&wait=`).
 */
export class SimStore {
  private index: number;
  private readonly tableIndex = new Map<TableName, number>();
  private readonly waiters = new Set<{ table: TableName; wake: () => void }>();

  constructor(startIndex = 12) {
    this.index = startIndex;
  }

  /** Records one write to `table` and returns its index (becomes the entry's ModifyIndex). */
  write(table: TableName): number {
    this.index += 1;
    this.tableIndex.set(table, this.index);
    for (const waiter of [...this.waiters]) {
      if (waiter.table === table) waiter.wake();
    }
    return this.index;
  }

  /** The index at which `table` last changed (at least 1, as Consul never reports 0). */
  indexOf(table: TableName): number {
    return Math.max(1, this.tableIndex.get(table) ?? 1);
  }

  /**
   * Blocking query: resolves once `current()` exceeds `minIndex` (re-checked at every write to `table`),
   * or after `waitMs`. Without a minIndex it resolves at once.
   */
  async block(table: TableName, minIndex: number | undefined, waitMs: number, current: () => number): Promise<void> {
    if (minIndex === undefined || minIndex <= 0 || current() > minIndex) return;
    await new Promise<void>((resolve) => {
      const waiter = {
        table,
        wake: () => {
          if (current() <= minIndex) return;
          finish();
        },
      };
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      const timer = setTimeout(finish, waitMs);
      this.waiters.add(waiter);
    });
  }

  /** Releases every blocked reader (on shutdown). */
  releaseAll(): void {
    for (const waiter of [...this.waiters]) waiter.wake = () => undefined;
    this.waiters.clear();
  }
}

/** Parses Consul's `wait` parameter (`2s`, `150ms`, `1m`); default 5 min, capped at 10 min like Consul. */
export function parseWait(raw: string | null): number | { error: string } {
  if (raw === null || raw === '') return 5 * 60_000;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(raw);
  if (match === null) return { error: `Invalid wait time` };
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Math.min(Number(match[1]) * unit, 10 * 60_000);
}
