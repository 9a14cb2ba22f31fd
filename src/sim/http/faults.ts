/** One injected fault on the emulated HTTP API. */
export interface RouteFault {
  /** Only requests with this method (default: any). */
  readonly method?: string;
  /** Request path, exactly or by pattern. */
  readonly path: string | RegExp;
  /** Answer with this status and `body` (plain text) instead of handling the request. */
  readonly status?: number;
  readonly body?: string;
  /** Delay before handling (or answering), in milliseconds. */
  readonly delayMs?: number;
  /** Close the connection without answering. */
  readonly drop?: boolean;
  /** Handle the request, then close the connection without answering (the change is made, its answer lost). */
  readonly dropAnswer?: boolean;
  /** How many matching requests it applies to (default: all). */
  readonly times?: number;
}

/** Fault injection for reliability tests: per-route error statuses, latency and dropped connections. */
export class SimFaults {
  private readonly faults: { fault: RouteFault; remaining: number }[] = [];

  /** Adds a fault; returns a function that removes it. */
  add(fault: RouteFault): () => void {
    const entry = { fault, remaining: fault.times ?? Number.POSITIVE_INFINITY };
    this.faults.push(entry);
    return () => {
      const at = this.faults.indexOf(entry);
      if (at >= 0) this.faults.splice(at, 1);
    };
  }

  /** Removes every fault. */
  clear(): void {
    this.faults.length = 0;
  }

  /** The fault that applies to this request, consuming one of its uses. */
  take(method: string, path: string): RouteFault | undefined {
    const entry = this.faults.find(({ fault, remaining }) => remaining > 0
      && (fault.method === undefined || fault.method === method)
      && (typeof fault.path === 'string' ? fault.path === path : fault.path.test(path)));
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    return entry.fault;
  }
}
