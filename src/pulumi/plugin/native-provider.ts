// The native provider's resource operations, transport-free: each takes and returns engine property values and
// delegates every decision to the core resource of the type token (the gRPC layer, grpc-server.ts, only translates).
import { resolveConsulConfig } from '../../consul/config';
import {
  containsUnknown, editionIssues, errorMessage, formatPath, isGone, PartialStateError, planIssues, PlanSession, PreflightBatcher, preflightEnabled, resourceEntry, sealedInputIssues,
  settingsEditionProblems, UNKNOWN, writeNeeds, writesOnApply, type AnyResourceDefinition, type Issue, type OperationContext, type TokenSealing,
} from '../../core';
import { checkSettings, settingsOf, type PluginSettings, type PropertyFailure } from './config';
import { fieldsFromEngine, inputView, issueFailures, propertiesToEngine } from './properties';

type Props = Record<string, unknown>;

/** What Diff reports: changed properties, replacements and how each property changes. */
export interface DiffOutcome {
  readonly changes: boolean;
  readonly replaces: readonly string[];
  readonly deleteBeforeReplace: boolean;
  readonly detailed: Readonly<Record<string, 'add' | 'update' | 'delete' | 'add-replace' | 'update-replace' | 'delete-replace'>>;
}

/** A create or update that wrote something but did not reach the wanted condition: the engine keeps `properties`. */
export class PartialFailure extends Error {
  constructor(message: string, readonly id: string, readonly properties: Props, readonly inputs: Props) {
    super(message);
    this.name = 'PartialFailure';
  }
}

let clientModule: Promise<typeof import('../../consul/client')> | undefined;

/**
 * The Consul client's module (with its wire schemas, ~45 ms to load), loaded once: {@link preloadConsulClient} starts
 * it after the port line, so that neither the engine's wait for the plugin nor the first operation pays for it.
 */
const loadClientModule = (): Promise<typeof import('../../consul/client')> => (clientModule ??= import('../../consul/client'));

/** Starts loading the Consul client's module in the background (once the plugin serves, while the engine connects). */
export function preloadConsulClient(): void {
  // A failure to load is reported by the first operation that needs the client (it awaits the same promise).
  setImmediate(() => { loadClientModule().catch(() => undefined); });
}

/** The class name of a type token `consulpeering:index:Peering`. */
const classNameOf = (type: string): string => type.split(':').pop() ?? type;

/** One provider process: its settings once configured, and the signal Cancel fires. */
export class NativeProvider {
  private settings: PluginSettings | undefined;
  private readonly cancelled = new AbortController();
  /** The permission preflight of this provider's cluster: one authorize request per wave of checks, answers kept. */
  private preflight: PreflightBatcher | undefined;
  /** What this process planned so far (its plan-time checks rely on it: see core/plan-session.ts). */
  private readonly planSession = new PlanSession();

  /** CheckConfig: the problems of the provider's inputs, by setting name. */
  checkConfig(news: Props | undefined): PropertyFailure[] {
    return checkSettings(news);
  }

  /** Configure: keeps the settings (already checked by CheckConfig; checked again here for engines that skip it). */
  configure(values: Props): void {
    const failures = checkSettings(values);
    if (failures.length > 0) throw new Error(failures.map((failure) => `${failure.property}: ${failure.reason}`).join('; '));
    this.settings = settingsOf(fieldsFromEngine(values));
  }

  /** Cancel: stops every operation in flight. */
  cancel(): void {
    this.cancelled.abort(new Error('the engine cancelled the operation'));
  }

  /**
   * Check: defaults applied, every problem with its property path; sealed tokens must open with the passphrase; on
   * Consul CE, enterprise-only values fail here, before anything is written (see core/edition.ts).
   */
  async check(type: string, news: Props | undefined): Promise<{ inputs: Props; failures: PropertyFailure[] }> {
    const definition = await this.definition(type);
    const fields = fieldsFromEngine(news);
    const { inputs, issues } = definition.check(fields);
    const sealed = issues.length === 0 ? await sealedInputIssues(definition.schema, inputs, this.sealing()) : [];
    const edition = issues.length === 0 && sealed.length === 0 ? await this.editionIssues(definition, inputs) : [];
    return { inputs: propertiesToEngine(definition.schema.fields, inputs), failures: issueFailures(definition.schema.fields, [...issues, ...sealed, ...edition], fields) };
  }

