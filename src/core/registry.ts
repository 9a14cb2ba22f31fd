// The one list of the core's resources. It imports only their schemas (cheap data); each lifecycle, which pulls in the
// Consul client, loads on first use. The Terraform catalog, the Pulumi side, the docs and CDKTF generators and the
// tests iterate it: adding a resource means adding its entry here.
import type { AnyResourceDefinition } from './lifecycle';
import { exportedServicesSchema } from './resources/exported-services/schema';
import { meshSchema } from './resources/mesh/schema';
import { serviceDefaultsSchema } from './resources/service-defaults/schema';
import { peeringTokenSchema } from './resources/peering-token/schema';
import { peeringSchema } from './resources/peering/schema';
import { serviceIntentionsSchema } from './resources/service-intentions/schema';
import type { ResourceSchema } from './schema';

/** A resource of the registry: its schema now, its lifecycle when an operation needs it. */
export interface ResourceEntry<S extends ResourceSchema = ResourceSchema> {
  readonly schema: S;
  /** Loads the lifecycle module (once; later calls reuse it). */
  load(): Promise<AnyResourceDefinition>;
}

function entry<S extends ResourceSchema>(schema: S, load: () => Promise<AnyResourceDefinition>): ResourceEntry<S> {
  let loaded: Promise<AnyResourceDefinition> | undefined;
  return { schema, load: () => (loaded ??= load()) };
}

/** Every resource of the core, in documentation order. */
export const RESOURCES = [
  entry(peeringTokenSchema, async () => (await import('./resources/peering-token/lifecycle')).peeringToken),
  entry(peeringSchema, async () => (await import('./resources/peering/lifecycle')).peering),
  entry(exportedServicesSchema, async () => (await import('./resources/exported-services/lifecycle')).exportedServices),
  entry(serviceIntentionsSchema, async () => (await import('./resources/service-intentions/lifecycle')).serviceIntentions),
  entry(meshSchema, async () => (await import('./resources/mesh/lifecycle')).mesh),
  entry(serviceDefaultsSchema, async () => (await import('./resources/service-defaults/lifecycle')).serviceDefaults),
] as const;

/** The class name of a registered resource (`PeeringToken`, ...). */
export type ResourceClassName = (typeof RESOURCES)[number]['schema']['className'];

/** The registry entry of the resource named `className`; throws for a name that is not registered. */
export function resourceEntry(className: string): ResourceEntry {
  const found = RESOURCES.find((candidate) => candidate.schema.className === className);
  if (found === undefined) throw new Error(`consul-peering: no resource named ${JSON.stringify(className)}`);
  return found;
}
