import type { z } from 'zod';
import { resolveConsulConfig, type ConsulConnectionConfig, type ConsulSettings } from './config';
import { ConsulError, ConsulHttpError, ConsulNetworkError, ConsulResponseError } from './errors';
import { Redactor } from './redact';
import { requests, type BlockingOptions, type RequestScope, type RequestSpec } from './request';
import {
  backoffDelay, DEFAULT_RETRY_POLICY, isRetryableNetworkCode, isRetryableStatus, retryAfterMs, sleep, type RetryPolicy,
} from './retry';
import { HttpTransport, type RawResponse } from './transport';
import { authorizationResultSchema, type AuthorizationRequest, type AuthorizationResult } from './wire/acl';
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
    const spec = requests.generatePeeringToken(this.scoped(body, options));
    const result = await this.call(spec, options, generatePeeringTokenResponseSchema);
    return result.PeeringToken;
  }

  /** Establishes a peering on the dialing cluster with a token from the acceptor. */
  async establishPeering(body: EstablishPeeringRequest, options: CallOptions = {}): Promise<void> {
    const spec = requests.establishPeering(this.scoped(body, options));
    await this.call(spec, options, undefined, [body.PeeringToken]);
  }

  /** Reads one peering; throws a 404 {@link ConsulHttpError} (see `isNotFound`) when it does not exist. */
  readPeering(name: string, options: ReadOptions = {}): Promise<Peering> {
    return this.call(requests.readPeering(name, this.scope(options), options), options, peeringWireSchema);
  }

  /** Lists the peerings of the partition. */
  listPeerings(options: ReadOptions = {}): Promise<Peering[]> {
    return this.call(requests.listPeerings(this.scope(options), options), options, peeringListWireSchema);
  }

  /** Marks a peering for deletion (Consul deletes asynchronously); succeeds when it is already gone. */
  async deletePeering(name: string, options: CallOptions = {}): Promise<void> {
    await this.call(requests.deletePeering(name, this.scope(options)), options);
  }

  /** Writes a config entry; with `cas` returns false when the stored index differs (or, for 0, the entry exists). */
  async writeConfigEntry(entry: ConfigEntry, options: CasOptions = {}): Promise<boolean> {
    return this.call(requests.writeConfigEntry(entry, this.scope(options), options.cas), options, booleanBody);
  }

  /** Reads a config entry; throws a 404 {@link ConsulHttpError} when it does not exist. */
  readConfigEntry<K extends ConfigEntryKind>(kind: K, name: string, options: ReadOptions = {}): Promise<ConfigEntryOf<K>> {
    const schema = CONFIG_ENTRY_SCHEMAS[kind] as unknown as z.ZodType<ConfigEntryOf<K>>;
    return this.call(requests.readConfigEntry(kind, name, this.scope(options), options), options, schema);
  }

  /** Lists the config entries of a kind (`[]` when none). */
  listConfigEntries<K extends ConfigEntryKind>(kind: K, options: ReadOptions = {}): Promise<ConfigEntryOf<K>[]> {
    const schema = CONFIG_ENTRY_SCHEMAS[kind] as unknown as z.ZodType<ConfigEntryOf<K>>;
    const list = { parse: (value: unknown) => arrayOf(value, schema) };
    return this.call(requests.listConfigEntries(kind, this.scope(options), options), options, list);
  }

  /**
   * Deletes a config entry. Without `cas` it always succeeds (true, also when missing); with `cas`
   * returns false when the stored index differs.
   */
  async deleteConfigEntry(kind: ConfigEntryKind, name: string, options: CasOptions = {}): Promise<boolean> {
    const spec = requests.deleteConfigEntry(kind, name, this.scope(options), options.cas);
    return this.call(spec, options, { parse: (value: unknown) => (typeof value === 'boolean' ? value : true) });
  }

  /** The services this cluster exports, with consumers resolved (Consul 1.17.3+). */
  listExportedServices(options: CallOptions = {}): Promise<ResolvedExportedService[]> {
    const list = { parse: (value: unknown) => arrayOf(value, resolvedExportedServiceSchema) };
    return this.call(requests.listExportedServices(this.scope(options)), options, list);
  }

  /**
   * Asks Consul which of `checks` the configured token is allowed, without side effects. Throws a 401
   * {@link ConsulHttpError} (`ACL support disabled`) when the cluster has ACLs off.
   */
  authorize(checks: readonly AuthorizationRequest[], options: CallOptions = {}): Promise<AuthorizationResult[]> {
    const list = { parse: (value: unknown) => arrayOf(value, authorizationResultSchema) };
    return this.call(requests.authorize(checks), options, list);
  }

  /** The cluster's `X-Consul-Default-Acl-Policy` (`allow`/`deny`) as last seen on any response, if any. */
  get defaultAclPolicy(): string | undefined {
    return this.seenDefaultAclPolicy;
  }

  /** Closes idle connections. */
  close(): void {
    this.transport.close();
  }

  private scope(options: RequestScope): RequestScope {
    return {
      partition: options.partition ?? this.config.partition,
      namespace: options.namespace ?? this.config.namespace,
      datacenter: options.datacenter ?? this.config.datacenter,
    };
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
      const failure = new ConsulHttpError({ status: response.status, method: spec.method, path: spec.path, consulMessage });
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

/** Anything with a zod-like `parse`. */
interface Parser<T> {
  parse(value: unknown): T;
}

const booleanBody: Parser<boolean> = {
  parse(value) {
    if (typeof value !== 'boolean') throw new TypeError('expected true or false');
    return value;
  },
};

function arrayOf<T>(value: unknown, item: Parser<T>): T[] {
  if (!Array.isArray(value)) throw new TypeError('expected a JSON array');
  return value.map((element) => item.parse(element));
}

function parseBody<T>(spec: RequestSpec, body: string, parser: Parser<T> | undefined, redactor: Redactor): T {
  if (parser === undefined) return undefined as T;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ConsulResponseError(spec.method, spec.path, 'the body is not JSON');
  }
  try {
    return parser.parse(json);
  } catch (error) {
    throw new ConsulResponseError(spec.method, spec.path, redactor.redact(describeParseFailure(error)));
  }
}

/** Names the failing paths without echoing received values (which may be secrets). */
function describeParseFailure(error: unknown): string {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (issues === undefined) return error instanceof Error ? error.message : String(error);
  return issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');
}

function redactError(error: unknown, redactor: Redactor): Error {
  if (error instanceof ConsulError) {
    const message = redactor.redact(error.message);
    if (message !== error.message) error.message = message;
    if (error.stack !== undefined) error.stack = redactor.redact(error.stack);
    return error;
  }
  return new ConsulError(redactor.redact(error instanceof Error ? error.message : String(error)));
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
