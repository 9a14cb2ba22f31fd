import { SimAcl, type AclHttpResult } from './acl';
import { peerThroughMeshGateways } from './config-entries';
import { createSimCa, type SimCa } from './ca';
import { SimFaults } from './http/faults';
import { startSimHttpServer, type SimHandler, type SimRequest, type SimResponse } from './http/server';
import { newUuid } from './ids';
import { PeeringEngine } from './peering/engine';
import { meshGatewayAddresses } from './peering/gateways';
import { PeerLink, type LinkTiming } from './peering/link';
import { SimNode } from './node';
import {
  agentMembersRoute, agentSelfRoute, agentVersionRoute, deregisterServiceRoute, registerServiceRoute, statusLeaderRoute, statusPeersRoute,
} from './routes/agent';
import { catalogDatacentersRoute, catalogServicesRoute, SimCatalog } from './routes/catalog';
import { catalogServiceRoute } from './routes/catalog-service';
import { ConfigTable, configByKindRoute, exportedServicesRoute, exportsFor, importedServicesRoute, writeConfigRoute } from './routes/config';
import { agentCaRootsRoute, connectCaRootsRoute } from './routes/connect';
import { textReply, type ClusterContext } from './routes/context';
import { healthServiceRoute } from './routes/health';
import { establishRoute, generateTokenRoute, listPeeringsRoute, peeringByNameRoute } from './routes/peering';
import { SimStore } from './store';

/** Options of one emulated cluster. */
export interface SimClusterOptions {
  /** Datacenter name, also the cluster's name. */
  readonly datacenter: string;
  /** HTTP API port; 0 picks a free one. */
  readonly port?: number;
  /** ACLs on with default deny and a management token. */
  readonly acl?: boolean;
  /** Link timing (defaults: 100 ms heartbeats, FAILING after 1 s of silence, 3 s establish window, deletion as Consul times it). */
  readonly timing?: Partial<LinkTiming>;
  /** Node name of the cluster's single server (default `<datacenter>-server`). */
  readonly nodeName?: string;
}

/** The shortest time a rebuilt or restarted cluster stays down. */
const DOWN_AT_LEAST_MS = 50;

/** Serial number of an emulated cluster's CA root (real dev servers show small serials such as 7 or 12). */
const CA_SERIAL = 7;

type Route = { readonly pattern: string; readonly prefix: boolean; readonly methods: Record<string, RouteHandler> };
type RouteHandler = (context: ClusterContext, request: SimRequest, identity: Parameters<typeof registerServiceRoute>[2]) => SimResponse | Promise<SimResponse>;

/** Consul's routes that the emulator serves, with their registered methods (for 405 `Allow`). */
const ROUTES: readonly Route[] = [
  { pattern: '/v1/peering/token', prefix: false, methods: { POST: generateTokenRoute } },
  { pattern: '/v1/peering/establish', prefix: false, methods: { POST: establishRoute } },
  { pattern: '/v1/peering/', prefix: true, methods: { GET: peeringByNameRoute, DELETE: peeringByNameRoute } },
  { pattern: '/v1/peerings', prefix: false, methods: { GET: listPeeringsRoute } },
  { pattern: '/v1/config', prefix: false, methods: { PUT: writeConfigRoute } },
  { pattern: '/v1/config/', prefix: true, methods: { GET: configByKindRoute, DELETE: configByKindRoute } },
  { pattern: '/v1/exported-services', prefix: false, methods: { GET: exportedServicesRoute } },
  { pattern: '/v1/agent/service/register', prefix: false, methods: { PUT: registerServiceRoute } },
  { pattern: '/v1/agent/service/deregister/', prefix: true, methods: { PUT: deregisterServiceRoute } },
  { pattern: '/v1/imported-services', prefix: false, methods: { GET: importedServicesRoute } },
  { pattern: '/v1/catalog/services', prefix: false, methods: { GET: (context, _request, identity) => catalogServicesRoute(context, identity) } },
  { pattern: '/v1/catalog/service/', prefix: true, methods: { GET: catalogServiceRoute } },
  { pattern: '/v1/catalog/datacenters', prefix: false, methods: { GET: catalogDatacentersRoute } },
  { pattern: '/v1/health/service/', prefix: true, methods: { GET: healthServiceRoute } },
  { pattern: '/v1/agent/self', prefix: false, methods: { GET: agentSelfRoute } },
  { pattern: '/v1/agent/version', prefix: false, methods: { GET: agentVersionRoute } },
  { pattern: '/v1/agent/members', prefix: false, methods: { GET: agentMembersRoute } },
  { pattern: '/v1/agent/connect/ca/roots', prefix: false, methods: { GET: agentCaRootsRoute } },
  { pattern: '/v1/connect/ca/roots', prefix: false, methods: { GET: connectCaRootsRoute } },
  { pattern: '/v1/status/leader', prefix: false, methods: { GET: statusLeaderRoute } },
  { pattern: '/v1/status/peers', prefix: false, methods: { GET: statusPeersRoute } },
];

