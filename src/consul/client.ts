import type { z } from 'zod';
import { resolveConsulConfig, type ConsulConnectionConfig, type ConsulSettings } from './config';
import { cachedEdition, ceBody, ceScope, editionOfVersion, hasScopeKeys, type EditionInfo } from './edition';
import { anySignal, arrayOf, booleanBody, parseBody, redactError, type Parser } from './client-support';
import { ConsulHttpError, ConsulNetworkError } from './errors';
import { Redactor } from './redact';
import { requests, type BlockingOptions, type RequestScope, type RequestSpec } from './request';
import {
  backoffDelay, DEFAULT_RETRY_POLICY, isRetryableNetworkCode, isRetryableStatus, retryAfterMs, sleep, type RetryPolicy,
} from './retry';
import { HttpTransport, type RawResponse } from './transport';
import { authorizationResultSchema, type AuthorizationRequest, type AuthorizationResult } from './wire/acl';
import { agentSelfVersionSchema, agentVersionSchema } from './wire/agent';
import {
  CONFIG_ENTRY_SCHEMAS, resolvedExportedServiceSchema,
  type ConfigEntry, type ConfigEntryKind, type ConfigEntryOf, type ResolvedExportedService,
} from './wire/config-entries';
import {
  generatePeeringTokenResponseSchema, peeringListWireSchema, peeringWireSchema,
  type EstablishPeeringRequest, type GeneratePeeringTokenRequest, type Peering,
} from './wire/peering';

/** One finished HTTP exchange, as reported to {@link ConsulClientOptions.onRequest}; secrets already removed. */
export interface RequestEvent {
  readonly method: string;
  readonly path: string;
  /** HTTP status, or undefined when no answer came. */
  readonly status: number | undefined;
  /** 1 for the first try, 2 for the first retry, ... */
  readonly attempt: number;
  readonly durationMs: number;
  /** Redacted failure message when the attempt failed. */
  readonly error?: string;
}

/** Client behaviour beyond the connection settings. */
export interface ConsulClientOptions {
  /** Per-request timeout in milliseconds (a blocking read adds its wait). Default 30 000. */
  readonly timeoutMs?: number;
  /** Retry policy for idempotent requests. */
  readonly retry?: Partial<RetryPolicy>;
  /** Cancels every request of this client when aborted. */
  readonly signal?: AbortSignal;
  /** Called after every attempt (logging, request counting). */
  readonly onRequest?: (event: RequestEvent) => void;
  /** `User-Agent` header. */
  readonly userAgent?: string;
}

/** Per-call options. */
export interface CallOptions extends RequestScope {
  /** Cancels this call. */
  readonly signal?: AbortSignal | undefined;
}

/** Per-call options of reads that support Consul's blocking queries. */
export interface ReadOptions extends CallOptions, BlockingOptions {}

/** Options of check-and-set capable calls. */
export interface CasOptions extends CallOptions {
  /** Only write/delete if the stored `ModifyIndex` equals this (`0` = only if absent). */
  readonly cas?: number | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Typed client of the Consul HTTP endpoints used for cluster peering; errors are redacted {@link ConsulError}s. */
export class ConsulClient {
  private readonly transport: HttpTransport;
  private readonly redactor: Redactor;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private seenDefaultAclPolicy: string | undefined;

  /** A client from user settings with Consul's environment variables as fallback. */
  static fromSettings(settings: ConsulSettings = {}, options: ConsulClientOptions = {}, env = process.env): ConsulClient {
    return new ConsulClient(resolveConsulConfig(settings, env), options);
  }

