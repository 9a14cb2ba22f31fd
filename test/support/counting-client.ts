import { ConsulClient, type RequestEvent } from '../../src/consul';
import type { OperationContext } from '../../src/core';

/** A client of one test cluster that records every HTTP exchange, for request-count assertions. */
export interface CountingClient {
  readonly client: ConsulClient;
  readonly context: OperationContext;
  readonly requests: RequestEvent[];
  /** The same list as `requests`. */
  readonly events: RequestEvent[];
  /** `METHOD /path` of each request since the last reset. */
  calls(): string[];
  /** The method of each request since the last reset. */
  methods(): string[];
  /** The methods so far, then forgets them. */
  take(): string[];
  reset(): void;
}

const open: ConsulClient[] = [];

/** Creates a counting client (closed by {@link closeCountingClients}). */
export function countingClient(cluster: { address: string; token: string | null }, token?: string | null): CountingClient {
  const requests: RequestEvent[] = [];
  const chosen = token === undefined ? cluster.token : token;
  const client = ConsulClient.fromSettings({ address: cluster.address, token: chosen ?? undefined }, { onRequest: (event) => requests.push(event) }, {});
  open.push(client);
  return {
    client,
    context: { client },
    requests,
    events: requests,
    calls: () => requests.map((event) => `${event.method} ${event.path}`),
    methods: () => requests.map((event) => event.method),
    take: () => requests.splice(0).map((event) => event.method),
    reset: () => {
      requests.length = 0;
    },
  };
}

/** Closes every counting client. */
export function closeCountingClients(): void {
  open.splice(0).forEach((client) => client.close());
}
