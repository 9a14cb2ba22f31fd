/** Poll timing: first delay, growth factor, largest delay. */
export interface PollTiming {
  readonly initialMs: number;
  readonly factor: number;
  readonly maxMs: number;
}

/** 50 ms, doubling, at most 1 s: fast on loopback, gentle on a slow cluster. */
export const DEFAULT_POLL: PollTiming = { initialMs: 50, factor: 2, maxMs: 1_000 };

/** What one poll step decided: stop with a value, fail, or keep waiting. */
export type PollStep<T> = { readonly done: T } | { readonly fail: Error } | { readonly wait: string };

/**
 * Calls `step` until it returns `done` or `fail`, with growing delays, until `timeoutMs`; then throws
 * `onTimeout(last wait reason)`. Computed Consul states (ACTIVE/FAILING) do not move blocking indexes, so
 * polling is the only way to wait for them.
 */
export async function poll<T>(
  step: () => Promise<PollStep<T>>, timeoutMs: number, onTimeout: (lastReason: string) => Error,
  options: { signal?: AbortSignal | undefined; timing?: PollTiming } = {},
): Promise<T> {
  const timing = options.timing ?? DEFAULT_POLL;
  const deadline = Date.now() + timeoutMs;
  let delay = timing.initialMs;
  for (;;) {
    options.signal?.throwIfAborted();
    const result = await step();
    if ('done' in result) return result.done;
    if ('fail' in result) throw result.fail;
    const left = deadline - Date.now();
    if (left <= 0) throw onTimeout(result.wait);
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
    delay = Math.min(timing.maxMs, delay * timing.factor);
  }
}

/** Parses a Terraform-style duration (`90s`, `2m`, `1m30s`, `500ms`, `1h`) into milliseconds, or null. */
export function parseDuration(text: string): number | null {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) return null;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
  return parts.reduce((total, part) => total + Number(part[1]) * unit[part[2] as keyof typeof unit], 0);
}
