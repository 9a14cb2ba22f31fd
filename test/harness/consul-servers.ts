// Starts real `consul agent -dev` servers on 127.0.0.1 for tests: every port chosen free, one
// temporary directory per server, logs kept in memory, nothing left running after the test run.
//
// Consul 1.22.7 behaviour worth knowing when writing tests against these servers:
// - A peering read (`GET /v1/peerings`, `GET /v1/peering/:name`) denied by ACLs (no token, unknown
//   token, no peering:read) answers 403 only after ~11-13 s: the agent's internal gRPC client
//   retries the call (its retry policy treats the wrapped permission error as UNKNOWN). Writes and
//   other endpoints answer 403 at once.
// - The dialing server's peering syncer runs at most once per 5 s (burst 5, used up at start-up),
//   and every peering change on that server wakes it. So the first establish within ~5 s of start,
//   and every establish shortly after other peering changes on the dialer, reaches ACTIVE only
//   after up to ~5 s. Budget >= 10 s for "wait until ACTIVE" in tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { consulBinaryPath } from './consul-binary';
import { freePorts, LogBuffer, trackLive, untrackLive, type LiveAgent } from './agent-io';

/** Names of the ports a Consul dev server listens on (all on 127.0.0.1). */
export type ConsulPortName = 'http' | 'dns' | 'grpc' | 'grpcTls' | 'serfLan' | 'serfWan' | 'server';

/** One running Consul dev server (a single-node datacenter). */
export interface ConsulServer {
  /** Its datacenter name (as given to startConsulServers). */
  readonly datacenter: string;
  /** Its node name (unique per start). */
  readonly nodeName: string;
  /** HTTP API base address, `http://127.0.0.1:PORT` (no trailing slash). */
  readonly address: string;
  /** The ACL management token (initial_management) when started with `acl: true`, else null. */
  readonly token: string | null;
  /** Every port the agent listens on. */
  readonly ports: Readonly<Record<ConsulPortName, number>>;
  /** Process id of the agent. */
  readonly pid: number;
  /** Milliseconds from spawning the agent to it having a leader. */
  readonly leaderMs: number;
  /** Milliseconds from spawning the agent to it being ready (leader, ACLs usable, peering TLS served). */
  readonly readyMs: number;
  /** CONSUL_HTTP_ADDR (and CONSUL_HTTP_TOKEN with ACLs) for tools talking to this server. */
  readonly clientEnv: Readonly<Record<string, string>>;
  /** True until the agent process has exited. */
  isRunning(): boolean;
  /** The last `lines` lines (default 100) of the agent's combined stdout/stderr. */
  logTail(lines?: number): string;
  /**
   * Ends the agent process (`signal`, default SIGKILL) and starts it again on the same ports, with the same node
   * name, configuration and ACL management token, then waits until it is ready again. `empty: true` wipes its data
   * first (a cluster lost and rebuilt from nothing); otherwise it keeps its data, which needs `durable: true`.
   */
  restart(options?: RestartOptions): Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s; removes its temporary directory. Idempotent. */
  stop(): Promise<void>;
}

/** Options of ConsulServer.restart. */
export interface RestartOptions {
  /** Start again with no data at all (default false: keep the data directory). */
  readonly empty?: boolean;
  /** Signal that ends the running process (default SIGKILL; SIGKILL follows after 5 s anyway). */
  readonly signal?: NodeJS.Signals;
  /** How long the server stays down before it starts again, in ms (default 0). */
  readonly downMs?: number;
}

/** A set of Consul dev servers started together. */
export interface ConsulServers {
  /** The servers, in the order of the requested datacenters. */
  readonly servers: readonly ConsulServer[];
  /** The server of datacenter `dc`; throws when there is none. */
  byDatacenter(dc: string): ConsulServer;
  /** Stops every server (concurrently). */
  stop(): Promise<void>;
}

