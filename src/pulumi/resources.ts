import * as pulumi from '@pulumi/pulumi';
import {
  exportedServicesSchema, peeringSchema, peeringTokenSchema, resourceEntry, serviceIntentionsSchema,
  type ArgsOf as CoreArgsOf, type ResourceSchema, type StateOf,
} from '../core';
import { PROVIDERS } from './provider';
import type { ArgsOf, ConnectionOption, OutputsOf } from './types';
import { preflightAnswer } from './preflight';
import { CONNECTION_KEY, PREFLIGHT_KEY } from './wire';

/** Module part of the type tokens: `pulumi-nodejs:dynamic/consulpeering:PeeringToken`. */
export const TYPE_MODULE = 'consulpeering';

/**
 * The properties handed to Pulumi, derived from the schema: every attribute (computed ones as `undefined`, so the
 * SDK creates their outputs), sensitive inputs wrapped as secrets, the connection as one secret, and the answer of
 * the program's permission preflight for the resource `name` (preflight.ts).
 */
export function resourceProps(schema: ResourceSchema, name: string, args: object): pulumi.Inputs {
  const given = args as Readonly<Record<string, unknown>>;
  const props: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(schema.fields)) {
    const value = spec.mode === 'computed' ? undefined : given[field];
    props[field] = spec.sensitive === true && value !== undefined ? pulumi.secret(value) : value;
  }
  const connection = given[CONNECTION_KEY];
  props[CONNECTION_KEY] = connection === undefined ? undefined : pulumi.secret(connection);
  props[PREFLIGHT_KEY] = preflightAnswer(resourceEntry(schema.className), name, given);
  return props as pulumi.Inputs;
}

/** The names of the schema's sensitive attributes plus `connection`: outputs Pulumi must encrypt (`additionalSecretOutputs`). */
export function secretOutputs(schema: ResourceSchema): string[] {
  return [...Object.entries(schema.fields).filter(([, field]) => field.sensitive === true).map(([name]) => name), CONNECTION_KEY];
}

/** Resource options: delete-before-replace (every object is keyed by its name) and the secret outputs, merged with the caller's. */
export function resourceOptions(schema: ResourceSchema, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  const secrets = new Set([...(opts?.additionalSecretOutputs ?? []), ...secretOutputs(schema)]);
  return { deleteBeforeReplace: true, ...opts, additionalSecretOutputs: [...secrets] };
}

/** The Pulumi arguments of the resource whose schema is `S`: its core arguments as deep inputs, plus `connection`. */
export type ResourceArgs<S extends ResourceSchema> = ArgsOf<CoreArgsOf<S['fields']>> & ConnectionOption;

/** The class of a resource backed by its dynamic provider, with one output per attribute of its state. */
export type ResourceClass<S extends ResourceSchema> = new (name: string, args: ResourceArgs<S>, opts?: pulumi.CustomResourceOptions)
  => pulumi.dynamic.Resource & OutputsOf<StateOf<S['fields']>>;

/** The resource class of a registered schema: its properties, options and provider all derived from the schema. */
export function resourceClass<S extends ResourceSchema>(schema: S): ResourceClass<S> {
  const found = PROVIDERS[schema.className];
  if (found === undefined) throw new Error(`consul-peering: no provider for ${schema.className}`);
  const provider: pulumi.dynamic.ResourceProvider = found;
  const Class = class extends pulumi.dynamic.Resource {
    constructor(name: string, args: ResourceArgs<S>, opts?: pulumi.CustomResourceOptions) {
      super(provider, name, resourceProps(schema, name, args), resourceOptions(schema, opts), TYPE_MODULE, schema.className);
    }
  };
  Object.defineProperty(Class, 'name', { value: schema.className });
  return Class as unknown as ResourceClass<S>;
}

/** Arguments of a {@link PeeringToken}. */
export type PeeringTokenArgs = ResourceArgs<typeof peeringTokenSchema>;
/**
 * A peering token generated on the accepting cluster for one peer. `peeringToken` is a secret in state, in outputs and
 * across StackReference. Changing `serverExternalAddresses` or `rotationTrigger` rotates the token in place.
 */
export const PeeringToken = resourceClass(peeringTokenSchema);
/** An instance of {@link PeeringToken}. */
export type PeeringToken = InstanceType<typeof PeeringToken>;

/** Arguments of a {@link Peering}. */
export type PeeringArgs = ResourceArgs<typeof peeringSchema>;
/**
 * The dialing side of a peering: establishes it with a token from the accepting cluster and (by default) waits until
 * ACTIVE. A new `peeringToken` re-establishes in place.
 */
export const Peering = resourceClass(peeringSchema);
/** An instance of {@link Peering}. */
export type Peering = InstanceType<typeof Peering>;

/** Arguments of an {@link ExportedServices} (`partition` defaults to `default`, `exclusive` to false). */
export type ExportedServicesArgs = ResourceArgs<typeof exportedServicesSchema>;
/**
 * Services of one partition exported to peers. Owns only the (service, consumer) pairs it lists, merged into the
 * partition's entry with check-and-set writes, unless `exclusive`.
 */
export const ExportedServices = resourceClass(exportedServicesSchema);
/** An instance of {@link ExportedServices}. */
export type ExportedServices = InstanceType<typeof ExportedServices>;

/** Arguments of a {@link ServiceIntentions} (`exclusive` defaults to false). */
export type ServiceIntentionsArgs = ResourceArgs<typeof serviceIntentionsSchema>;
/** One source of a {@link ServiceIntentions} as the user writes it (`precedence` is computed by Consul). */
export type IntentionSourceInputs = CoreArgsOf<typeof serviceIntentionsSchema.fields>['sources'][number];
/**
 * Intentions of one destination service (typically allowing services of a peer). Owns only the sources and meta keys
 * it lists, merged into the destination's entry with check-and-set writes, unless `exclusive`.
 */
export const ServiceIntentions = resourceClass(serviceIntentionsSchema);
/** An instance of {@link ServiceIntentions}. */
export type ServiceIntentions = InstanceType<typeof ServiceIntentions>;
