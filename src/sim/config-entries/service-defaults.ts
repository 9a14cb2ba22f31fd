// The service-defaults config entry, as far as the emulator needs it: Protocol (which decides whether L7
// intention permissions are allowed) and the simple proxy settings. UpstreamConfig overrides/defaults and
// EnvoyExtensions are decoded but refused as unsupported by the emulator.
import { goQuote, multiError } from './go-text';
import { metaProblems } from './meta';
import type { GoType } from './schema';
import {
  anyValue, bool, enterpriseMeta, f, hashField, int, ptr, raftIndexField, slice, str, stringMap, struct, uint32,
} from './schema';
import type { GoStruct, KindSpec } from './types';

/** TransparentProxyConfig (shared with proxy-defaults). */
export const transparentProxy = struct('TransparentProxyConfig', [
  f('OutboundListenerPort', int, 'omitempty', { aliases: ['outbound_listener_port'] }),
  f('DialedDirectly', bool, 'omitempty', { aliases: ['dialed_directly'] }),
]);

/** MeshGatewayConfig (shared with proxy-defaults). */
export const meshGateway = struct('MeshGatewayConfig', [f('Mode', str('structs.MeshGatewayMode'), 'omitempty')]);

/** ExposeConfig (shared with proxy-defaults). */
export const expose = struct('ExposeConfig', [
  f('Checks', bool, 'omitempty'),
  f(
    'Paths',
    slice(
      struct('ExposePath', [
        f('ListenerPort', int, 'omitempty', { aliases: ['listener_port'] }),
        f('Path', str(), 'omitempty'),
        f('LocalPathPort', int, 'omitempty', { aliases: ['local_path_port'] }),
        f('Protocol', str(), 'omitempty'),
        f('ParsedFromCheck', bool, 'omitempty', { aliases: ['parsed_from_check'] }),
      ]),
    ),
    'omitempty',
  ),
]);

/** A field the emulator decodes without looking inside (refused when set). */
export const opaque: GoType = anyValue;

const routeRateLimits = struct('InstanceLevelRouteRateLimits', [
  f('PathExact', str(), 'always', { aliases: ['path_exact'] }),
  f('PathPrefix', str(), 'always', { aliases: ['path_prefix'] }),
  f('PathRegex', str(), 'always', { aliases: ['path_regex'] }),
  f('RequestsPerSecond', int, 'always', { aliases: ['requests_per_second'] }),
  f('RequestsMaxBurst', int, 'always', { aliases: ['requests_max_burst'] }),
]);

const rateLimits = struct('RateLimits', [
  f(
    'InstanceLevel',
    struct('InstanceLevelRateLimits', [
      f('RequestsPerSecond', int, 'always', { aliases: ['requests_per_second'] }),
      f('RequestsMaxBurst', int, 'always', { aliases: ['requests_max_burst'] }),
      f('Routes', slice(routeRateLimits)),
    ]),
    'always',
    { aliases: ['instance_level'] },
  ),
]);

const upstreamConfiguration = struct('UpstreamConfiguration', [
  f('Overrides', slice(opaque), 'omitempty'),
  f('Defaults', opaque, 'omitempty'),
]);

const serviceDefaultsEntry = struct('ServiceConfigEntry', [
  f('Kind', str()),
  f('Name', str()),
  f('Protocol', str()),
  f('Mode', str('structs.ProxyMode'), 'omitempty'),
  f('TransparentProxy', transparentProxy, 'always', { aliases: ['transparent_proxy'] }),
  f('MutualTLSMode', str('structs.MutualTLSMode'), 'omitempty', { aliases: ['mutual_tls_mode'] }),
  f('MeshGateway', meshGateway, 'always', { aliases: ['mesh_gateway'] }),
  f('Expose', expose),
  f('ExternalSNI', str(), 'omitempty', { aliases: ['external_sni'] }),
  f('UpstreamConfig', ptr(upstreamConfiguration), 'omitempty', { aliases: ['upstream_config'] }),
  f('Destination', ptr(struct('DestinationConfig', [f('Addresses', slice(str()), 'omitempty'), f('Port', int, 'omitempty')])), 'omitempty'),
  f('MaxInboundConnections', int, 'omitempty', { aliases: ['max_inbound_connections'] }),
  f('LocalConnectTimeoutMs', int, 'omitempty', { aliases: ['local_connect_timeout_ms'] }),
  f('LocalRequestTimeoutMs', int, 'omitempty', { aliases: ['local_request_timeout_ms'] }),
  f('BalanceInboundConnections', str(), 'omitempty', { aliases: ['balance_inbound_connections'] }),
  f('RateLimits', ptr(rateLimits), 'omitempty', { aliases: ['rate_limits'] }),
  f('EnvoyExtensions', slice(opaque), 'omitempty', { aliases: ['envoy_extensions'] }),
  f('Meta', stringMap, 'omitempty'),
  hashField,
  enterpriseMeta,
  raftIndexField,
  f('MaxRequestHeadersKB', ptr(uint32), 'omitempty'),
]);

