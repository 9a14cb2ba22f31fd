// The single node of an emulated cluster (a dev server: one server that is its own leader) and the
// agent-level answers built from it, in the shapes Consul 1.22.7 CE returns (recorded from real dev servers).
import { markGoMap } from './config-entries';
import { newUuid } from './ids';

/** The Consul version the emulator answers as. */
export const SIM_CONSUL_VERSION = '1.22.7';

/** Ports an emulated node reports. Only `http` and `grpcTls` (the peer endpoint) are served; the others are placeholders. */
export interface SimNodePorts {
  readonly http: number;
  readonly grpcTls: number;
  readonly grpc: number;
  readonly serfLan: number;
  readonly serfWan: number;
  readonly server: number;
}

/**
 * Raft indexes of what a dev server writes about itself while bootstrapping: its catalog node is registered
 * (with the `consul` service and `serfHealth`) at one index and updated with its meta at a later one.
 */
export const NODE_CREATE_INDEX = 11;
const NODE_MODIFY_INDEX = 12;

let fakePortBlock = 0;

/**
 * Placeholder ports for what the emulator does not serve (server RPC, serf, plaintext gRPC): distinct per
 * emulated cluster of the process and below Linux's ephemeral range, so they never equal a real listening port.
 */
function placeholderPorts(): { grpc: number; serfLan: number; serfWan: number; server: number } {
  const base = 20_000 + (fakePortBlock++ % 1_000) * 10;
  return { server: base, serfLan: base + 1, serfWan: base + 2, grpc: base + 3 };
}

/** Identity of the node of one emulated cluster. */
export class SimNode {
  readonly nodeId = newUuid();
  readonly address = '127.0.0.1';
  ports: SimNodePorts;

  /**
   * @param aclsEnabled with ACLs on and no agent token (as a dev server started with ACLs has), the agent's own
   *   node update is blocked: its catalog node keeps the leader's bare registration (no tagged addresses, only
   *   the version meta).
   */
  constructor(readonly datacenter: string, readonly nodeName: string, private readonly aclsEnabled = false) {
    this.ports = { http: 0, grpcTls: 0, ...placeholderPorts() };
  }

  /** `host:port` of the server RPC port (what `/v1/status/leader` names). */
  get serverAddress(): string {
    return `${this.address}:${this.ports.server}`;
  }

  /** Node meta Consul sets on a server's catalog node (`Meta` of `/v1/agent/self` too). */
  meta(): Record<string, string> {
    return markGoMap({ 'consul-network-segment': '', 'consul-version': SIM_CONSUL_VERSION });
  }

  /** `TaggedAddresses` of the node. */
  taggedAddresses(): Record<string, string> {
    return markGoMap({ lan: this.address, lan_ipv4: this.address, wan: this.address, wan_ipv4: this.address });
  }

  /** The serf member (`Member` of `/v1/agent/self`, items of `/v1/agent/members`). */
  member(aclsEnabled: boolean): Record<string, unknown> {
    return {
      Name: this.nodeName, Addr: this.address, Port: this.ports.serfLan,
      Tags: markGoMap({
        acls: aclsEnabled ? '1' : '0', build: `${SIM_CONSUL_VERSION}:`, dc: this.datacenter, ft_fs: '1', ft_si: '1',
        grpc_port: String(this.ports.grpc), grpc_tls_port: String(this.ports.grpcTls), id: this.nodeId, port: String(this.ports.server),
        raft_vsn: '3', role: 'consul', segment: '', vsn: '2', vsn_max: '3', vsn_min: '2', wan_join_port: String(this.ports.serfWan),
      }),
      Status: 1, ProtocolMin: 1, ProtocolMax: 5, ProtocolCur: 2, DelegateMin: 2, DelegateMax: 5, DelegateCur: 4,
    };
  }

