// The tfplugin6 Provider service: request decoding, response encoding (field numbers as in tfplugin6.proto) and
// the per-process provider state (settings, client, stop signal). Core lifecycles and the Consul client are
// loaded on the first RPC that needs them, so schema-only processes stay small.
import type { ConsulClient } from '../consul/client';
import type { OperationContext, TokenSealing } from '../core/lifecycle';
import { PASSPHRASE_ENV, passphraseProblem } from '../core/token-text';
import { UNKNOWN } from '../core/unknown';
import {
  DATA_TYPES, PROVIDER_DESCRIPTION, PROVIDER_FIELDS, PROVIDER_TYPE, RESOURCE_TYPES, type Definition, type ManagedType,
} from './catalog';
import { decodeDynamic, encodeDynamic, fromWire, type TfValue } from './cty';
import { readDataSource, validateDataConfig } from './data-sources';
import { encodeDiagnostic, encodePath, errorDiagnostics, hasErrors, type Diagnostic } from './diagnostics';
import { addLogSecret, log } from './log';
import { planChange, plaintextSecretWarnings, sealedTokenDiagnostics, validateConfig } from './plan';
import { PlanPreflight } from './preflight';
import { ProtoMessage, ProtoWriter } from './protobuf';
import { applyChange, importResource, readResource, type StateOutcome } from './resources';
import { encodeSchema, tfSchema } from './schema';
import { toCore } from './values';
import type { UnaryHandler } from './grpc';

/** What one provider process knows: its client once configured, and the signal StopProvider fires. */
export class ProviderInstance {
  private client: ConsulClient | undefined;
  private passphrase: string | undefined;
  private readonly stop = new AbortController();
  private readonly preflight = new PlanPreflight();

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
      return [];
    } catch (error) {
      const setting = error instanceof ConsulConfigError && error.setting in snakeToCamel ? [{ attribute: error.setting }] : undefined;
      return [{ severity: 'error', summary: 'Invalid provider configuration', detail: error instanceof Error ? error.message : String(error), ...(setting === undefined ? {} : { path: setting }) }];
    }
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

const diagnosticsField = (out: ProtoWriter, field: number, diagnostics: readonly Diagnostic[]): ProtoWriter => {
  for (const diagnostic of diagnostics) out.message(field, encodeDiagnostic(diagnostic));
  return out;
};
const dynamic = (type: ManagedType['type'], value: TfValue): ProtoWriter => new ProtoWriter().bytes(1, encodeDynamic(type, value), true);

function managedType(name: string): ManagedType {
  const found = RESOURCE_TYPES.get(name);
  if (found === undefined) throw new Error(`unknown resource type ${name}`);
  return found;
}

/** GetProviderSchema.Response: provider 1, resource_schemas 2, data_source_schemas 3, server_capabilities 6. */
export function providerSchemaResponse(): Buffer {
  const out = new ProtoWriter().message(1, encodeSchema(tfSchema(PROVIDER_DESCRIPTION, PROVIDER_FIELDS)));
  for (const [name, managed] of RESOURCE_TYPES) {
    out.message(2, new ProtoWriter().string(1, name).message(2, encodeSchema(tfSchema(managed.schema.description, managed.schema.fields))));
  }
  for (const [name, data] of DATA_TYPES) {
    out.message(3, new ProtoWriter().string(1, name).message(2, encodeSchema(tfSchema(data.description, data.fields))));
  }
  return out.message(6, new ProtoWriter().bool(2, true)).finish(); // get_provider_schema_optional
}

