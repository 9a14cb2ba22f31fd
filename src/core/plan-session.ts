import type { ConsulClient } from '../consul';
import type { Issue } from './issues';
import { scopeKey } from './service-scope';
import { l7ProtocolIssues } from './resources/service-intentions/protocol-check';

// What one plan (terraform plan, pulumi preview, and the apply that follows) of one provider has planned so far.
// Terraform and Pulumi plan a resource after the resources it depends on, so a later resource's plan-time checks can
// rely on what earlier ones will write (a ServiceDefaults' protocol before the L7 intentions that need it).

/** The key of a service in a session: partition, namespace and name as Consul compares them. */
function serviceKey(service: { name: unknown; partition?: unknown; namespace?: unknown }): string {
  const scope = (value: unknown): string => (typeof value === 'string' ? scopeKey(value) : '');
  return JSON.stringify([scope(service.partition), scope(service.namespace), service.name]);
}

/** The facts of one plan of one provider that later plans of it rely on. */
export class PlanSession {
  private readonly protocols = new Map<string, unknown>();

  /** Notes what a planned write of `className` with `inputs` sets (a ServiceDefaults' protocol; unknown stays unknown). */
  note(className: string, inputs: Readonly<Record<string, unknown>>): void {
    if (className === 'ServiceDefaults' && inputs['protocol'] !== undefined) this.protocols.set(serviceKey({ name: inputs['name'], partition: inputs['partition'], namespace: inputs['namespace'] }), inputs['protocol']);
  }

  /** The protocol this plan sets for `service` (a string, or UNKNOWN), or undefined when the plan does not set one. */
  plannedProtocol(service: { name: string; partition?: string | undefined; namespace?: string | undefined }): unknown {
    return this.protocols.get(serviceKey(service));
  }
}

/** Runs `read` with a client of the plan's cluster (adapters make one only when a check has to read Consul). */
export type WithClient = <T>(read: (client: ConsulClient, signal?: AbortSignal) => Promise<T>) => Promise<T>;

/**
 * Issues of a planned write of `className` found against Consul's current entries and what the session planned before
 * it (read-only requests, only when a check needs one; an unreadable entry gives none). Notes the write in the session.
 */
export async function planIssues(withClient: WithClient, session: PlanSession, className: string, inputs: Readonly<Record<string, unknown>>): Promise<Issue[]> {
  session.note(className, inputs);
  return className === 'ServiceIntentions' ? l7ProtocolIssues(withClient, session, inputs) : [];
}

