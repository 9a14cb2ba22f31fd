import type { AclIdentity } from '../acl';
import { decodeGoJson, decodeGoValue, type GoType } from '../go-json';
import type { SimRequest, SimResponse } from '../http/server';
import { SIM_CONSUL_VERSION } from '../node';
import type { ServiceAddress, SimCheck } from './catalog';
import { deny, textReply, type ClusterContext } from './context';

const anyValue: GoType = { kind: 'any' };
const stringList: GoType = { kind: 'slice', goName: '[]string', elem: { kind: 'string' } };
const field = (name: string, type: GoType): { name: string; path: string; type: GoType } => ({ name, path: `Alias.${name}`, type });

/** The body of `PUT /v1/agent/service/register` (Consul's `structs.ServiceDefinition`, decoded through an alias type). */
const SERVICE_DEFINITION: GoType = {
  kind: 'struct', goName: 'structs.ServiceDefinition', structName: '',
  fields: [
    field('Kind', { kind: 'string' }), field('ID', { kind: 'string' }), field('Name', { kind: 'string' }), field('Tags', stringList),
    field('Address', { kind: 'string' }), field('TaggedAddresses', anyValue),
    field('Meta', { kind: 'map', goName: 'map[string]string', elem: { kind: 'string' } }), field('Port', { kind: 'int' }),
    field('SocketPath', { kind: 'string' }), field('Check', anyValue), field('Checks', anyValue),
    field('Weights', {
      kind: 'struct', goName: 'structs.Weights', structName: '',
      fields: [field('Passing', { kind: 'int' }), field('Warning', { kind: 'int' })],
    }),
    field('Token', { kind: 'string' }), field('EnableTagOverride', { kind: 'bool' }), field('Proxy', anyValue),
    field('Connect', anyValue), field('Locality', anyValue),
  ],
};

const EMPTY_JSON: SimResponse = { status: 200, empty: true, contentType: 'application/json; charset=utf-8' };

type CheckDefinition = Record<string, unknown>;

/** Consul's check for a service definition: type from the first kind of check set, `critical` until it reports. */
function toCheck(definition: CheckDefinition, serviceName: string, id: string): SimCheck {
  const get = (key: string): string => {
    const found = Object.keys(definition).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
    const value = found === undefined ? undefined : definition[found];
    return typeof value === 'string' ? value : '';
  };
  const type = ['TTL', 'HTTP', 'TCP', 'GRPC', 'UDP', 'H2PING', 'OSService'].find((key) => get(key) !== '')?.toLowerCase()
    ?? (Array.isArray(definition['Args']) ? 'script' : '');
  return {
    CheckID: get('CheckID') || get('ID') || id, Name: get('Name') || `Service '${serviceName}' check`,
    Status: get('Status') || 'critical', Type: type === 'osservice' ? 'os_service' : type,
    Interval: type === 'ttl' ? '' : get('Interval'), Timeout: type === 'ttl' ? '' : get('Timeout'),
  };
}

/** The registration's `TaggedAddresses` as `map[string]structs.ServiceAddress` (field names matched case-insensitively). */
function taggedAddresses(raw: unknown): Record<string, ServiceAddress> | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const out: Record<string, ServiceAddress> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const fields = value !== null && typeof value === 'object' ? Object.entries(value as Record<string, unknown>) : [];
    const pick = (name: string): unknown => fields.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
    const address = pick('Address');
    const port = pick('Port');
    out[key] = { Address: typeof address === 'string' ? address : '', Port: typeof port === 'number' ? port : 0 };
  }
  return Object.keys(out).length === 0 ? null : out;
}

/** NodeService.Validate for the gateway kinds the emulator knows (a mesh gateway needs a port), or null. */
function gatewayProblem(kind: string, port: number): string | null {
  if (kind !== 'mesh-gateway' || port !== 0) return null;
  return `Validation failed: 1 error occurred:\n\t* Port must be non-zero for a ${kind}\n\n`;
}