/** Consul's check of a MutualTLSMode value (a plain error, not a list). */
export function mutualTlsModeProblem(mode: unknown): string | null {
  if (mode === '' || mode === 'strict' || mode === 'permissive') return null;
  return `Invalid MutualTLSMode ${goQuote(String(mode))}. Must be one of "", "strict", or "permissive".`;
}

/** Emulator limit shared with proxy-defaults: refuse EnvoyExtensions it cannot validate. */
export function envoyExtensionsUnsupported(entry: GoStruct): string | null {
  const ext = entry['EnvoyExtensions'];
  return Array.isArray(ext) && ext.length > 0 ? 'emulator: EnvoyExtensions are not supported by the emulator' : null;
}

function isIp(address: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(address)) {
    return address.split('.').every((part) => Number(part) <= 255 && !(part.length > 1 && part.startsWith('0')));
  }
  if (!address.includes(':') || address.includes(':::')) return false;
  return /^[0-9a-fA-F:.]+$/.test(address) && (address.match(/::/g) ?? []).length <= 1;
}

function isDomainName(address: string): boolean {
  if (address === '' || address.includes('*')) return false;
  if (address === '.') return true;
  const trimmed = address.endsWith('.') ? address.slice(0, -1) : address;
  if (Buffer.byteLength(trimmed) > 254) return false;
  return trimmed.split('.').every((label) => label.length > 0 && Buffer.byteLength(label) <= 63);
}

function destinationProblems(dest: GoStruct): string[] {
  const problems: string[] = [];
  const addresses = Array.isArray(dest['Addresses']) ? (dest['Addresses'] as string[]) : [];
  if (addresses.length === 0) problems.push('Destination must contain at least one valid address');
  const seen = new Set<string>();
  for (const address of addresses) {
    if (seen.has(address)) {
      problems.push(`Duplicate address '${address}' is not allowed`);
      continue;
    }
    seen.add(address);
    if (!isIp(address) && !isDomainName(address)) {
      problems.push(`Destination address '${address}' is invalid Could not validate address ${address} as an IP or Hostname`);
    }
  }
  const port = dest['Port'] as number;
  if (port < 1 || port > 65535) problems.push(`Invalid Port number ${port}`);
  return problems;
}

/** service-defaults: decoding schema, normalisation (Protocol lower-cased) and validation. */
export const serviceDefaultsSpec: KindSpec = {
  kind: 'service-defaults',
  type: serviceDefaultsEntry,
  kindFirst: false,
  unsupported(entry) {
    const upstream = entry['UpstreamConfig'] as GoStruct | null;
    const overrides = upstream?.['Overrides'];
    if (upstream && ((Array.isArray(overrides) && overrides.length > 0) || upstream['Defaults'] !== null)) {
      return 'emulator: service-defaults UpstreamConfig overrides/defaults are not supported by the emulator';
    }
    return envoyExtensionsUnsupported(entry);
  },
  normalize(entry) {
    entry['Kind'] = 'service-defaults';
    entry['Protocol'] = (entry['Protocol'] as string).toLowerCase();
    return null;
  },
  validate(entry) {
    const name = entry['Name'];
    if (name === '') return 'Name is required';
    if (name === '*') return 'service-defaults name must be the name of a service, and not a wildcard';
    const problems = metaProblems(entry['Meta']);
    const balance = entry['BalanceInboundConnections'];
    if (balance !== '' && balance !== 'exact_balance') problems.push(`invalid value for balance_inbound_connections: ${String(balance)}`);
    const protocol = entry['Protocol'] as string;
    if (!['', 'http', 'http2', 'grpc', 'tcp'].includes(protocol)) problems.push(`invalid value for protocol: ${protocol}`);
    const destination = entry['Destination'] as GoStruct | null;
    if (entry['UpstreamConfig'] !== null && destination !== null) {
      problems.push('UpstreamConfig and Destination are mutually exclusive for service defaults');
      return multiError(problems);
    }
    if (destination) problems.push(...destinationProblems(destination));
    if (entry['RateLimits'] !== null) problems.push('invalid rate_limits config. Rate limiting is a consul enterprise feature');
    const mtls = mutualTlsModeProblem(entry['MutualTLSMode']);
    if (mtls) return mtls;
    return problems.length > 0 ? multiError(problems) : null;
  },
};
