// The proxy-defaults config entry (only "global"), as far as the emulator needs it: Config.protocol is the
// fallback protocol of services without service-defaults. FailoverPolicy, PrioritizeByLocality and
// EnvoyExtensions are decoded but refused as unsupported by the emulator.
import { GoDecoder } from './decode';
import { goLen, goQuote, multiError } from './go-text';
import { metaProblems } from './meta';
import { anyMap, bool, enterpriseMeta, f, hashField, raftIndexField, slice, str, stringMap, struct } from './schema';
import { envoyExtensionsUnsupported, expose, meshGateway, mutualTlsModeProblem, opaque, transparentProxy } from './service-defaults';
import type { GoStruct, KindSpec } from './types';

const accessLogs = struct('AccessLogsConfig', [
  f('Enabled', bool, 'omitempty', { aliases: ['enabled'] }),
  f('DisableListenerLogs', bool, 'omitempty', { aliases: ['disable_listener_logs'] }),
  f('Type', str('structs.LogSinkType'), 'omitempty', { aliases: ['type'] }),
  f('Path', str(), 'omitempty', { aliases: ['path'] }),
  f('JSONFormat', str(), 'omitempty', { aliases: ['json_format'] }),
  f('TextFormat', str(), 'omitempty', { aliases: ['text_format'] }),
]);

const proxyDefaultsEntry = struct('ProxyConfigEntry', [
  f('Kind', str()),
  f('Name', str()),
  f('Config', anyMap),
  f('Protocol', str(), 'skip'),
  f('Mode', str('structs.ProxyMode'), 'omitempty'),
  f('TransparentProxy', transparentProxy, 'always', { aliases: ['transparent_proxy'] }),
  f('MutualTLSMode', str('structs.MutualTLSMode'), 'omitempty', { aliases: ['mutual_tls_mode'] }),
  f('MeshGateway', meshGateway, 'always', { aliases: ['mesh_gateway'] }),
  f('Expose', expose),
  f('AccessLogs', accessLogs, 'always', { aliases: ['access_logs'] }),
  f('EnvoyExtensions', slice(opaque), 'omitempty', { aliases: ['envoy_extensions'] }),
  f('FailoverPolicy', opaque, 'omitempty', { aliases: ['failover_policy'] }),
  f('PrioritizeByLocality', opaque, 'omitempty', { aliases: ['prioritize_by_locality'] }),
  f('Meta', stringMap, 'omitempty'),
  hashField,
  enterpriseMeta,
  raftIndexField,
]);

/** The protocol Consul derives from proxy-defaults Config (a weak decode of its `protocol` key). */
function computeProtocol(config: unknown): { protocol: string } | { error: string } {
  const decoder = new GoDecoder();
  const target = struct('proxyConfig', [f('protocol', str())]);
  const r = decoder.decode('', config ?? {}, target);
  if (r.errors.length > 0) return { error: `decoding failed due to the following error(s):\n\n${r.errors.join('\n')}` };
  return { protocol: ((r.value as GoStruct | undefined)?.['protocol'] as string | undefined) ?? '' };
}

function accessLogsProblem(logs: GoStruct): string | null {
  const type = logs['Type'] as string;
  const path = logs['Path'] as string;
  if (type === 'file') {
    if (path === '') return 'path must be specified when using file type access logs';
  } else if (!['', 'stderr', 'stdout'].includes(type)) return `invalid access log type: ${type}`;
  if (logs['JSONFormat'] !== '' && logs['TextFormat'] !== '') return 'cannot specify both access log JSONFormat and TextFormat';
  if (type !== 'file' && path !== '') return 'path is only valid for file type access logs';
  const json = logs['JSONFormat'] as string;
  if (json !== '') {
    try {
      JSON.parse(json);
    } catch {
      return 'invalid access log json for JSON format: invalid character in JSON format';
    }
  }
  return null;
}

/** proxy-defaults: decoding schema, normalisation (name, protocol from Config) and validation. */
export const proxyDefaultsSpec: KindSpec = {
  kind: 'proxy-defaults',
  type: proxyDefaultsEntry,
  kindFirst: false,
  unsupported(entry) {
    if (entry['FailoverPolicy'] !== null) return 'emulator: proxy-defaults FailoverPolicy is not supported by the emulator';
    if (entry['PrioritizeByLocality'] !== null) return 'emulator: proxy-defaults PrioritizeByLocality is not supported by the emulator';
    return envoyExtensionsUnsupported(entry);
  },
  normalize(entry) {
    entry['Kind'] = 'proxy-defaults';
    const name = entry['Name'] as string;
    if (name !== '' && name !== 'global') return `invalid name (${goQuote(name)}), only "global" is supported`;
    entry['Name'] = 'global';
    const computed = computeProtocol(entry['Config']);
    if ('error' in computed) return computed.error;
    entry['Protocol'] = computed.protocol;
    return null;
  },
  validate(entry) {
    const logs = accessLogsProblem(entry['AccessLogs'] as GoStruct);
    if (logs) return logs;
    const meta = metaProblems(entry['Meta']);
    if (meta.length > 0) return multiError(meta);
    const config = entry['Config'] as GoStruct | null;
    const socketDir = config?.['envoy_hcp_metrics_bind_socket_dir'];
    if (typeof socketDir === 'string' && goLen(socketDir) > 70) {
      return `Config: envoy_hcp_metrics_bind_socket_dir length ${goLen(socketDir)} exceeds max 70`;
    }
    return mutualTlsModeProblem(entry['MutualTLSMode']);
  },
};
