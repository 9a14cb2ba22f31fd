import * as pulumi from '@pulumi/pulumi';
import {
  type ExportedServicesInputs, type ExportedServicesState, type IntentionSource, type PeeringInputs, type PeeringState,
  type PeeringTokenInputs, type PeeringTokenState, type ResourceSchema, type ServiceIntentionsInputs, type ServiceIntentionsState,
} from '../core';
import { PROVIDERS } from './provider';
import type { ArgsOf, ConnectionOption, OutputsOf } from './types';
import { preflightAnswer } from './preflight';
import { definitionOf, type Definition, type ResourceKind } from './runtime';
import { CONNECTION_KEY, PREFLIGHT_KEY } from './wire';

/** Module part of the type tokens: `pulumi-nodejs:dynamic/consulpeering:PeeringToken`. */
export const TYPE_MODULE = 'consulpeering';

/**
 * The properties handed to Pulumi, derived from the schema: every attribute (computed ones as `undefined`, so the
 * SDK creates their outputs), sensitive inputs wrapped as secrets, the connection as one secret, and the answer of
 * the program's permission preflight for the resource `name` (preflight.ts).
 */
export function resourceProps(definition: Definition, name: string, args: object): pulumi.Inputs {
  const given = args as Readonly<Record<string, unknown>>;
  const props: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(definition.schema.fields)) {
    const value = spec.mode === 'computed' ? undefined : given[field];
    props[field] = spec.sensitive === true && value !== undefined ? pulumi.secret(value) : value;
  }
  const connection = given[CONNECTION_KEY];
  props[CONNECTION_KEY] = connection === undefined ? undefined : pulumi.secret(connection);
  props[PREFLIGHT_KEY] = preflightAnswer(definition, name, given);
  return props as pulumi.Inputs;
}

/** The arguments of `pulumi.dynamic.Resource`'s constructor for a resource of `kind`. */
function dynamicArgs(kind: ResourceKind, name: string, args: object, opts: pulumi.CustomResourceOptions | undefined) {
  const definition = definitionOf(kind);
  return [PROVIDERS[kind], name, resourceProps(definition, name, args), resourceOptions(definition.schema, opts), TYPE_MODULE, definition.schema.className] as const;
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

/** Arguments of a {@link PeeringToken}. */
export type PeeringTokenArgs = ArgsOf<PeeringTokenInputs> & ConnectionOption;

/** Outputs of a {@link PeeringToken} (`peeringToken` is a secret). */
export interface PeeringToken extends OutputsOf<PeeringTokenState> {}

/**
 * A peering token generated on the accepting cluster for one peer. `peeringToken` is a secret in state, in outputs and
 * across StackReference. Changing `serverExternalAddresses` or `rotationTrigger` rotates the token in place.
 */
export class PeeringToken extends pulumi.dynamic.Resource {
  /** Generates (on create) a token for `args.peerName` on the cluster of `args.connection`. */
  constructor(name: string, args: PeeringTokenArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicArgs('peeringToken', name, args, opts));
  }
}

/** Arguments of a {@link Peering}. */
export type PeeringArgs = ArgsOf<PeeringInputs> & ConnectionOption;

/** Outputs of a {@link Peering} (`peeringToken` is a secret). */
export interface Peering extends OutputsOf<PeeringState> {}

/**
 * The dialing side of a peering: establishes it with a token from the accepting cluster and (by default) waits until
 * ACTIVE. A new `peeringToken` re-establishes in place.
 */
export class Peering extends pulumi.dynamic.Resource {
  /** Establishes (on create) the peering `args.peerName` on the cluster of `args.connection`. */
  constructor(name: string, args: PeeringArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicArgs('peering', name, args, opts));
  }
}

/** Arguments of an {@link ExportedServices} (`partition` defaults to `default`, `exclusive` to false). */
export type ExportedServicesArgs = ArgsOf<ExportedServicesInputs, 'partition' | 'exclusive'> & ConnectionOption;

/** Outputs of an {@link ExportedServices}. */
export interface ExportedServices extends OutputsOf<ExportedServicesState> {}

/**
 * Services of one partition exported to peers. Owns only the (service, consumer) pairs it lists, merged into the
 * partition's entry with check-and-set writes, unless `exclusive`.
 */
export class ExportedServices extends pulumi.dynamic.Resource {
  /** Merges (on create) `args.services` into the partition's exported-services entry. */
  constructor(name: string, args: ExportedServicesArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicArgs('exportedServices', name, args, opts));
  }
}

/** One source of a {@link ServiceIntentions} as the user writes it (`precedence` is computed by Consul). */
export type IntentionSourceInputs = Omit<IntentionSource, 'precedence'>;

/** Arguments of a {@link ServiceIntentions} (`exclusive` defaults to false). */
export type ServiceIntentionsArgs =
  ArgsOf<Omit<ServiceIntentionsInputs, 'sources'> & { readonly sources: readonly IntentionSourceInputs[] }, 'exclusive'> & ConnectionOption;

/** Outputs of a {@link ServiceIntentions} (each source with Consul's `precedence`). */
export interface ServiceIntentions extends OutputsOf<ServiceIntentionsState> {}

/**
 * Intentions of one destination service (typically allowing services of a peer). Owns only the sources and meta keys
 * it lists, merged into the destination's entry with check-and-set writes, unless `exclusive`.
 */
export class ServiceIntentions extends pulumi.dynamic.Resource {
  /** Merges (on create) `args.sources` into the destination's service-intentions entry. */
  constructor(name: string, args: ServiceIntentionsArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicArgs('serviceIntentions', name, args, opts));
  }
}
