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

/** Creates an ACL token with the given HCL rules through Consul's ACL API (works on both backends). */
export async function aclToken(cluster: { address: string; token: string | null }, rules: string): Promise<{ secretId: string; accessorId: string }> {
  const put = async (path: string, body: unknown): Promise<Record<string, string>> => {
    const response = await fetch(`${cluster.address}${path}`, {
      method: 'PUT', headers: { 'X-Consul-Token': cluster.token ?? '' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`PUT ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, string>;
  };
  const policy = await put('/v1/acl/policy', { Name: `p-${Math.random().toString(36).slice(2)}`, Rules: rules });
  const token = await put('/v1/acl/token', { Policies: [{ ID: policy['ID'] }] });
  return { secretId: token['SecretID'] ?? '', accessorId: token['AccessorID'] ?? '' };
}