  /**
   * The edition check (the cluster asked once per process, only when something depends on it): a partition or namespace
   * setting CE cannot honour is thrown (it concerns every resource), enterprise-only inputs come back as issues.
   */
  private async editionIssues(definition: AnyResourceDefinition, inputs: Props): Promise<Issue[]> {
    if (this.settings === undefined) return [];
    return this.withContext(async ({ client, signal }) => {
      const problems = await settingsEditionProblems(client, signal);
      if (problems.length > 0) throw new Error(problems.map((problem) => `${problem.message} Nothing was read or written.`).join('\n'));
      return editionIssues(client, definition.schema.fields, inputs, signal);
    });
  }

  /**
   * The permission preflight of a planned write (Create or Update, at preview and before writing): fails naming every
   * permission the cluster's token lacks and the rule to add. The engine checks resources one after the other but runs
   * their Create and Update steps together, so the writes of one preview share one authorize request per cluster.
   */
  private async requirePermissions(definition: AnyResourceDefinition, inputs: Props, name: string): Promise<void> {
    if (containsUnknown(inputs)) return;
    const missing = await this.missingPermissions(definition, inputs, name);
    if (missing.length > 0) throw new Error(missing.join('\n'));
  }

  /** The permissions `inputs` need to be written that the configured token lacks, as messages (none when ACLs are off). */
  private async missingPermissions(definition: AnyResourceDefinition, inputs: Props, name: string): Promise<string[]> {
    if (!preflightEnabled() || this.settings === undefined) return [];
    const connection = this.settings.connection;
    const { ConsulClient } = await loadClientModule();
    this.preflight ??= new PreflightBatcher(() => {
      const client = ConsulClient.fromSettings(connection, { userAgent: 'consul-peering/pulumi-resource-consulpeering' });
      return { client, release: () => client.close() };
    }, resolveConsulConfig(connection).baseUrl);
    const outcome = await this.preflight.check(writeNeeds(definition.permissions(inputs, 'write'), `${definition.schema.className} "${name}"`));
    if (outcome.kind !== 'missing') return [];
    return outcome.missing.map(({ message }) => message);
  }

  /**
   * The core's plan-time checks of a planned write against Consul and the writes planned before it by this process (an
   * L7 intention on a destination that is not HTTP): fails naming the property path, before anything is written.
   */
  private async requirePlanChecks(definition: AnyResourceDefinition, inputs: Props): Promise<void> {
    if (this.settings === undefined) return;
    const issues = await planIssues((read) => this.withContext(({ client, signal }) => read(client, signal)), this.planSession, definition.schema.className, inputs);
    if (issues.length > 0) throw new Error(issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('\n'));
  }

