// The tfplugin6 Provider service: each RPC decoded and encoded through tfplugin6/ (the typed protocol codec), and
// the per-process provider state (settings, client, stop signal). Core lifecycles and the Consul client are
// loaded on the first RPC that needs them, so schema-only processes stay small.
import type { ConsulClient } from '../consul/client';
import type { OperationContext, TokenSealing } from '../core/lifecycle';
import type { PlanSession } from '../core/plan-session';
import { PASSPHRASE_ENV, passphraseProblem } from '../core/token-text';
import { UNKNOWN } from '../core/unknown';
import {
  DATA_TYPES, PROVIDER_DESCRIPTION, PROVIDER_FIELDS, PROVIDER_TYPE, RESOURCE_TYPES, type Definition, type ManagedType,
} from './catalog';
import { decodeDynamic, encodeDynamic, fromWire, type TfValue } from './cty';
import { readDataSource, validateDataConfig } from './data-sources';
import { errorDiagnostics, hasErrors, issueDiagnostic, type Diagnostic } from './diagnostics';
import { addLogSecret, log } from './log';
import { planChange, plaintextSecretWarnings, sealedTokenDiagnostics, validateConfig } from './plan';
import { PlanPreflight } from './preflight';
import { applyChange, importResource, readResource, type StateOutcome } from './resources';
import { tfSchema } from './schema';
import {
  decodeApplyResourceChangeRequest, decodeConfigureProviderRequest, decodeImportResourceStateRequest, decodePlanResourceChangeRequest,
  decodeReadDataSourceRequest, decodeReadResourceRequest, decodeUpgradeResourceStateRequest, decodeValidateDataResourceConfigRequest,
  decodeValidateProviderConfigRequest, decodeValidateResourceConfigRequest, type DynamicValue,
} from './tfplugin6/requests';
import {
  encodeApplyResourceChangeResponse, encodeConfigureProviderResponse, encodeGetMetadataResponse, encodeGetProviderSchemaResponse,
  encodeImportResourceStateResponse, encodePlanResourceChangeResponse, encodeReadDataSourceResponse, encodeReadResourceResponse,
  encodeStopProviderResponse, encodeUpgradeResourceStateResponse, encodeValidateDataResourceConfigResponse, encodeValidateProviderConfigResponse,
  encodeValidateResourceConfigResponse,
} from './tfplugin6/responses';
import { toCore } from './values';
import type { UnaryHandler } from './grpc';

/** What one provider process knows: its client once configured, and the signal StopProvider fires. */
export class ProviderInstance {
  private client: ConsulClient | undefined;
  private passphrase: string | undefined;
  private readonly stop = new AbortController();
  private readonly preflight = new PlanPreflight();
  /** What this process planned so far (plan-time checks rely on it: see core/plan-session.ts); made on the first plan. */
  private planSession: PlanSession | undefined;

  /** Creates the Consul client from the provider block; problems become diagnostics on the setting. */
  async configure(config: TfValue): Promise<Diagnostic[]> {
    const settings = toCore(PROVIDER_FIELDS, config, false);
    const unknown = Object.entries(settings).filter(([, value]) => value === UNKNOWN).map(([name]) => name);
    if (unknown.length > 0) {
      return unknown.map((name) => ({
        severity: 'error', summary: 'Provider setting not known yet', path: [{ attribute: snake(name) }],
        detail: `${snake(name)} depends on a value known only after apply; the provider needs it to plan. Apply its source first (-target).`,
      }));
    }
    addLogSecret(typeof settings['token'] === 'string' ? settings['token'] : undefined);
    addLogSecret(process.env['CONSUL_HTTP_TOKEN']);
    const { peeringTokenPassphrase, ...connection } = settings;
    const passphrase = typeof peeringTokenPassphrase === 'string' ? peeringTokenPassphrase : process.env[PASSPHRASE_ENV] || undefined;
    addLogSecret(passphrase);
    const weak = passphrase === undefined ? undefined : passphraseProblem(passphrase);
    if (weak !== undefined) {
      const source = typeof peeringTokenPassphrase === 'string' ? 'peering_token_passphrase' : PASSPHRASE_ENV;
      return [{ severity: 'error', summary: 'Invalid provider configuration', detail: `${source} ${weak}`, path: [{ attribute: 'peering_token_passphrase' }] }];
    }
    this.passphrase = passphrase;
    const { ConsulClient, ConsulConfigError } = await import('../consul');
    try {
      this.client = ConsulClient.fromSettings(connection, {
        userAgent: 'consul-peering-terraform',
        signal: this.stop.signal,
        onRequest: (event) => log.debug(`consul ${event.method} ${event.path} → ${event.status ?? 'no answer'} in ${event.durationMs} ms`
          + `${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}${event.error === undefined ? '' : `: ${event.error}`}`),
      });
      log.info(`configured for ${this.client.config.baseUrl}`);
      return await this.settingsEditionDiagnostics(this.client);
    } catch (error) {
      const setting = error instanceof ConsulConfigError && error.setting in snakeToCamel ? [{ attribute: error.setting }] : undefined;
      return [{ severity: 'error', summary: 'Invalid provider configuration', detail: error instanceof Error ? error.message : String(error), ...(setting === undefined ? {} : { path: setting }) }];
    }
  }