  /** `GET /v1/agent/self` without `DebugConfig` (the agent's full runtime configuration, not emulated). */
  self(options: { aclsEnabled: boolean; raftIndex: number; services: number; checks: number; ttlChecks: number }): Record<string, unknown> {
    const index = String(options.raftIndex);
    return {
      Config: {
        Datacenter: this.datacenter, PrimaryDatacenter: this.datacenter, NodeName: this.nodeName, NodeID: this.nodeId, Revision: '',
        Server: true, Version: SIM_CONSUL_VERSION, BuildDate: '1970-01-01T00:00:01Z', BindAddr: this.address,
      },
      Coord: { Vec: [0, 0, 0, 0, 0, 0, 0, 0], Error: 1.5, Adjustment: 0, Height: 0.00001 },
      Member: this.member(options.aclsEnabled),
      Stats: markGoMap({
        agent: markGoMap({ check_monitors: '0', check_ttls: String(options.ttlChecks), checks: String(options.checks), services: String(options.services) }),
        build: markGoMap({ prerelease: '', revision: '', version: SIM_CONSUL_VERSION, version_metadata: '' }),
        consul: markGoMap({
          acl: options.aclsEnabled ? 'enabled' : 'disabled', bootstrap: 'false', known_datacenters: '1', leader: 'true',
          leader_addr: this.serverAddress, server: 'true',
        }),
        raft: markGoMap({
          applied_index: index, commit_index: index, fsm_pending: '0', last_contact: '0', last_log_index: index, last_log_term: '2',
          last_snapshot_index: '0', last_snapshot_term: '0',
          latest_configuration: `[{Suffrage:Voter ID:${this.nodeId} Address:${this.serverAddress}}]`, latest_configuration_index: '0',
          num_peers: '0', protocol_version: '3', protocol_version_max: '3', protocol_version_min: '0', snapshot_version_max: '1',
          snapshot_version_min: '0', state: 'Leader', term: '2',
        }),
        runtime: markGoMap({ arch: goArch(), cpu_count: '1', goroutines: '1', max_procs: '1', os: goOs(), version: 'go1.26.8' }),
        serf_lan: serfStats(),
        serf_wan: serfStats(),
      }),
      Meta: this.meta(),
      xDS: {
        SupportedProxies: markGoMap({ envoy: ['1.35.9', '1.34.13', '1.33.14'] }),
        Port: this.ports.grpcTls, Ports: { Plaintext: this.ports.grpc, TLS: this.ports.grpcTls },
      },
    };
  }

  /** The catalog node as health and catalog endpoints render it. */
  catalogNode(): Record<string, unknown> {
    if (this.aclsEnabled) {
      return {
        ID: this.nodeId, Node: this.nodeName, Address: this.address, Datacenter: this.datacenter, TaggedAddresses: null,
        Meta: markGoMap({ 'consul-version': SIM_CONSUL_VERSION }), CreateIndex: NODE_CREATE_INDEX, ModifyIndex: NODE_CREATE_INDEX,
      };
    }
    return {
      ID: this.nodeId, Node: this.nodeName, Address: this.address, Datacenter: this.datacenter,
      TaggedAddresses: this.taggedAddresses(), Meta: this.meta(), CreateIndex: NODE_CREATE_INDEX, ModifyIndex: NODE_MODIFY_INDEX,
    };
  }

  /** The `consul` service instance every server registers (meta and port as Consul sets them). */
  consulService(index = NODE_CREATE_INDEX): Record<string, unknown> {
    return {
      ID: 'consul', Service: 'consul', Tags: [], Address: '',
      Meta: markGoMap({
        grpc_port: String(this.ports.grpc), grpc_tls_port: String(this.ports.grpcTls), non_voter: 'false', raft_version: '3',
        read_replica: 'false', serf_protocol_current: '2', serf_protocol_max: '5', serf_protocol_min: '1', version: SIM_CONSUL_VERSION,
      }),
      Port: this.ports.server, Weights: { Passing: 1, Warning: 1 }, EnableTagOverride: false,
      Proxy: { Mode: '', MeshGateway: {}, Expose: {} }, Connect: {}, PeerName: '', CreateIndex: index, ModifyIndex: index,
    };
  }

  /** The node's `serfHealth` check (passing: the emulated node is always alive). */
  serfHealthCheck(index = NODE_CREATE_INDEX): Record<string, unknown> {
    return {
      Node: this.nodeName, CheckID: 'serfHealth', Name: 'Serf Health Status', Status: 'passing', Notes: '',
      Output: 'Agent alive and reachable', ServiceID: '', ServiceName: '', ServiceTags: [], Type: '', Interval: '', Timeout: '',
      ExposedPort: 0, Definition: {}, CreateIndex: index, ModifyIndex: index,
    };
  }
}

function serfStats(): Record<string, string> {
  return markGoMap({
    coordinate_resets: '0', encrypted: 'false', event_queue: '0', event_time: '1', failed: '0', health_score: '0', intent_queue: '0',
    left: '0', member_time: '1', members: '1', query_queue: '0', query_time: '1',
  });
}

function goArch(): string {
  return ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' } as Record<string, string>)[process.arch] ?? process.arch;
}

function goOs(): string {
  return process.platform === 'win32' ? 'windows' : process.platform;
}