  constructor(readonly config: ConsulConnectionConfig, private readonly options: ConsulClientOptions = {}) {
    this.transport = new HttpTransport(config);
    this.redactor = new Redactor([config.token]);
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Generates a peering token on the accepting cluster; the token is a secret. */
  async generatePeeringToken(body: GeneratePeeringTokenRequest, options: CallOptions = {}): Promise<string> {
    const spec = requests.generatePeeringToken(await this.forEdition(this.scoped(body, options), options));
    const result = await this.call(spec, options, generatePeeringTokenResponseSchema);
    return result.PeeringToken;
  }

  /** Establishes a peering on the dialing cluster with a token from the acceptor. */
  async establishPeering(body: EstablishPeeringRequest, options: CallOptions = {}): Promise<void> {
    const spec = requests.establishPeering(await this.forEdition(this.scoped(body, options), options));
    await this.call(spec, options, undefined, [body.PeeringToken]);
  }

  /** Reads one peering; throws a 404 {@link ConsulHttpError} (see `isNotFound`) when it does not exist. */
  async readPeering(name: string, options: ReadOptions = {}): Promise<Peering> {
    return this.call(requests.readPeering(name, await this.scope(options), options), options, peeringWireSchema);
  }

  /** Lists the peerings of the partition. */
  async listPeerings(options: ReadOptions = {}): Promise<Peering[]> {
    return this.call(requests.listPeerings(await this.scope(options), options), options, peeringListWireSchema);
  }

  /** Marks a peering for deletion (Consul deletes asynchronously); succeeds when it is already gone. */
  async deletePeering(name: string, options: CallOptions = {}): Promise<void> {
    await this.call(requests.deletePeering(name, await this.scope(options)), options);
  }

  /** Writes a config entry; with `cas` returns false when the stored index differs (or, for 0, the entry exists). */
  async writeConfigEntry(entry: ConfigEntry, options: CasOptions = {}): Promise<boolean> {
    const spec = requests.writeConfigEntry(await this.forEdition(entry, options), await this.scope(options), options.cas);
    return this.call(spec, options, booleanBody);
  }

  /** Reads a config entry; throws a 404 {@link ConsulHttpError} when it does not exist. */
  async readConfigEntry<K extends ConfigEntryKind>(kind: K, name: string, options: ReadOptions = {}): Promise<ConfigEntryOf<K>> {
    const schema = CONFIG_ENTRY_SCHEMAS[kind] as unknown as z.ZodType<ConfigEntryOf<K>>;
    return this.call(requests.readConfigEntry(kind, name, await this.scope(options), options), options, schema);
  }

  /** Lists the config entries of a kind (`[]` when none). */
  async listConfigEntries<K extends ConfigEntryKind>(kind: K, options: ReadOptions = {}): Promise<ConfigEntryOf<K>[]> {
    const schema = CONFIG_ENTRY_SCHEMAS[kind] as unknown as z.ZodType<ConfigEntryOf<K>>;
    const list = { parse: (value: unknown) => arrayOf(value, schema) };
    return this.call(requests.listConfigEntries(kind, await this.scope(options), options), options, list);
  }

  /**
   * Deletes a config entry. Without `cas` it always succeeds (true, also when missing); with `cas`
   * returns false when the stored index differs.
   */
  async deleteConfigEntry(kind: ConfigEntryKind, name: string, options: CasOptions = {}): Promise<boolean> {
    const spec = requests.deleteConfigEntry(kind, name, await this.scope(options), options.cas);
    return this.call(spec, options, { parse: (value: unknown) => (typeof value === 'boolean' ? value : true) });
  }

  /** The services this cluster exports, with consumers resolved (Consul 1.17.3+). */
  async listExportedServices(options: CallOptions = {}): Promise<ResolvedExportedService[]> {
    const list = { parse: (value: unknown) => arrayOf(value, resolvedExportedServiceSchema) };
    return this.call(requests.listExportedServices(await this.scope(options)), options, list);
  }

  /**
   * Asks Consul which of `checks` the configured token is allowed, without side effects. Throws a 401
   * {@link ConsulHttpError} (`ACL support disabled`) when the cluster has ACLs off.
   */
  authorize(checks: readonly AuthorizationRequest[], options: CallOptions = {}): Promise<AuthorizationResult[]> {
    const list = { parse: (value: unknown) => arrayOf(value, authorizationResultSchema) };
    return this.call(requests.authorize(checks), options, list);
  }

  /**
   * Whether the cluster runs Consul CE or Enterprise, and its version: asked once per cluster per process
   * (`GET /v1/agent/version`, which needs no ACL; `/v1/agent/self` on agents older than 1.15), then remembered;
   * `unknown` when neither says (the client then sends partitions and namespaces as they are set).
   */
  edition(options: CallOptions = {}): Promise<EditionInfo> {
    return cachedEdition(this.clusterKey, async () => {
      try {
        const { HumanVersion } = await this.call(requests.agentVersion(), options, agentVersionSchema);
        return { edition: editionOfVersion(HumanVersion), version: HumanVersion };
      } catch (error) {
        if (!(ConsulHttpError.isConsulHttpError(error) && error.status === 404)) throw error;
      }
      try {
        const { Config } = await this.call(requests.agentSelf(), options, agentSelfVersionSchema);
        return { edition: editionOfVersion(Config.Version), version: Config.Version };
      } catch (error) {
        // An answer that says nothing (a token without agent:read, a proxy in front): unknown, and remembered as such.
        if (ConsulHttpError.isConsulHttpError(error)) return { edition: 'unknown', version: '' };
        throw error;
      }
    });
  }

  /** The cluster's `X-Consul-Default-Acl-Policy` (`allow`/`deny`) as last seen on any response, if any. */
  get defaultAclPolicy(): string | undefined {
    return this.seenDefaultAclPolicy;
  }

  /** Closes idle connections. */
  close(): void {
    this.transport.close();
  }

  /** Identifies the cluster for the per-process edition memory. */
  private get clusterKey(): string {
    return `${this.config.baseUrl}${this.config.socketPath ?? ''}`;
  }

  /** The edition when a request depends on it; undefined when the cluster cannot tell (the request then goes as it is). */
  private async editionIfKnown(options: CallOptions): Promise<EditionInfo | undefined> {
    try {
      return await this.edition({ signal: options.signal });
    } catch {
      return undefined;
    }
  }

  /** The call's partition/namespace (its own, else the configured ones); on CE `default` is sent as nothing. */
  private async scope(options: CallOptions): Promise<RequestScope> {
    const scope = {
      partition: options.partition ?? this.config.partition,
      namespace: options.namespace ?? this.config.namespace,
      datacenter: options.datacenter ?? this.config.datacenter,
    };
    if ((scope.partition ?? '') === '' && (scope.namespace ?? '') === '') return scope;
    const info = await this.editionIfKnown(options);
    if (info?.edition !== 'ce') return scope;
    const sources = {
      partition: options.partition === undefined ? this.config.partitionSource : undefined,
      namespace: options.namespace === undefined ? this.config.namespaceSource : undefined,
    };
    return ceScope(scope, sources, this.config.baseUrl, info);
  }

  /** A body as the cluster's edition takes it: on CE without `default` Partition/Namespace keys (see edition.ts). */
  private async forEdition<T>(body: T, options: CallOptions): Promise<T> {
    if (!hasScopeKeys(body)) return body;
    const info = await this.editionIfKnown(options);
    return info?.edition === 'ce' ? ceBody(body, this.config.baseUrl, info) as T : body;
  }

  private scoped<T extends { Partition?: string }>(body: T, options: RequestScope): T {
    const partition = body.Partition ?? options.partition ?? this.config.partition;
    return partition === undefined ? body : { ...body, Partition: partition };
  }

  private async call<T = void>(
    spec: RequestSpec, options: ReadOptions, parser?: Parser<T>, secrets: string[] = [],
  ): Promise<T> {
    const redactor = this.redactor.with(...secrets);
    const signal = anySignal(this.options.signal, options.signal);
    const timeoutMs = this.timeoutMs + (options.waitMs ?? 0);
    const headers: Record<string, string> = { 'User-Agent': this.options.userAgent ?? 'consul-peering' };
    if (this.config.token !== undefined) headers['X-Consul-Token'] = this.config.token;
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    const raw = {
      method: spec.method, path: spec.path, query: spec.query, headers,
      ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
    };

    for (let attempt = 1; ; attempt += 1) {
      const started = Date.now();
      const retriesLeft = spec.idempotent && attempt < this.retry.attempts;
      let response: RawResponse;
      try {
        response = await this.transport.send(raw, { timeoutMs, signal });
      } catch (error) {
        const safe = redactError(error, redactor);
        this.report(spec, attempt, started, undefined, safe.message);
        if (retriesLeft && error instanceof ConsulNetworkError && isRetryableNetworkCode(error.code)) {
          await sleep(backoffDelay(this.retry, attempt), signal).catch(() => { throw safe; });
          continue;
        }
        throw safe;
      }
      const policy = response.headers['x-consul-default-acl-policy'];
      if (typeof policy === 'string') this.seenDefaultAclPolicy = policy;
      const consulMessage = response.status >= 300 ? redactor.redact(response.body.trim()) : '';
      this.report(spec, attempt, started, response.status, consulMessage === '' ? undefined : consulMessage);
      if (response.status >= 200 && response.status < 300) return parseBody(spec, response.body, parser, redactor);
      const failure = new ConsulHttpError({
        status: response.status, method: spec.method, path: spec.path, consulMessage, address: this.config.baseUrl,
      });
      if (retriesLeft && isRetryableStatus(response.status, consulMessage)) {
        const header = response.headers['retry-after'];
        const delay = retryAfterMs(Array.isArray(header) ? header[0] : header, this.retry) ?? backoffDelay(this.retry, attempt);
        await sleep(delay, signal).catch(() => { throw failure; });
        continue;
      }
      throw failure;
    }
  }

  private report(spec: RequestSpec, attempt: number, started: number, status: number | undefined, error?: string): void {
    this.options.onRequest?.({
      method: spec.method, path: spec.path, status, attempt, durationMs: Date.now() - started,
      ...(error === undefined ? {} : { error }),
    });
  }
}