  /** A partition or namespace setting (or `CONSUL_PARTITION`/`CONSUL_NAMESPACE`) other than `default` against Consul CE: an error naming it. */
  private async settingsEditionDiagnostics(client: ConsulClient): Promise<Diagnostic[]> {
    const { settingsEditionProblems } = await import('../core/edition');
    const problems = await settingsEditionProblems(client, this.stop.signal);
    return problems.map((problem) => ({
      severity: 'error', summary: `${problem.source} needs Consul Enterprise`, detail: `${problem.message} Nothing was read or written.`,
      ...(problem.source === problem.setting ? { path: [{ attribute: problem.setting }] } : {}),
    }));
  }

  /** The edition check of a planned write: enterprise-only values against Consul CE, one error per attribute (see core/edition.ts). */
  async editionDiagnostics(definition: Definition, type: ManagedType['type'], inputs: Record<string, unknown>): Promise<Diagnostic[]> {
    if (this.client === undefined) return [];
    const { editionIssues } = await import('../core/edition');
    const issues = await editionIssues(this.client, definition.schema.fields, inputs, this.stop.signal);
    return issues.map((issue) => issueDiagnostic(type, issue));
  }

  /** The core's plan-time checks of a planned write against Consul and the writes this process planned before it. */
  async planDiagnostics(definition: Definition, type: ManagedType['type'], inputs: Record<string, unknown>): Promise<Diagnostic[]> {
    if (this.client === undefined) return [];
    const { planIssues, PlanSession: Session } = await import('../core/plan-session');
    this.planSession ??= new Session();
    const client = this.client;
    const issues = await planIssues((read) => read(client, this.stop.signal), this.planSession, definition.schema.className, inputs);
    return issues.map((issue) => issueDiagnostic(type, issue));
  }

  /** The context core operations run with. */
  context(): OperationContext {
    if (this.client === undefined) throw new Error('the provider was not configured (ConfigureProvider was not called)');
    return { client: this.client, signal: this.stop.signal, log: (message) => log.info(message), tokenSealing: this.sealing() };
  }

  /** The passphrase that seals generated tokens and opens sealed ones (setting, then environment), if any. */
  sealing(): TokenSealing {
    return { passphrase: this.passphrase, setting: `peering_token_passphrase (or ${PASSPHRASE_ENV})` };
  }

  /** The permission preflight of a planned write (one authorize request per plan wave, see preflight.ts). */
  async preflightDiagnostics(definition: Definition, typeName: string, inputs: Record<string, unknown>): Promise<Diagnostic[]> {
    if (this.client === undefined) return [];
    return this.preflight.diagnostics(this.client, definition, typeName, inputs);
  }

  /** StopProvider: cancels every operation in flight. */
  stopAll(): void {
    this.stop.abort(new Error('Terraform asked the provider to stop'));
  }
}

const snake = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const snakeToCamel: Record<string, string> = Object.fromEntries(Object.keys(PROVIDER_FIELDS).map((name) => [snake(name), name]));

const dynamic = (type: ManagedType['type'], value: TfValue): DynamicValue => ({ msgpack: encodeDynamic(type, value) });

function managedType(name: string): ManagedType {
  const found = RESOURCE_TYPES.get(name);
  if (found === undefined) throw new Error(`unknown resource type ${name}`);
  return found;
}

/** Announced in GetProviderSchema and GetMetadata: Terraform may reuse one schema for the whole command. */
const SERVER_CAPABILITIES = { getProviderSchemaOptional: true } as const;

