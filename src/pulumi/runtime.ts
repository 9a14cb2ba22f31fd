import type * as pulumi from '@pulumi/pulumi';
import { ConsulClient } from '../consul';
import {
  errorMessage, isGone, writesOnApply, PartialStateError, PASSPHRASE_ENV, passphraseProblem, resourceEntry, sealedInputIssues, sameValue, ValidationError,
  type AnyResourceDefinition, type OperationContext, type ResourceClassName, type TokenSealing,
} from '../core';
import { PREFLIGHT_KEY, preflightFailures } from './preflight';
import {
  CONFIG_NAMESPACE, connectionFailures, PASSPHRASE_SETTING, settingsFor, settingsFromConfig, type ProviderConfig, type StackConfig,
} from './settings';
import { fromPulumi, inputsOf, issueFailures, outputsOf, splitProps, UNKNOWN_SENTINEL } from './wire';

// What the serialized providers call (loaded by package name inside Pulumi's provider process): every method
// delegates the decision to the core resource and only translates between Pulumi's shapes and the core's.

type Fields = Record<string, unknown>;
/** A core resource as the adapter handles it (plain records in and out). */
export type Definition = AnyResourceDefinition;

/** Which core resource a provider serves: its class name in the core registry (or its camelCase, as serialized before). */
export type ResourceKind = ResourceClassName | Uncapitalize<ResourceClassName>;

/** The core resource of `kind`, from the registry (also by the camelCase kind that providers serialized by earlier builds carry in state). */
export function definitionOf(kind: ResourceKind): Promise<Definition> {
  return resourceEntry(kind.charAt(0).toUpperCase() + kind.slice(1)).load();
}

/** Where progress messages go (Pulumi shows a dynamic provider's output). Replaceable for tests. */
let logSink: (message: string) => void = (message) => {
  process.stderr.write(`consul-peering: ${message}\n`);
};

/** Routes provider progress messages (waiting for ACTIVE, healing leftovers) to `sink`; returns the previous sink. */
export function setProviderLog(sink: (message: string) => void): (message: string) => void {
  const previous = logSink;
  logSink = sink;
  return previous;
}

/**
 * Pulumi state encrypts secrets itself; the passphrase (stack config, then the environment) only opens tokens sealed by a
 * Terraform acceptor (and seals, if set).
 */
const tokenSealing = (configured: ProviderConfig | undefined): TokenSealing => ({
  passphrase: configured?.peeringTokenPassphrase || process.env[PASSPHRASE_ENV] || undefined,
  setting: `${CONFIG_NAMESPACE}:${PASSPHRASE_SETTING} (or ${PASSPHRASE_ENV})`,
});

/** Runs `operation` with a client for the resource's `connection` or the configured settings, closing its connections afterwards. */
async function withClient<T>(connection: unknown, configured: ProviderConfig | undefined, operation: (context: OperationContext) => Promise<T>): Promise<T> {
  const client = ConsulClient.fromSettings(settingsFor(connection, configured), { userAgent: 'consul-peering/pulumi' });
  try {
    return await operation({ client, log: (message) => logSink(message), tokenSealing: tokenSealing(configured) });
  } finally {
    client.close();
  }
}

/**
 * A core {@link PartialStateError} as Pulumi's dynamic-provider server expects a partial failure: an error with `id`,
 * `properties` and `reasons`, so the engine keeps the object in state (and the next `up` continues from it).
 */
function asPulumiError(error: unknown, id: string, connection: unknown): unknown {
  if (!(error instanceof PartialStateError)) return error;
  const state = error.state as object;
  const message = errorMessage(error, (name) => name);
  return Object.assign(new Error(message), { id, properties: outputsOf(state, connection), reasons: [message] });
}

