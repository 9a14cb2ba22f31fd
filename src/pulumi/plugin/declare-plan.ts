// Declaring a component plan (src/core/components: ClusterPeering, ClusterMesh) as the SDK's resources: each planned
// resource a child of the component, on the provider of its cluster, after the resources the plan says it waits for,
// with the outputs of earlier ones where the plan references them. Both components' Construct use it.
import type * as pulumi from '@pulumi/pulumi';
import { isOutputReference, type PlanClassName, type PlannedResource, type ServiceRef } from '../../core/components/plan';
import { ExportedServices, Mesh, Peering, PeeringToken, ServiceIntentions } from '../generated';

/** A resource of the SDK a plan may declare. */
export type SdkResource = PeeringToken | Peering | ExportedServices | ServiceIntentions | Mesh;
type SdkClass = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => SdkResource;

/** The SDK class of each resource a plan may name. */
const CLASSES: Readonly<Record<PlanClassName, SdkClass>> = { PeeringToken, Peering, ExportedServices, ServiceIntentions, Mesh };

/** Declares `plan` as children of `parent` named `<name>-<key>`, each on `providerOf(side)`; returns them by key. */
export function declarePlan<Side>(
  parent: pulumi.ComponentResource, name: string, plan: readonly PlannedResource<Side>[], providerOf: (side: Side) => pulumi.ProviderResource | undefined,
): Map<string, SdkResource> {
  const declared = new Map<string, SdkResource>();
  for (const planned of plan) {
    const resolved = Object.fromEntries(Object.entries(planned.args).map(([key, value]) => {
      if (!isOutputReference(value)) return [key, value];
      const source = declared.get(value.from) as unknown as Record<string, pulumi.Output<unknown>> | undefined;
      return [key, source?.[value.output]];
    }));
    const provider = providerOf(planned.side);
    const dependsOn = planned.after.map((key) => declared.get(key)).filter((resource) => resource !== undefined);
    const Class = CLASSES[planned.className];
    declared.set(planned.key, new Class(`${name}-${planned.key}`, resolved as never, { parent, dependsOn, ...(provider === undefined ? {} : { provider }) }));
  }
  return declared;
}

/** True for a plain object (not null, not a list): what Construct's structural inputs must be. */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The name part of an intentions resource: the service, with its namespace when set (a placeholder when not yet known). */
export function serviceKey(item: ServiceRef<pulumi.Input<unknown>>): string {
  const text = (value: unknown): string => (typeof value === 'string' ? value : 'service');
  return item.namespace === undefined ? text(item.service) : `${text(item.namespace)}.${text(item.service)}`;
}