/** The GetProviderSchema response: the provider block, every resource and every data source. */
export function providerSchemaResponse(): Buffer {
  return encodeGetProviderSchemaResponse({
    provider: tfSchema(PROVIDER_DESCRIPTION, PROVIDER_FIELDS),
    resourceSchemas: new Map([...RESOURCE_TYPES].map(([name, managed]) => [name, tfSchema(managed.schema.description, managed.schema.fields)])),
    dataSourceSchemas: new Map([...DATA_TYPES].map(([name, data]) => [name, tfSchema(data.description, data.fields)])),
    serverCapabilities: SERVER_CAPABILITIES,
  });
}

/** One RPC: decode the request, answer it; the request's type name (if it has one) goes into the trace line. */
type Rpc = (bytes: Buffer) => Promise<{ reply: Buffer; typeName?: string | undefined }>;
const rpc = <Request extends object>(decode: (bytes: Buffer) => Request, answer: (request: Request) => Promise<Buffer>): Rpc =>
  async (bytes) => {
    const request = decode(bytes);
    const typeName = 'typeName' in request && typeof request.typeName === 'string' ? request.typeName : undefined;
    return { reply: await answer(request), typeName };
  };
const noRequest = (): object => ({});

/** The tfplugin6 methods by gRPC path. */
export function providerHandlers(instance: ProviderInstance): Map<string, UnaryHandler> {
  const methods: Record<string, Rpc> = {
    GetProviderSchema: rpc(noRequest, async () => providerSchemaResponse()),
    GetMetadata: rpc(noRequest, async () => encodeGetMetadataResponse({
      serverCapabilities: SERVER_CAPABILITIES, dataSources: DATA_TYPES.keys(), resources: RESOURCE_TYPES.keys(),
    })),
    ValidateProviderConfig: rpc(decodeValidateProviderConfigRequest, async (request) => {
      decodeDynamic(PROVIDER_TYPE, request.config);
      return encodeValidateProviderConfigResponse({});
    }),
    ConfigureProvider: rpc(decodeConfigureProviderRequest, async (request) => {
      log.debug(`ConfigureProvider from Terraform ${request.terraformVersion}`);
      return encodeConfigureProviderResponse({ diagnostics: await instance.configure(decodeDynamic(PROVIDER_TYPE, request.config)) });
    }),
    ValidateResourceConfig: rpc(decodeValidateResourceConfigRequest, async (request) => {
      const managed = managedType(request.typeName);
      const config = decodeDynamic(managed.type, request.config);
      return encodeValidateResourceConfigResponse({ diagnostics: validateConfig(await managed.load(), managed.type, config) });
    }),
    ValidateDataResourceConfig: rpc(decodeValidateDataResourceConfigRequest, async (request) => {
      const data = DATA_TYPES.get(request.typeName);
      const config = data === undefined ? null : decodeDynamic(data.type, request.config);
      return encodeValidateDataResourceConfigResponse({ diagnostics: validateDataConfig(await peeringDefinition(), request.typeName, config) });
    }),
    UpgradeResourceState: rpc(decodeUpgradeResourceStateRequest, async (request) => {
      const managed = managedType(request.typeName);
      const json = request.rawState?.json;
      const state = json === undefined || json.length === 0 ? null : fromWire(managed.type, JSON.parse(json.toString('utf8')));
      return encodeUpgradeResourceStateResponse({ upgradedState: dynamic(managed.type, state) });
    }),
    ReadResource: rpc(decodeReadResourceRequest, async (request) => {
      const managed = managedType(request.typeName);
      const current = decodeDynamic(managed.type, request.currentState);
      const outcome = await guarded(managed, 'Could not read', async () => readResource(await managed.load(), instance.context(), current), current);
      return encodeReadResourceResponse({ newState: dynamic(managed.type, outcome.state), diagnostics: outcome.diagnostics, private: request.private });
    }),
    PlanResourceChange: rpc(decodePlanResourceChangeRequest, async (request) => {
      const managed = managedType(request.typeName);
      const prior = decodeDynamic(managed.type, request.priorState);
      const proposed = decodeDynamic(managed.type, request.proposedNewState);
      const config = decodeDynamic(managed.type, request.config);
      const writeOnlyAllowed = request.clientCapabilities?.writeOnlyAttributesAllowed === true;
      const definition = await managed.load();
      const plan = planChange(definition, managed.type, prior, proposed, config, writeOnlyAllowed);
      const fields = managed.schema.fields;
      const sealing = instance.sealing();
      const diagnostics = proposed === null ? [...plan.diagnostics] : [
        ...plan.diagnostics, ...await sealedTokenDiagnostics(definition, managed.type, config, sealing), ...plaintextSecretWarnings(fields, plan.planned, sealing.passphrase !== undefined),
      ];
      if (plan.writes !== undefined && !hasErrors(diagnostics)) diagnostics.push(...await instance.editionDiagnostics(definition, managed.type, plan.writes));
      if (plan.writes !== undefined && !hasErrors(diagnostics)) diagnostics.push(...await instance.preflightDiagnostics(definition, request.typeName, plan.writes));
      if (plan.writes !== undefined && !hasErrors(diagnostics)) diagnostics.push(...await instance.planDiagnostics(definition, managed.type, plan.writes));
      return encodePlanResourceChangeResponse({
        plannedState: dynamic(managed.type, plan.planned), requiresReplace: plan.requiresReplace, plannedPrivate: request.priorPrivate, diagnostics,
      });
    }),
    ApplyResourceChange: rpc(decodeApplyResourceChangeRequest, async (request) => {
      const managed = managedType(request.typeName);
      const prior = decodeDynamic(managed.type, request.priorState);
      const planned = decodeDynamic(managed.type, request.plannedState);
      const config = decodeDynamic(managed.type, request.config);
      const definition = await managed.load();
      const outcome = await guarded(managed, 'Could not apply', () => applyChange(definition, managed.type, instance.context(), prior, planned, config), prior);
      return encodeApplyResourceChangeResponse({
        newState: dynamic(managed.type, outcome.state), private: request.plannedPrivate, diagnostics: outcome.diagnostics,
      });
    }),
    ImportResourceState: rpc(decodeImportResourceStateRequest, async (request) => {
      const managed = managedType(request.typeName);
      const outcome = await guarded(managed, 'Could not import', async () => importResource(await managed.load(), managed.type, instance.context(), request.id), null);
      return encodeImportResourceStateResponse({
        importedResources: outcome.state === null ? [] : [{ typeName: request.typeName, state: dynamic(managed.type, outcome.state) }],
        diagnostics: outcome.diagnostics,
      });
    }),
    ReadDataSource: rpc(decodeReadDataSourceRequest, async (request) => {
      const name = request.typeName;
      const data = DATA_TYPES.get(name);
      if (data === undefined) throw new Error(`unknown data source ${name}`);
      const config = decodeDynamic(data.type, request.config);
      const peering = await peeringDefinition();
      let outcome: StateOutcome;
      try {
        outcome = await readDataSource(peering, instance.context(), name, config);
      } catch (error) {
        outcome = { state: null, diagnostics: errorDiagnostics(data.type, error, `Could not read ${name}`) };
      }
      return encodeReadDataSourceResponse({ state: dynamic(data.type, outcome.state), diagnostics: outcome.diagnostics });
    }),
    StopProvider: rpc(noRequest, async () => {
      log.info('StopProvider: cancelling operations in flight');
      instance.stopAll();
      return encodeStopProviderResponse({});
    }),
  };
  const handlers = new Map<string, UnaryHandler>();
  for (const [method, handle] of Object.entries(methods)) {
    handlers.set(`/tfplugin6.Provider/${method}`, async (bytes) => {
      const started = performance.now();
      const { reply, typeName } = await handle(bytes);
      log.trace(`${method}${typeName ? ` ${typeName}` : ''} answered in ${(performance.now() - started).toFixed(1)} ms`);
      return reply;
    });
  }
  return handlers;
}

async function peeringDefinition() {
  const managed = RESOURCE_TYPES.get('consulpeering_peering');
  if (managed === undefined) throw new Error('the peering resource is missing');
  return managed.load();
}

/** Runs an operation; an unexpected exception becomes an error diagnostic keeping `fallback` as the state. */
async function guarded(managed: ManagedType, summary: string, run: () => Promise<StateOutcome>, fallback: TfValue): Promise<StateOutcome> {
  try {
    return await run();
  } catch (error) {
    return { state: fallback, diagnostics: errorDiagnostics(managed.type, error, `${summary} the ${managed.schema.className}`) };
  }
}