/** Go's ServeMux choice: an exact pattern, else the longest matching prefix pattern. */
function findRoute(path: string): Route | undefined {
  return ROUTES.find((route) => !route.prefix && route.pattern === path)
    ?? ROUTES.filter((route) => route.prefix && path.startsWith(route.pattern)).sort((a, b) => b.pattern.length - a.pattern.length)[0];
}

/**
 * What real Consul (UI disabled) answers for a path no handler serves: Go's ServeMux redirects a subtree root
 * named without its slash (`/v1/peering` → 307); `/` names the disabled UI; everything else is a 404 whose text
 * depends on whether the path is under `/v1/`. Sent before Consul's HTTP wrapper, so without its headers.
 */
function unknownRoute(request: SimRequest): SimResponse {
  const { path, method } = request;
  if (ROUTES.some((route) => route.prefix && route.pattern === `${path}/`)) {
    const query = request.query.toString();
    const location = `${path}/${query === '' ? '' : `?${query}`}`;
    const body = method === 'GET' || method === 'HEAD' ? { text: `<a href="${location}">Temporary Redirect</a>.\n\n`, contentType: 'text/html; charset=utf-8' } : {};
    return { status: 307, bare: true, headers: { Location: location }, ...body };
  }
  if (path === '/') {
    return { status: 200, bare: true, text: 'Consul Agent: UI disabled. To enable, set ui_config.enabled=true in the agent configuration and restart.\n' };
  }
  if (!path.startsWith('/v1/')) {
    return { status: 404, bare: true, text: "Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n" };
  }
  return { status: 404, bare: true, text: 'Invalid URL path: not a recognized HTTP API endpoint\n' };
}

/** One emulated Consul cluster: an HTTP API on 127.0.0.1 plus a peer endpoint (its "gRPC-TLS port"). */
export class SimCluster {
  /** Fault injection on this cluster's HTTP API. */
  readonly faults = new SimFaults();
  /** Everything the cluster stores (replaced as a whole by {@link SimCluster.rebuild}). */
  context!: ClusterContext;
  ca!: SimCa;
  /** The cluster's single server node. */
  node!: SimNode;
  private closers: (() => Promise<void>)[] = [];
  private link!: PeerLink;
  address = '';
  peerAddress = '';
  private apiPort = 0;
  private peerPort = 0;

  private constructor(readonly datacenter: string, readonly token: string | null, private readonly timing: LinkTiming, private readonly nodeName: string) {
    this.buildState();
  }

  /** Creates the cluster's state from nothing: a new CA, node ID and store; the same name, ports and management token. */
  private buildState(): void {
    const { datacenter, token } = this;
    const clusterId = newUuid();
    this.ca = createSimCa(clusterId, CA_SERIAL);
    const previousPorts = this.node as SimNode | undefined;
    this.node = new SimNode(datacenter, this.nodeName, token !== null);
    if (previousPorts !== undefined) this.node.ports = previousPorts.ports;
    const store = new SimStore();
    const nextIndex = (): number => store.write('acl');
    const acl = new SimAcl(token === null ? { enabled: false, nextIndex } : { enabled: true, managementToken: token, nextIndex });
    const config = new ConfigTable(store);
    const catalog = new SimCatalog();
    const broken = (this.link as PeerLink | undefined)?.broken ?? false;
    this.link = new PeerLink(this.timing, (peer) => catalog.snapshot(this.node, exportsFor(this.context, peer)));
    this.link.broken = broken;
    const identity = { datacenter, caPem: this.ca.pem, serverName: `server.${datacenter}.peering.${this.ca.trustDomain}`, peerAddress: this.peerAddress };
    const peerings = new PeeringEngine(identity, store, this.link);
    this.link.engine = peerings;
    peerings.serverAddresses = () => (peerThroughMeshGateways(config.lookup('mesh', 'mesh'))
      ? meshGatewayAddresses(catalog.instances.values(), this.node.address)
      : { ok: true, addresses: [this.peerAddress] });
    this.context = { datacenter, store, acl, peerings, config, catalog, node: this.node, ca: this.ca };
  }

  /** Starts a cluster with free ports (or the given API port). */
  static async start(options: SimClusterOptions): Promise<SimCluster> {
    const timing: LinkTiming = { heartbeatMs: 100, linkTimeoutMs: 1_000, establishTimeoutMs: 3_000, deleteDelayMs: 0, ...options.timing };
    const cluster = new SimCluster(options.datacenter, options.acl === true ? newUuid() : null, timing, options.nodeName ?? `${options.datacenter}-server`);
    cluster.apiPort = options.port ?? 0;
    await cluster.listen();
    return cluster;
  }

