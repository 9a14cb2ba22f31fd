import type { ConsulClient } from '../consul';
import { CoreError } from './errors';
import { ValidationError, type Issue } from './issues';
import type { MessageParts } from './message';
import type { Permission } from './permissions';
import type { ResourceSchema } from './schema';
import type { ArgsOf, InputsOf, StateOf } from './schema-types';
import { containsUnknown } from './unknown';

/** What an operation needs: a client for the cluster and an optional cancellation signal. */
export interface OperationContext {
  readonly client: ConsulClient;
  readonly signal?: AbortSignal | undefined;
  /** Progress messages (adapters route them to TF logs / Pulumi log). */
  readonly log?: ((message: string) => void) | undefined;
  /** Sealing of peering tokens: generated tokens are sealed when a passphrase is set; sealed ones are opened with it. */
  readonly tokenSealing?: TokenSealing | undefined;
}

/** The passphrase for sealed peering tokens, and the setting it is configured by (named in messages). */
export interface TokenSealing {
  readonly passphrase?: string | undefined;
  /** e.g. `peering_token_passphrase` (Terraform) or `CONSUL_PEERING_TOKEN_PASSPHRASE`. */
  readonly setting: string;
}

/** Outcome of `check`: inputs with defaults applied, and every problem found (unknown values skipped). */
export interface CheckResult<Inputs> {
  readonly inputs: Inputs;
  readonly issues: readonly Issue[];
}

/** Outcome of `diff`: what changed, which changes force a replacement (with the reason), plan-time problems. */
export interface DiffResult {
  readonly changed: readonly string[];
  /** Changed attributes that force replacement, each with a reason users see in the plan. */
  readonly replace: readonly { readonly field: string; readonly reason: string }[];
  /** The old object must be deleted before the new one is created (name-keyed objects). */
  readonly deleteBeforeReplace: boolean;
  /** Changes that cannot be applied as asked (plan fails with these). */
  readonly issues: readonly Issue[];
}

/** A read that found nothing: the object is gone and should be planned again; `reason` says why. */
export interface Gone {
  readonly gone: true;
  readonly reason: string;
}

/** Outcome of `read`: the current state, or {@link Gone}. */
export type ReadResult<State> = State | Gone;

/** True when a read result says the object is gone. */
export function isGone(value: unknown): value is Gone {
  return typeof value === 'object' && value !== null && (value as { gone?: unknown }).gone === true;
}

/**
 * Thrown when the object was created or changed but did not reach the wanted condition (e.g. a peering that
 * never became ACTIVE): adapters keep `state` (Pulumi partial state, Terraform state plus an error).
 */
export class PartialStateError<State> extends CoreError {
  constructor(message: string | MessageParts, readonly id: string, readonly state: State) {
    super('not_ready', typeof message === 'string' ? [message] : message, { id });
    this.name = 'PartialStateError';
  }
}

/**
 * One resource of the core: pure check/diff, and create/read/update/delete/import against Consul.
 * `Args` are the user's arguments, `Inputs` the same after `check` (defaults applied); `State` adds the computed attributes.
 */
export interface ResourceDefinition<Inputs, State extends Inputs, Args = Inputs> {
  readonly schema: ResourceSchema;
  /** Applies defaults and validates; never throws, never calls Consul. */
  check(inputs: Record<string, unknown>): CheckResult<Inputs>;
  /** Compares the stored state with new inputs (unset defaulted ones count as their default); pure. */
  diff(state: State, inputs: Args): DiffResult;
  /** The ID of the object the inputs describe. */
  id(inputs: Inputs): string;
  create(context: OperationContext, args: Args): Promise<State>;
  /** Reads the object back; `prior` carries what Consul cannot return (tokens, owned parts). */
  read(context: OperationContext, id: string, prior?: Partial<State>): Promise<ReadResult<State>>;
  update(context: OperationContext, state: State, args: Args): Promise<State>;
  delete(context: OperationContext, state: State): Promise<void>;
  /** ACL permissions this object needs: `read` to refresh it, `write` to create, change or delete it. */
  permissions(inputs: Inputs, access: 'read' | 'write'): readonly Permission[];
  /** Parses an import ID into the partial inputs read() needs, or an issue listing the accepted forms. */
  parseImportId(id: string): { readonly prior: Partial<State>; readonly id: string } | Issue;
}

/** The definition of the resource whose schema is `S`: its argument, input and state types inferred from the schema. */
export type DefinitionOf<S extends ResourceSchema> = ResourceDefinition<InputsOf<S['fields']>, StateOf<S['fields']>, ArgsOf<S['fields']>>;

/** Any resource as adapters handle it: inputs and state as plain records. */
export type AnyResourceDefinition = ResourceDefinition<Record<string, unknown>, Record<string, unknown>, Record<string, unknown>>;

/** Whether an update changing `changed` writes to Consul (so computed attributes are unknown until it runs): not when only state-only fields change. */
export function updateWrites(definition: AnyResourceDefinition, changed: readonly string[]): boolean {
  return changed.some((name) => definition.schema.fields[name]?.stateOnly !== true);
}

/** Whether applying `inputs` writes to Consul: a create (no prior state) or a change the resource's diff finds that is not state-only. */
export function writesOnApply(definition: AnyResourceDefinition, prior: Record<string, unknown>, inputs: Record<string, unknown>): boolean {
  return Object.keys(prior).length === 0 || updateWrites(definition, definition.diff(prior, inputs).changed);
}

/**
 * Inputs re-checked right before an apply (adapters call `check` first; direct callers may not): defaults
 * applied, any issue or unknown value thrown before a single request is made.
 */
export function inputsForApply<Inputs>(className: string, check: (raw: Record<string, unknown>) => CheckResult<Inputs>, raw: object): Inputs {
  const { inputs, issues } = check({ ...raw });
  if (issues.length > 0) throw new ValidationError(className, issues);
  if (containsUnknown(inputs)) throw new CoreError('inputs_unknown', [`${className}: cannot apply while some inputs are still unknown`], { resource: className });
  return inputs;
}