/** The tfplugin6 methods by gRPC path. */
export function providerHandlers(instance: ProviderInstance): Map<string, UnaryHandler> {
  const methods: Record<string, (request: ProtoMessage) => Promise<ProtoWriter | Buffer>> = {
    GetProviderSchema: async () => providerSchemaResponse(),
    GetMetadata: async () => {
      const out = new ProtoWriter().message(1, new ProtoWriter().bool(2, true));
      for (const name of DATA_TYPES.keys()) out.message(3, new ProtoWriter().string(1, name));
      for (const name of RESOURCE_TYPES.keys()) out.message(4, new ProtoWriter().string(1, name));
      return out;
    },
    ValidateProviderConfig: async (request) => {
      decodeDynamic(PROVIDER_TYPE, request.message(1));
      return new ProtoWriter();
    },
    ConfigureProvider: async (request) => {
      log.debug(`ConfigureProvider from Terraform ${request.string(1)}`);
      return diagnosticsField(new ProtoWriter(), 1, await instance.configure(decodeDynamic(PROVIDER_TYPE, request.message(2))));
    },
    ValidateResourceConfig: async (request) => {
      const managed = managedType(request.string(1));
      const config = decodeDynamic(managed.type, request.message(2));
      return diagnosticsField(new ProtoWriter(), 1, validateConfig(await managed.load(), managed.type, config));
    },
    ValidateDataResourceConfig: async (request) => {
      const name = request.string(1);
      const data = DATA_TYPES.get(name);
      const config = data === undefined ? null : decodeDynamic(data.type, request.message(2));
      return diagnosticsField(new ProtoWriter(), 1, validateDataConfig(await peeringDefinition(), name, config));
    },
    UpgradeResourceState: async (request) => {
      const managed = managedType(request.string(1));
      const json = request.message(3)?.bytes(1);
      const state = json === undefined || json.length === 0 ? null : fromWire(managed.type, JSON.parse(json.toString('utf8')));
      return new ProtoWriter().message(1, dynamic(managed.type, state));
    },
    ReadResource: async (request) => {
      const managed = managedType(request.string(1));
      const current = decodeDynamic(managed.type, request.message(2));
      const outcome = await guarded(managed, 'Could not read', async () => readResource(await managed.load(), instance.context(), current), current);
      const out = new ProtoWriter().message(1, dynamic(managed.type, outcome.state));
      return diagnosticsField(out, 2, outcome.diagnostics).bytes(3, request.bytes(3));
    },
    PlanResourceChange: async (request) => {
      const managed = managedType(request.string(1));
      const [prior, proposed, config] = [2, 3, 4].map((field) => decodeDynamic(managed.type, request.message(field))) as [TfValue, TfValue, TfValue];
      const writeOnlyAllowed = request.message(7)?.bool(2) === true; // client_capabilities.write_only_attributes_allowed
      const definition = await managed.load();
      const plan = planChange(definition, managed.type, prior, proposed, config, writeOnlyAllowed);
      const fields = managed.schema.fields;
      const sealing = instance.sealing();
      const diagnostics = proposed === null ? [...plan.diagnostics] : [
        ...plan.diagnostics, ...await sealedTokenDiagnostics(definition, managed.type, config, sealing), ...plaintextSecretWarnings(fields, plan.planned, sealing.passphrase !== undefined),
      ];
      if (plan.writes !== undefined && !hasErrors(diagnostics)) diagnostics.push(...await instance.preflightDiagnostics(definition, request.string(1), plan.writes));
      const out = new ProtoWriter().message(1, dynamic(managed.type, plan.planned));
      for (const path of plan.requiresReplace) out.message(2, encodePath(path));
      return diagnosticsField(out.bytes(3, request.bytes(5)), 4, diagnostics);
    },
    ApplyResourceChange: async (request) => {
      const managed = managedType(request.string(1));
      const [prior, planned, config] = [2, 3, 4].map((field) => decodeDynamic(managed.type, request.message(field))) as [TfValue, TfValue, TfValue];
      const definition = await managed.load();
      const outcome = await guarded(managed, 'Could not apply', () => applyChange(definition, managed.type, instance.context(), prior, planned, config), prior);
      const out = new ProtoWriter().message(1, dynamic(managed.type, outcome.state)).bytes(2, request.bytes(5));
      return diagnosticsField(out, 3, outcome.diagnostics);
    },
    ImportResourceState: async (request) => {
      const name = request.string(1);
      const managed = managedType(name);
      const outcome = await guarded(managed, 'Could not import', async () => importResource(await managed.load(), managed.type, instance.context(), request.string(2)), null);
      const out = new ProtoWriter();
      if (outcome.state !== null) out.message(1, new ProtoWriter().string(1, name).message(2, dynamic(managed.type, outcome.state)));
      return diagnosticsField(out, 2, outcome.diagnostics);
    },
    ReadDataSource: async (request) => {
      const name = request.string(1);
      const data = DATA_TYPES.get(name);
      if (data === undefined) throw new Error(`unknown data source ${name}`);
      const config = decodeDynamic(data.type, request.message(2));
      const peering = await peeringDefinition();
      let outcome: StateOutcome;
      try {
        outcome = await readDataSource(peering, instance.context(), name, config);
      } catch (error) {
        outcome = { state: null, diagnostics: errorDiagnostics(data.type, error, `Could not read ${name}`) };
      }
      return diagnosticsField(new ProtoWriter().message(1, dynamic(data.type, outcome.state)), 2, outcome.diagnostics);
    },
    StopProvider: async () => {
      log.info('StopProvider: cancelling operations in flight');
      instance.stopAll();
      return new ProtoWriter();
    },
  };
  const handlers = new Map<string, UnaryHandler>();
  for (const [method, handle] of Object.entries(methods)) {
    handlers.set(`/tfplugin6.Provider/${method}`, async (bytes) => {
      const started = performance.now();
      const request = ProtoMessage.decode(bytes);
      const reply = await handle(request);
      const typeName = request.has(1) && method !== 'ConfigureProvider' && method !== 'ValidateProviderConfig' ? ` ${request.string(1)}` : '';
      log.trace(`${method}${typeName} answered in ${(performance.now() - started).toFixed(1)} ms`);
      return reply instanceof ProtoWriter ? reply.finish() : reply;
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