/** Options of startConsulServers. */
export interface StartConsulServersOptions {
  /** One server per datacenter name, e.g. ["dc1", "dc2"]; names must be distinct. */
  readonly datacenters: readonly string[];
  /** Enable ACLs with default_policy "deny" and a random initial_management token. */
  readonly acl?: boolean;
  /** The consul binary (default: consulBinaryPath()). */
  readonly binary?: string;
  /** Deadline for each server to become ready, in ms (default 30000). */
  readonly readyTimeoutMs?: number;
  /**
   * Also wait until the gRPC-TLS port serves a valid certificate for the peering server name
   * (default true), so that a peering token generated right away can be established at once.
   */
  readonly waitForPeeringTls?: boolean;
  /**
   * Start servers that keep their data (`consul agent -server -bootstrap-expect=1` with what `-dev` would add)
   * instead of `-dev` servers, so that `restart()` keeps peerings and config entries (default false).
   */
  readonly durable?: boolean;
  /** Extra agent configuration (JSON form); its top-level keys replace the harness's, e.g. `{ log_level: "trace" }`. */
  readonly extraConfig?: Readonly<Record<string, unknown>>;
}

const START_ATTEMPTS = 3;
const STOP_GRACE_MS = 5_000;
const PORT_NAMES: readonly ConsulPortName[] = ['http', 'dns', 'grpc', 'grpcTls', 'serfLan', 'serfWan', 'server'];

/** Raised when an agent cannot be started or does not become ready; the message holds the log tail. */
export class ConsulStartError extends Error {
  override readonly name = 'ConsulStartError';
  constructor(
    message: string,
    /** True when the agent failed because a chosen port was taken meanwhile (worth a retry). */
    readonly portCollision = false,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// One agent.
interface AgentSpec {
  readonly binary: string;
  readonly datacenter: string;
  readonly acl: boolean;
  readonly durable: boolean;
  readonly readyTimeoutMs: number;
  readonly waitForPeeringTls: boolean;
  readonly extraConfig: Readonly<Record<string, unknown>>;
}

/**
 * What `-dev` adds to a server (Consul 1.22.7's DevSource), for a durable server started without `-dev`: it
 * then keeps its raft data in its data directory and bootstraps itself as the only voter.
 */
const DEV_EQUIVALENT_CONFIG: Readonly<Record<string, unknown>> = {
  server: true,
  bootstrap_expect: 1,
  disable_anonymous_signature: true,
  disable_keyring_file: true,
  enable_debug: true,
  ui_config: { enabled: true },
  log_level: 'DEBUG',
  gossip_lan: { gossip_interval: '100ms', probe_interval: '100ms', probe_timeout: '100ms', suspicion_mult: 3 },
  gossip_wan: { gossip_interval: '100ms', probe_interval: '100ms', probe_timeout: '100ms', suspicion_mult: 3 },
  connect: { enabled: true },
  peering: { enabled: true },
  performance: { raft_multiplier: 1 },
};

/** How many times a restart on the same ports is tried when a port is briefly still taken. */
const RESTART_ATTEMPTS = 5;

class Agent implements ConsulServer {
  readonly nodeName: string;
  readonly address: string;
  readonly token: string | null;
  readonly clientEnv: Readonly<Record<string, string>>;
  readyMs = Number.NaN;
  leaderMs = Number.NaN;
  private readonly log = new LogBuffer();
  private readonly dataDir: string;
  private readonly configFile: string;
  private child!: ChildProcess;
  private liveEntry!: LiveAgent;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null; error?: Error } | null = null;
  private exited!: Promise<void>;
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly spec: AgentSpec,
    readonly ports: Readonly<Record<ConsulPortName, number>>,
    private readonly dir: string,
  ) {
    this.nodeName = `${spec.datacenter}-server-${randomBytes(3).toString('hex')}`;
    this.address = `http://127.0.0.1:${ports.http}`;
    this.token = spec.acl ? randomUUID() : null;
    this.clientEnv = this.token === null
      ? { CONSUL_HTTP_ADDR: this.address }
      : { CONSUL_HTTP_ADDR: this.address, CONSUL_HTTP_TOKEN: this.token };

    this.dataDir = path.join(dir, 'data');
    fs.mkdirSync(this.dataDir);
    const config: Record<string, unknown> = {
      ...(spec.durable ? DEV_EQUIVALENT_CONFIG : {}),
      ports: {
        http: ports.http,
        https: -1,
        dns: ports.dns,
        grpc: ports.grpc,
        grpc_tls: ports.grpcTls,
        serf_lan: ports.serfLan,
        serf_wan: ports.serfWan,
        server: ports.server,
      },
    };
    if (this.token !== null) {
      config['acl'] = { enabled: true, default_policy: 'deny', tokens: { initial_management: this.token } };
    }
    Object.assign(config, spec.extraConfig);
    this.configFile = path.join(dir, 'config.json');
    fs.writeFileSync(this.configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
    this.spawnChild();
  }

  /** Spawns the agent process (same node name, ports, configuration and data directory every time). */
  private spawnChild(): void {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('CONSUL_')) env[key] = value;
    const args = [
      'agent', ...(this.spec.durable ? [] : ['-dev']),
      '-datacenter', this.spec.datacenter,
      '-node', this.nodeName,
      '-bind', '127.0.0.1',
      '-client', '127.0.0.1',
      '-data-dir', this.dataDir,
      '-config-file', this.configFile,
    ];
    const child = spawn(this.spec.binary, args, { cwd: this.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exitInfo = null;
    this.liveEntry = { child, dir: this.dir };
    trackLive(this.liveEntry);
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        if (this.child === child) this.exitInfo ??= { code: null, signal: null, error };
        resolve();
      });
      child.once('exit', (code, signal) => {
        if (this.child === child) this.exitInfo ??= { code, signal };
        resolve();
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => this.log.append(chunk));
    }
    // A forgotten stop() must not keep the test runner alive; the exit handler kills the agent.
    child.unref();
    (child.stdout as net.Socket | null)?.unref?.();
    (child.stderr as net.Socket | null)?.unref?.();
  }