  /** Opens the API and peer endpoints (on the ports they had, after the first time). */
  private async listen(): Promise<void> {
    const peer = await startSimHttpServer({ port: this.peerPort, handler: (request) => this.handlePeer(request) });
    (this.context.peerings.identity as { peerAddress: string }).peerAddress = peer.address;
    this.peerAddress = peer.address;
    this.peerPort = peer.port;
    let api: Awaited<ReturnType<typeof startSimHttpServer>>;
    try {
      api = await startSimHttpServer({
        port: this.apiPort, handler: this.handler, faults: this.faults,
        commonHeaders: () => ({ 'X-Consul-Default-Acl-Policy': this.token === null ? 'allow' : 'deny' }),
      });
    } catch (error) {
      await peer.close();
      throw error;
    }
    this.apiPort = api.port;
    this.address = `http://${api.address}`;
    this.node.ports = { ...this.node.ports, http: api.port, grpcTls: peer.port };
    this.closers = [api.close, peer.close];
  }

  /** Handles one API request (exposed for in-process use). */
  readonly handler: SimHandler = async (request) => {
    const identity = this.context.acl.identify(request.headers, request.query);
    const owned = this.context.acl.handle(request.method, request.path, request.query, request.body, identity);
    if (owned !== null) return aclReply(owned);
    const route = findRoute(request.path);
    if (route === undefined) return unknownRoute(request);
    const allow = `OPTIONS,${Object.keys(route.methods).join(',')}`;
    if (request.method === 'OPTIONS') return { status: 200, empty: true, headers: { Allow: allow } };
    const handle = route.methods[request.method];
    if (handle === undefined) return { ...textReply(405, `method ${request.method} not allowed`), headers: { Allow: allow } };
    return handle(this.context, request, identity);
  };

  private handlePeer(request: SimRequest): SimResponse {
    if (this.link.broken) return { status: 503, json: { error: 'link broken' } };
    const body = safeJson(request.body);
    return this.link.handle(request.path, (body ?? {}) as Record<string, unknown>);
  }

  /** Breaks (true) or restores (false) this cluster's peer links: ACTIVE → FAILING → ACTIVE. */
  setLinkBroken(broken: boolean): void {
    this.link.broken = broken;
  }

  /**
   * Goes down as a killed server does: the streams this cluster dials close (its peers' acceptor records turn
   * FAILING at once, their LastReceive left as it was), timers stop, the endpoints stop answering.
   */
  private async goDown(): Promise<void> {
    await this.link.closeStreams();
    this.link.stop();
    this.context.store.releaseAll();
    await Promise.all(this.closers.map((close) => close()));
    this.closers = [];
  }

  /** Stops the servers and timers: to its peers the cluster is gone, as if killed. */
  async stop(): Promise<void> {
    await this.goDown();
  }

  /**
   * The cluster is lost and comes back empty at the same addresses: no peerings, config entries, catalog services,
   * ACL tokens or policies (only the same management token), a new CA and node ID.
   */
  async rebuild(): Promise<void> {
    await this.goDown();
    // Down for a moment, as a real rebuild is: clients see their kept-alive connections closed before it answers again.
    await new Promise((resolve) => setTimeout(resolve, DOWN_AT_LEAST_MS));
    this.buildState();
    await this.listen();
  }

  /**
   * A transient outage: the cluster stops answering for `downMs` (default 0) and comes back with all its data;
   * the live stream state is forgotten (as a restarted server's tracker is) and its dialers reconnect (the first
   * attempt is made before this resolves).
   */
  async restart(options: { downMs?: number } = {}): Promise<void> {
    await this.goDown();
    await new Promise((resolve) => setTimeout(resolve, Math.max(DOWN_AT_LEAST_MS, options.downMs ?? 0)));
    this.context.peerings.links.clear();
    await this.listen();
    this.link.start();
    await this.link.settle(); // as a real restart is awaited until ready, by when its dialers have reconnected
  }
}

/** Converts the ACL module's answer (raw body and content type) into a server reply. */
function aclReply(owned: AclHttpResult): SimResponse {
  const headers = owned.headers ?? {};
  if (owned.body === undefined) return { status: owned.status, headers, ...(owned.contentType.startsWith('application/json') ? { empty: true as const } : { text: '' }) };
  if (owned.contentType.startsWith('text/plain')) return { status: owned.status, headers, text: String(owned.body) };
  return { status: owned.status, headers, json: owned.body };
}

function safeJson(text: string): unknown {
  try {
    return text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
