import type { ConsulClient } from '../../../consul';
import { isNotFound } from '../../../consul/errors';
import { IssueList, type Issue } from '../../issues';
import { field, text } from '../../message';
import type { PlanSession, WithClient } from '../../plan-session';
import { isUnknown } from '../../unknown';
import { scopeKey } from '../../service-scope';

// Consul refuses L7 permissions on a destination whose protocol is not HTTP-like ("service "api" has protocol "tcp",
// which is incompatible with L7 intentions permissions"). Found at plan time from what the plan itself sets first (a
// ServiceDefaults the intentions depend on, planned earlier in the same plan) or else from Consul's current entries.

/** The protocols that allow L7 permissions. */
const HTTP_LIKE = new Set(['http', 'http2', 'grpc']);

/** Where a destination's protocol comes from, as the message says it. */
type ProtocolSource = 'this plan' | 'its service-defaults entry' | 'the global proxy-defaults entry' | "Consul's default (no service-defaults sets one)";

/** The destination's protocol: planned in this session, else read from Consul; undefined when unknown or unreadable. */
async function destinationProtocol(
  withClient: WithClient, session: PlanSession, destination: { name: string; partition?: string | undefined; namespace?: string | undefined },
): Promise<{ protocol: string; from: ProtocolSource } | undefined> {
  const planned = session.plannedProtocol(destination);
  if (planned !== undefined) return typeof planned === 'string' ? { protocol: planned, from: 'this plan' } : undefined;
  return withClient((client, signal) => storedProtocol(client, destination, signal));
}

/** The destination's protocol as Consul has it: its service-defaults, else the global proxy-defaults, else tcp; undefined when unreadable. */
async function storedProtocol(
  client: ConsulClient, destination: { name: string; partition?: string | undefined; namespace?: string | undefined }, signal?: AbortSignal,
): Promise<{ protocol: string; from: ProtocolSource } | undefined> {
  const scope = { partition: scopeKey(destination.partition), namespace: scopeKey(destination.namespace), ...(signal === undefined ? {} : { signal }) };
  const optional = <T>(read: Promise<T>): Promise<T | undefined> => read.catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
  try {
    const own = await optional(client.readConfigEntry('service-defaults', destination.name, scope));
    if (own?.Protocol !== undefined && own.Protocol !== '') return { protocol: own.Protocol.toLowerCase(), from: 'its service-defaults entry' };
    const global = await optional(client.readConfigEntry('proxy-defaults', 'global', { partition: scope.partition, ...(signal === undefined ? {} : { signal }) }));
    const fromProxy = global?.Config?.['protocol'];
    if (typeof fromProxy === 'string' && fromProxy !== '') return { protocol: fromProxy.toLowerCase(), from: 'the global proxy-defaults entry' };
    return { protocol: 'tcp', from: "Consul's default (no service-defaults sets one)" };
  } catch {
    return undefined; // unreadable (e.g. no service:read): Consul says so at apply; the preflight reports permissions
  }
}

/** An issue on the first source with permissions when the destination's protocol refuses L7 permissions; none otherwise. */
export async function l7ProtocolIssues(withClient: WithClient, session: PlanSession, inputs: Readonly<Record<string, unknown>>): Promise<Issue[]> {
  const sources = inputs['sources'];
  if (!Array.isArray(sources)) return [];
  const index = sources.findIndex((source) => {
    const permissions = (source as Record<string, unknown> | undefined)?.['permissions'];
    return Array.isArray(permissions) && permissions.length > 0;
  });
  const name = inputs['name'];
  if (index < 0 || typeof name !== 'string' || name === '*' || isUnknown(inputs['partition']) || isUnknown(inputs['namespace'])) return [];
  const destination = { name, partition: inputs['partition'] as string | undefined, namespace: inputs['namespace'] as string | undefined };
  const found = await destinationProtocol(withClient, session, destination);
  if (found === undefined || HTTP_LIKE.has(found.protocol)) return [];
  const issues = new IssueList();
  issues.add('protocol_not_http', ['sources', index, 'permissions'], text`Consul refuses L7 permissions on ${JSON.stringify(name)}: its protocol is ${JSON.stringify(found.protocol)} (from ${found.from}). Set protocol "http", "http2" or "grpc" with a ServiceDefaults for ${JSON.stringify(name)} that this resource depends on, or use ${field('action')} instead of permissions`, { protocol: found.protocol, from: found.from });
  return issues.issues;
}