/** `PUT /v1/agent/service/register`: registers one instance on the emulated node (it is in the catalog at once). */
export function registerServiceRoute(context: ClusterContext, request: SimRequest, identity: AclIdentity): SimResponse {
  const parsed = decodeGoJson(request.body);
  const decoded = parsed.ok ? decodeGoValue(parsed.value, SERVICE_DEFINITION) : parsed;
  if (!decoded.ok) return textReply(400, `Request decode failed: ${decoded.message}`);
  const body = (decoded.value ?? {}) as Record<string, unknown>;
  const name = typeof body['Name'] === 'string' ? body['Name'] : '';
  if (name === '') return textReply(400, 'Missing service name');
  const kind = typeof body['Kind'] === 'string' ? body['Kind'] : '';
  const port = typeof body['Port'] === 'number' ? body['Port'] : 0;
  // Consul validates the service after resolving the token (an unknown one is refused first) and before the ACL check.
  const invalid = identity.kind === 'unknown' ? null : gatewayProblem(kind, port);
  if (invalid !== null) return textReply(400, invalid);
  const denied = deny(context, identity, { resource: 'service', segment: name, access: 'write' });
  if (denied !== null) return denied;
  const id = typeof body['ID'] === 'string' && body['ID'] !== '' ? body['ID'] : name;
  const meta = body['Meta'] as Record<string, string> | undefined;
  const weights = body['Weights'] as { Passing?: number; Warning?: number } | undefined;
  const single = body['Check'] !== undefined && typeof body['Check'] === 'object' ? [body['Check'] as CheckDefinition] : [];
  const many = Array.isArray(body['Checks']) ? (body['Checks'] as CheckDefinition[]) : [];
  const checks = [
    ...single.map((definition) => toCheck(definition, name, `service:${id}`)),
    ...many.map((definition, index) => toCheck(definition, name, `service:${id}:${index + 1}`)),
  ];
  const previous = context.catalog.instances.get(id);
  const index = context.store.write('catalog');
  context.catalog.instances.set(id, {
    ID: id, Service: name, Kind: kind, Tags: (body['Tags'] as string[] | undefined) ?? [], Port: port,
    Address: typeof body['Address'] === 'string' ? body['Address'] : '', TaggedAddresses: taggedAddresses(body['TaggedAddresses']),
    Meta: meta === undefined || Object.keys(meta).length === 0 ? null : meta,
    Weights: { Passing: weights?.Passing ?? 1, Warning: weights?.Warning ?? 1 },
    EnableTagOverride: body['EnableTagOverride'] === true, checks, createIndex: previous?.createIndex ?? index,
  });
  return EMPTY_JSON;
}

/** `PUT /v1/agent/service/deregister/:id`. */
export function deregisterServiceRoute(context: ClusterContext, request: SimRequest, identity: AclIdentity): SimResponse {
  const id = decodeURIComponent(request.path.slice('/v1/agent/service/deregister/'.length));
  if (identity.kind === 'unknown') return deny(context, identity, { resource: 'service', segment: id, access: 'write' }) ?? textReply(403, 'ACL not found');
  const instance = context.catalog.instances.get(id);
  if (instance === undefined) return textReply(404, `Unknown service ID "${id}". Ensure that the service ID is passed, not the service name.`);
  const denied = deny(context, identity, { resource: 'service', segment: instance.Service, access: 'write' });
  if (denied !== null) return denied;
  context.catalog.instances.delete(id);
  context.store.write('catalog');
  return EMPTY_JSON;
}

/** `GET /v1/agent/self` (needs `agent:read` on the node). */
export function agentSelfRoute(context: ClusterContext, _request: SimRequest, identity: AclIdentity): SimResponse {
  const denied = deny(context, identity, { resource: 'agent', segment: context.node.nodeName, access: 'read' });
  if (denied !== null) return denied;
  const instances = [...context.catalog.instances.values()];
  const checks = instances.flatMap((instance) => instance.checks);
  return {
    status: 200,
    json: context.node.self({
      aclsEnabled: context.acl.enabled, raftIndex: context.store.indexOf('catalog'), services: instances.length,
      checks: checks.length, ttlChecks: checks.filter((check) => check.Type === 'ttl').length,
    }),
  };
}

/** `GET /v1/agent/version` (no ACL check, even for an unknown token). */
export function agentVersionRoute(): SimResponse {
  return { status: 200, json: { SHA: '', BuildDate: '1970-01-01T00:00:01Z', HumanVersion: SIM_CONSUL_VERSION, FIPS: '' } };
}

/** `GET /v1/agent/members`: the node itself, when the token may read it. */
export function agentMembersRoute(context: ClusterContext, _request: SimRequest, identity: AclIdentity): SimResponse {
  if (identity.kind === 'unknown') return textReply(403, 'ACL not found');
  const visible = context.acl.check(identity, { resource: 'node', segment: context.node.nodeName, access: 'read' }) === null;
  const headers: Record<string, string> = !visible && identity.kind === 'token' ? { 'X-Consul-Results-Filtered-By-Acls': 'true' } : {};
  return { status: 200, json: visible ? [context.node.member(context.acl.enabled)] : [], headers };
}

/** `GET /v1/status/leader`: the server's RPC address (no ACL check). */
export function statusLeaderRoute(context: ClusterContext): SimResponse {
  return { status: 200, json: context.node.serverAddress };
}

/** `GET /v1/status/peers`: the raft peers, just this server. */
export function statusPeersRoute(context: ClusterContext): SimResponse {
  return { status: 200, json: [context.node.serverAddress] };
}
