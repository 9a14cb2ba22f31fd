// What the CDK constructs share: a framework's generated class for each resource, and declaring a core plan
// (src/core/components/plan.ts) with them, each resource on the provider of its cluster, references resolved to the
// declared resources' attributes and `after` turned into dependsOn. This file imports only `constructs`.
import type { Construct } from 'constructs';
import { isOutputReference, type PlannedResource, type ServiceRef } from '../core/components/plan';
import type { PlanClassName } from '../core/components/plan';

/** A generated resource class, as the constructs call it. */
export type ResourceBinding = new (scope: Construct, id: string, config: never) => Construct;

/** One framework's generated class for each resource a plan may name. */
export type ClusterPeeringBindings = Readonly<Record<PlanClassName, ResourceBinding>>;

/** The bindings from a framework's generated classes (their config types differ; the plan's arguments fit them all). */
export const bindingsOf = (classes: Readonly<Record<PlanClassName, unknown>>): ClusterPeeringBindings => classes as ClusterPeeringBindings;

/** The id part of an intentions resource: the service, with its namespace when set. */
export const serviceKey = (item: ServiceRef<unknown>): string => (item.namespace === undefined ? String(item.service) : `${String(item.namespace)}.${String(item.service)}`);

/** A declared resource, its attributes read by name (the token's peeringToken, the peering's state, ...). */
export type Declared = Construct & Readonly<Record<string, unknown>>;

/** Declares `plan` in `scope` with `bindings`, each resource on `providerOf(side)`, in the plan's order; the resources by key. */
export function declarePlan<Side>(
  scope: Construct, plan: readonly PlannedResource<Side>[], providerOf: (side: Side) => unknown, bindings: ClusterPeeringBindings,
): Map<string, Declared> {
  const declared = new Map<string, Declared>();
  for (const planned of plan) {
    const args = Object.fromEntries(Object.entries(planned.args).filter(([, value]) => value !== undefined).map(([key, value]) => {
      if (!isOutputReference(value)) return [key, value];
      return [key, declared.get(value.from)?.[value.output]];
    }));
    const dependsOn = planned.after.map((key) => declared.get(key)).filter((resource) => resource !== undefined);
    const Binding = bindings[planned.className];
    declared.set(planned.key, new Binding(scope, planned.key, { ...args, provider: providerOf(planned.side), dependsOn } as never) as Declared);
  }
  return declared;
}