  /** Diff: the core's diff, with a detailed change kind per property. */
  async diff(type: string, olds: Props | undefined, news: Props | undefined): Promise<DiffOutcome> {
    const definition = await this.definition(type);
    const before = fieldsFromEngine(olds);
    const after = fieldsFromEngine(news);
    const result = definition.diff(before, after);
    if (result.issues.length > 0) {
      throw new Error(result.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; '));
    }
    const replaces = result.replace.map((entry) => entry.field);
    const detailed: Record<string, DiffOutcome['detailed'][string]> = {};
    for (const name of result.changed) {
      const kind = before[name] === undefined ? 'add' : after[name] === undefined ? 'delete' : 'update';
      detailed[name] = replaces.includes(name) ? `${kind}-replace` : kind;
    }
    return { changes: result.changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 && result.deleteBeforeReplace, detailed };
  }

  /**
   * Create: the core's create. Preview: no ID (the object does not exist yet, so programs see the ID unknown and do
   * not ask functions about it) and the inputs with every computed attribute unknown.
   */
  async create(type: string, news: Props | undefined, preview: boolean, name?: string): Promise<{ id: string; properties: Props }> {
    const definition = await this.definition(type);
    const inputs = fieldsFromEngine(news);
    await this.requirePermissions(definition, inputs, name ?? definition.id(inputs));
    await this.requirePlanChecks(definition, inputs);
    if (preview) return { id: '', properties: propertiesToEngine(definition.schema.fields, withUnknownComputed(definition, inputs)) };
    const id = definition.id(inputs);
    const state = await this.partial(definition, id, inputs, (context) => definition.create(context, inputs));
    return { id, properties: propertiesToEngine(definition.schema.fields, state) };
  }

  /** Read (refresh and import): the object as Consul has it, and the inputs it implies; gone → no ID. */
  async read(type: string, id: string, properties: Props | undefined): Promise<{ id: string; properties: Props; inputs: Props }> {
    const definition = await this.definition(type);
    let prior: Props = fieldsFromEngine(properties);
    if (Object.keys(prior).length === 0) {
      const parsed = definition.parseImportId(id);
      if ('code' in parsed) throw new Error(parsed.message);
      prior = parsed.prior;
    }
    const found = await this.withContext((context) => definition.read(context, id, prior));
    if (isGone(found)) {
      log(`${definition.schema.className} ${id} is gone (${found.reason}); a refresh drops it from the state, the next update creates it again`);
      return { id: '', properties: {}, inputs: {} };
    }
    return { id, properties: propertiesToEngine(definition.schema.fields, found), inputs: propertiesToEngine(definition.schema.fields, inputView(definition.schema.fields, found)) };
  }

  /** Update: the core's update (in place; a replacement was planned by Diff instead). */
  async update(type: string, id: string, olds: Props | undefined, news: Props | undefined, preview: boolean, name?: string): Promise<Props> {
    const definition = await this.definition(type);
    const state = fieldsFromEngine(olds);
    const inputs = fieldsFromEngine(news);
    const writes = writesOnApply(definition, state, inputs);
    if (writes) await this.requirePermissions(definition, inputs, name ?? id);
    if (writes) await this.requirePlanChecks(definition, inputs);
    if (preview) return propertiesToEngine(definition.schema.fields, writes ? withUnknownComputed(definition, inputs) : { ...state, ...inputs });
    const next = await this.partial(definition, id, inputs, (context) => definition.update(context, state, inputs));
    return propertiesToEngine(definition.schema.fields, next);
  }

  /** Invoke: the package's functions (`getPeering`, `getPeerings`), the core's peering queries on this provider's cluster. */
  async invoke(token: string, args: Props | undefined): Promise<{ result: Props; failures: PropertyFailure[] }> {
    const { queryPeering, queryPeerings } = await import('../../core/peering-queries');
    const values = fieldsFromEngine(args);
    const partition = typeof values['partition'] === 'string' && values['partition'] !== '' ? values['partition'] : undefined;
    const name = classNameOf(token);
    if (name === 'getPeerings') {
      const peerings = await this.withContext((context) => queryPeerings(context, partition));
      return { result: { ...(partition === undefined ? {} : { partition }), peerings }, failures: [] };
    }
    if (name !== 'getPeering') throw new Error(`unknown function ${token}`);
    const peerName = values['peerName'];
    if (typeof peerName !== 'string' || peerName === '') return { result: {}, failures: [{ property: 'peerName', reason: 'is required' }] };
    const found = await this.withContext((context) => queryPeering(context, peerName, partition));
    if ('notFound' in found) throw new Error(`peering ${JSON.stringify(peerName)} not found: ${String(found.notFound)}`);
    return { result: found, failures: [] };
  }

  /** Delete: the core's delete, waiting until the object is gone. */
  async delete(type: string, properties: Props | undefined): Promise<void> {
    const definition = await this.definition(type);
    await this.withContext((context) => definition.delete(context, fieldsFromEngine(properties)));
  }

  private async definition(type: string): Promise<AnyResourceDefinition> {
    return resourceEntry(classNameOf(type)).load();
  }

  private sealing(): TokenSealing {
    return { passphrase: this.settings?.passphrase, setting: 'peeringTokenPassphrase (or CONSUL_PEERING_TOKEN_PASSPHRASE)' };
  }

  /** Runs `operation` with a client for the configured cluster, closing its connections afterwards. */
  private async withContext<T>(operation: (context: OperationContext) => Promise<T>): Promise<T> {
    const { ConsulClient } = await loadClientModule();
    const client = ConsulClient.fromSettings(this.settings?.connection ?? {}, { userAgent: 'consul-peering/pulumi-resource-consulpeering', signal: this.cancelled.signal });
    try {
      return await operation({ client, signal: this.cancelled.signal, log, tokenSealing: this.sealing() });
    } finally {
      client.close();
    }
  }

  /** A write whose partial result (e.g. a peering never ACTIVE) the engine must keep, as {@link PartialFailure}. */
  private async partial(definition: AnyResourceDefinition, id: string, inputs: Props, write: (context: OperationContext) => Promise<Props>): Promise<Props> {
    try {
      return await this.withContext(write);
    } catch (error) {
      if (!(error instanceof PartialStateError)) throw new Error(errorMessage(error, (name) => name), { cause: error });
      const fields = definition.schema.fields;
      throw new PartialFailure(error.message, id, propertiesToEngine(fields, error.state as Props), propertiesToEngine(fields, inputs));
    }
  }
}

/** Progress for the user: the engine keeps what a plugin writes to stderr in its log. */
function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** The inputs with every computed attribute unknown: what a preview shows before Consul answers. */
function withUnknownComputed(definition: AnyResourceDefinition, inputs: Props): Props {
  const out: Props = { ...inputs };
  for (const [name, field] of Object.entries(definition.schema.fields)) if (field.mode === 'computed') out[name] = UNKNOWN;
  return out;
}