  /** Ends the current process: `signal`, then SIGKILL after the grace period. */
  private async endChild(signal: NodeJS.Signals): Promise<void> {
    if (this.exitInfo === null) {
      this.child.kill(signal);
      await this.exitedWithin(STOP_GRACE_MS);
      if (this.exitInfo === null) {
        this.child.kill('SIGKILL');
        await this.exited;
      }
    }
    untrackLive(this.liveEntry);
  }

  /** See ConsulServer.restart. */
  async restart(options: RestartOptions = {}): Promise<void> {
    const empty = options.empty ?? false;
    if (!empty && !this.spec.durable) {
      throw new Error(`${this.datacenter}: a -dev server keeps no data, so it cannot restart with its data; start it with durable: true`);
    }
    if (this.stopping !== null) throw new Error(`${this.datacenter}: restart after stop()`);
    await this.endChild(options.signal ?? 'SIGKILL');
    if ((options.downMs ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, options.downMs));
    if (empty) {
      fs.rmSync(this.dataDir, { recursive: true, force: true });
      fs.mkdirSync(this.dataDir);
    }
    for (let attempt = 1; ; attempt++) {
      this.log.append(`--- harness: ${empty ? 'rebuilding (empty)' : 'restarting'}, attempt ${attempt} ---\n`);
      this.spawnChild();
      try {
        await this.waitReady(Date.now());
        return;
      } catch (error) {
        await this.endChild('SIGKILL');
        const retry = error instanceof ConsulStartError && error.portCollision && attempt < RESTART_ATTEMPTS;
        if (!retry) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt)); // a port briefly still held
      }
    }
  }

  get datacenter(): string {
    return this.spec.datacenter;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  isRunning(): boolean {
    return this.exitInfo === null;
  }

  logTail(lines = 100): string {
    return this.log.tail(lines);
  }

  /**
   * Polls until the server has a leader and, with ACLs, the management token is accepted. The ACL
   * poll uses /v1/acl/token/self, which fails fast: a denied /v1/peerings read only answers 403
   * after ~11–13 s (the agent's internal gRPC client retries it).
   */
  async waitReady(startedAt: number): Promise<void> {
    const deadline = startedAt + this.spec.readyTimeoutMs;
    const headers: Record<string, string> = this.token === null ? {} : { 'X-Consul-Token': this.token };
    let phase: 'leader election' | 'ACL bootstrap' | 'peering API' | 'peering TLS' | 'done' = 'leader election';
    const afterApi = this.spec.waitForPeeringTls ? 'peering TLS' : 'done';
    for (;;) {
      if (this.exitInfo !== null) throw this.startError(this.describeExit());
      const left = deadline - Date.now();
      if (left <= 0) throw this.startError(`was not ready after ${this.spec.readyTimeoutMs} ms (waiting for ${phase})`);
      const signal = AbortSignal.timeout(Math.min(left, phase === 'peering API' ? 15_000 : 2_000));
      try {
        if (phase === 'leader election') {
          const response = await fetch(`${this.address}/v1/status/leader`, { signal });
          const leader: unknown = response.ok ? await response.json() : await response.text();
          if (response.ok && typeof leader === 'string' && leader !== '') {
            this.leaderMs = Date.now() - startedAt;
            phase = this.token === null ? afterApi : 'ACL bootstrap';
          }
        } else if (phase === 'ACL bootstrap') {
          const response = await fetch(`${this.address}/v1/acl/token/self`, { headers, signal });
          await response.arrayBuffer();
          if (response.ok) phase = 'peering API';
        } else if (phase === 'peering API') {
          const response = await fetch(`${this.address}/v1/peerings`, { headers, signal });
          await response.arrayBuffer();
          if (response.ok) phase = afterApi;
        } else if (phase === 'peering TLS') {
          if (await this.peeringTlsReady(headers, signal)) phase = 'done';
        }
        if (phase === 'done') {
          this.readyMs = Date.now() - startedAt;
          return;
        }
      } catch {
        // not listening yet, or the request timed out
      }
      await this.exitedWithin(50);
    }
  }

  /**
   * True once the gRPC-TLS port presents, for the peering server name
   * (`server.<dc>.peering.<trust domain>`), a certificate a dialing peer accepts (signed by the
   * Connect CA, valid for that name). Before the agent's leaf certificate exists (~0.1-0.9 s after
   * the leader) handshakes fail with `tls: no certificates configured`.
   */
  private async peeringTlsReady(headers: Record<string, string>, signal: AbortSignal): Promise<boolean> {
    const response = await fetch(`${this.address}/v1/connect/ca/roots`, { headers, signal });
    if (!response.ok) {
      await response.arrayBuffer();
      return false;
    }
    const roots = (await response.json()) as { TrustDomain?: unknown; Roots?: Array<{ RootCert?: unknown }> | null };
    const ca = (roots.Roots ?? []).flatMap((root) => (typeof root.RootCert === 'string' ? [root.RootCert] : []));
    if (typeof roots.TrustDomain !== 'string' || roots.TrustDomain === '' || ca.length === 0) return false;
    const servername = `server.${this.datacenter}.peering.${roots.TrustDomain}`;
    return new Promise<boolean>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port: this.ports.grpcTls, servername, ca, ALPNProtocols: ['h2'] });
      const done = (ok: boolean): void => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(2_000, () => done(false));
      socket.once('secureConnect', () => done(socket.authorized));
      socket.once('error', () => done(false));
    });
  }

  /** Resolves when the agent has exited or after `ms`, whichever comes first (no timer left behind). */
  private async exitedWithin(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  private describeExit(): string {
    const info = this.exitInfo;
    if (info?.error) return `could not be spawned (${info.error.message}); is ${this.spec.binary} built? run npm run consul:install`;
    return `exited (${info?.signal ?? `code ${String(info?.code)}`}) before it was ready`;
  }

  private startError(what: string): ConsulStartError {
    const tail = this.logTail(40);
    return new ConsulStartError(
      `consul agent${this.spec.durable ? '' : ' -dev'} for datacenter ${this.datacenter} (node ${this.nodeName}, http ${this.address}) ${what}\n` +
        `--- last lines of its log ---\n${tail || '(no output)'}`,
      /address already in use/i.test(tail),
    );
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.endChild('SIGTERM');
      fs.rmSync(this.dir, { recursive: true, force: true });
    })();
    return this.stopping;
  }
}

