import NodeEnvironment from 'jest-environment-node';

/** Functions returning the log tail of the servers a test file started (registered by startClusters). */
export const LOG_TAILS = Symbol.for('consul-peering/test-log-tails');

type Event = { name: string; test?: { name: string } };

/** Node test environment that prints the Consul servers' log tails when a test fails. */
export default class ConsulLogEnvironment extends NodeEnvironment {
  async handleTestEvent(event: Event): Promise<void> {
    if (event.name !== 'test_fn_failure') return;
    const tails = (this.global as unknown as Record<symbol, Set<() => string>> | undefined)?.[LOG_TAILS];
    for (const tail of tails ?? []) {
      process.stderr.write(`\n--- server logs for failed test "${event.test?.name ?? ''}" ---\n${tail()}\n`);
    }
  }
}
