/** How often and how patiently an idempotent request is retried. */
export interface RetryPolicy {
  /** Total attempts including the first; 1 disables retries. */
  readonly attempts: number;
  /** Delay scale of the first retry, in milliseconds. */
  readonly baseDelayMs: number;
  /** Upper bound of any single delay, in milliseconds. */
  readonly maxDelayMs: number;
}

/** Four attempts spread over roughly one to three seconds. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 150, maxDelayMs: 2_000 };

/**
 * Delay before retry number `retry` (1-based): exponential growth with "equal jitter", so that
 * concurrent clients spread out yet every delay is at least half the exponential step.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Consul 500 texts that mean "try again" (leader election, RPC transport hiccups). Other 500s are
 * validation errors — Consul maps most of them to 500 — and retrying those only delays the answer.
 */
const TRANSIENT_500 = /No cluster leader|rpc error making call|i\/o timeout|connection reset|EOF$|leadership lost|raft is already shutdown/i;

/**
 * A server that has just started (a restart with its data) answers the authorize endpoint with this 403 for a moment
 * before its ACL state is loaded, while it already serves writes (measured on Consul 1.22.7: ~100 ms). On a cluster
 * whose ACLs were truly never bootstrapped the retries run out and the answer stands.
 */
const ACL_NOT_LOADED = /ACL system must be bootstrapped before making any requests that require authorization/;

/** Whether a response status (with Consul's message) is worth retrying for an idempotent request. */
export function isRetryableStatus(status: number, consulMessage: string): boolean {
  if (status === 429 || status === 502 || status === 503 || status === 504) return true;
  if (status === 403) return ACL_NOT_LOADED.test(consulMessage);
  return status === 500 && TRANSIENT_500.test(consulMessage);
}

/** Network error codes worth retrying for an idempotent request. */
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET']);

/** Whether a network failure (by Node error code) is worth retrying for an idempotent request. */
export function isRetryableNetworkCode(code: string | undefined): boolean {
  return code === undefined || RETRYABLE_CODES.has(code);
}

/** Milliseconds from a `Retry-After` header (seconds form only), capped by the policy. */
export function retryAfterMs(header: string | undefined, policy: RetryPolicy): number | undefined {
  if (header === undefined || !/^\d+$/.test(header.trim())) return undefined;
  return Math.min(Number(header.trim()) * 1000, policy.maxDelayMs);
}

/** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
