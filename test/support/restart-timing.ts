// Timing a server restart inside a running apply (issue 20, point 2): poll Consul tightly until the apply has reached
// the moment wanted (a peering established but not ACTIVE yet, a first config-entry write), then restart the server
// with its data. Bounded: gives up when the apply ends first or after `timeoutMs`.

import type { TestClusters } from './backends';

/** What {@link restartWhen} saw: the moment it restarted at, or why it did not restart. */
export interface RestartMoment {
  readonly restarted: boolean;
  /** The observation returned by the condition that triggered the restart, or the reason none was made. */
  readonly seen: string;
}

/**
 * Polls `moment` back to back (a loopback GET takes about a millisecond: some moments last only a few) while `running()` holds; when it returns a description (not undefined), restarts
 * `datacenter` (kept data, down `downMs`) and returns that description. A read error counts as "not yet".
 */
export async function restartWhen(
  clusters: TestClusters, datacenter: string, moment: () => Promise<string | undefined>,
  options: { running: () => boolean; downMs?: number; timeoutMs?: number },
): Promise<RestartMoment> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (options.running() && Date.now() < deadline) {
    const seen = await moment().catch(() => undefined);
    if (seen !== undefined) {
      await clusters.restartCluster(datacenter, { downMs: options.downMs ?? 0 });
      return { restarted: true, seen };
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { restarted: false, seen: options.running() ? 'the moment did not come in time' : 'the apply ended before the moment came' };
}