/** The implementation behind every provider method; `configured` = settings from the stack config (`configure`). */
export const providerRuntime = {
  /** Reads the provider settings from the stack config (`consul-peering:address`, ...). */
  settingsFromConfig(config: StackConfig): ProviderConfig {
    const configured = settingsFromConfig(config);
    const weak = configured.peeringTokenPassphrase === undefined ? undefined : passphraseProblem(configured.peeringTokenPassphrase);
    if (weak !== undefined) throw new Error(`${CONFIG_NAMESPACE}:${PASSPHRASE_SETTING} ${weak}`);
    return configured;
  },

  /** Defaults and validation by the core (unknowns skipped), connection settings checked without any request. */
  async check(kind: ResourceKind, olds: Fields, news: Fields, configured?: ProviderConfig): Promise<pulumi.dynamic.CheckResult> {
    const definition = await definitionOf(kind);
    const { fields, connection } = splitProps(news);
    const { inputs, issues } = definition.check(fields);
    const failures = [...issueFailures(definition.schema, issues, fields), ...connectionFailures(fromPulumi(connection), configured)];
    if (failures.length === 0) failures.push(...issueFailures(definition.schema, await sealedInputIssues(definition.schema, inputs, tokenSealing(configured)), fields));
    // A create (no old inputs) or a change writes: the program's preflight answer decides (preflight.ts).
    if (failures.length === 0 && writesOnApply(definition, splitProps(olds).fields, inputs)) {
      failures.push(...preflightFailures(news[PREFLIGHT_KEY], logSink));
    }
    return { inputs: outputsOf(inputs, connection), failures };
  },

  /** The core's diff: changed attributes, which force a replacement, delete-before-replace; new settings or code update in place. */
  async diff(kind: ResourceKind, _id: string, olds: Fields, news: Fields): Promise<pulumi.dynamic.DiffResult> {
    const definition = await definitionOf(kind);
    const before = splitProps(olds);
    const after = splitProps(news);
    const result = definition.diff(before.fields, after.fields);
    if (result.issues.length > 0) throw new ValidationError(definition.schema.className, result.issues);
    const replaces = result.replace.map((replace) => replace.field);
    const settingsChanged = !sameValue(fromPulumi(before.connection), fromPulumi(after.connection));
    const codeChanged = typeof before.provider === 'string' && typeof after.provider === 'string'
      && after.provider !== UNKNOWN_SENTINEL && before.provider !== after.provider;
    return {
      changes: result.changed.length > 0 || settingsChanged || codeChanged,
      replaces,
      deleteBeforeReplace: replaces.length > 0 && result.deleteBeforeReplace,
    };
  },

  /** The core's create; the ID is the core's; a partial result (e.g. never ACTIVE) is kept in state. */
  async create(kind: ResourceKind, news: Fields, configured?: ProviderConfig): Promise<pulumi.dynamic.CreateResult> {
    const definition = await definitionOf(kind);
    const { fields, connection } = splitProps(news);
    const id = definition.id(fields);
    try {
      const state = await withClient(connection, configured, (context) => definition.create(context, fields));
      return { id, outs: outputsOf(state, connection) };
    } catch (error) {
      throw asPulumiError(error, id, connection);
    }
  },

  /** The core's read; gone → empty ID (Pulumi drops it and plans a create); otherwise outputs and the inputs they imply. */
  async read(kind: ResourceKind, id: string, props: Fields, configured?: ProviderConfig): Promise<pulumi.dynamic.ReadResult> {
    const definition = await definitionOf(kind);
    const { fields, connection } = splitProps(props);
    const found = await withClient(connection, configured, (context) => definition.read(context, id, fields));
    if (isGone(found)) {
      logSink(`${definition.schema.className} ${id} is gone (${found.reason}); the next update creates it again`);
      return { id: '', props: {} };
    }
    return { id, props: outputsOf(found, connection), inputs: inputsOf(definition.schema, found, connection) };
  },

  /** The core's update when an attribute changed; a change of connection settings or provider code only rewrites state. */
  async update(kind: ResourceKind, id: string, olds: Fields, news: Fields, configured?: ProviderConfig): Promise<pulumi.dynamic.UpdateResult> {
    const definition = await definitionOf(kind);
    const before = splitProps(olds);
    const after = splitProps(news);
    const result = definition.diff(before.fields, after.fields);
    if (result.issues.length > 0) throw new ValidationError(definition.schema.className, result.issues);
    if (result.changed.length === 0) return { outs: outputsOf(before.fields, after.connection) };
    try {
      const state = await withClient(after.connection, configured, (context) => definition.update(context, before.fields, after.fields));
      return { outs: outputsOf(state, after.connection) };
    } catch (error) {
      throw asPulumiError(error, id, after.connection);
    }
  },

  /** The core's delete, with the settings stored with the resource. */
  async delete(kind: ResourceKind, _id: string, props: Fields, configured?: ProviderConfig): Promise<void> {
    const definition = await definitionOf(kind);
    const { fields, connection } = splitProps(props);
    await withClient(connection, configured, (context) => definition.delete(context, fields));
  },
};

/** The shape serialized providers load: {@link providerRuntime}. */
export type ProviderRuntime = typeof providerRuntime;