async function startOne(spec: AgentSpec): Promise<Agent> {
  for (let attempt = 1; ; attempt++) {
    const [http, dns, grpc, grpcTls, serfLan, serfWan, server] = await freePorts(PORT_NAMES.length);
    const ports = { http, dns, grpc, grpcTls, serfLan, serfWan, server } as Record<ConsulPortName, number>;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `consul-peering-${spec.datacenter}-`));
    const startedAt = Date.now();
    const agent = new Agent(spec, ports, dir);
    try {
      await agent.waitReady(startedAt);
      return agent;
    } catch (error) {
      await agent.stop();
      const retry = error instanceof ConsulStartError && error.portCollision && attempt < START_ATTEMPTS;
      if (!retry) {
        if (error instanceof ConsulStartError && attempt > 1) error.message += `\n(after ${attempt} attempts)`;
        throw error;
      }
    }
  }
}

/** Starts one `consul agent -dev` (or, `durable`, a single-server) server per datacenter, concurrently, and waits until all are ready. */
export async function startConsulServers(options: StartConsulServersOptions): Promise<ConsulServers> {
  const { datacenters } = options;
  if (datacenters.length === 0) throw new Error('startConsulServers: no datacenters given');
  if (new Set(datacenters).size !== datacenters.length) {
    throw new Error(`startConsulServers: datacenter names must be distinct: ${datacenters.join(', ')}`);
  }
  const binary = options.binary ?? consulBinaryPath();
  const acl = options.acl ?? false;
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const waitForPeeringTls = options.waitForPeeringTls ?? true;
  const results = await Promise.allSettled(
    datacenters.map((datacenter) =>
      startOne({ binary, datacenter, acl, durable: options.durable ?? false, readyTimeoutMs, waitForPeeringTls, extraConfig: options.extraConfig ?? {} }),
    ),
  );
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length > 0) {
    await Promise.all(started.map((agent) => agent.stop()));
    const first = failures[0];
    throw first instanceof Error ? first : new Error(String(first));
  }
  const servers: readonly ConsulServer[] = started;
  return {
    servers,
    byDatacenter(dc: string): ConsulServer {
      const found = servers.find((s) => s.datacenter === dc);
      if (!found) throw new Error(`no Consul server for datacenter ${dc} (have ${datacenters.join(', ')})`);
      return found;
    },
    async stop(): Promise<void> {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

/** Creates a policy from HCL `rules` and a token holding it, using the server's management token. */
export async function createAclToken(
  server: Pick<ConsulServer, 'address' | 'token' | 'datacenter'>,
  rules: string,
  description = 'consul-peering test token',
): Promise<{ secretId: string; accessorId: string }> {
  if (server.token === null) throw new Error(`createAclToken: ${server.datacenter} was started without ACLs`);
  const call = async (urlPath: string, body: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${server.address}${urlPath}`, {
      method: 'PUT',
      headers: { 'X-Consul-Token': server.token ?? '', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`PUT ${urlPath} on ${server.datacenter}: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const policy = await call('/v1/acl/policy', {
    Name: `test-${randomBytes(6).toString('hex')}`,
    Description: description,
    Rules: rules,
  });
  const token = await call('/v1/acl/token', { Description: description, Policies: [{ ID: policy['ID'] }] });
  const secretId = token['SecretID'];
  const accessorId = token['AccessorID'];
  if (typeof secretId !== 'string' || typeof accessorId !== 'string') {
    throw new Error(`PUT /v1/acl/token on ${server.datacenter} returned no SecretID/AccessorID`);
  }
  return { secretId, accessorId };
}
