import type { FieldSpec, ResourceSchema } from '../../schema';
import type { ArgsOf, InputsOf, StateOf } from '../../schema-types';

const bool = (description: string) => ({ type: { kind: 'bool' }, mode: 'optional', description }) as const;
const str = (description: string) => ({ type: { kind: 'string' }, mode: 'optional', description }) as const;

/** TLS settings of one direction (incoming to or outgoing from the mesh's sidecars and gateways). */
const directionalTlsFields = {
  tlsMinVersion: str('Lowest TLS version: `TLS_AUTO`, `TLSv1_0`, `TLSv1_1`, `TLSv1_2` or `TLSv1_3`.'),
  tlsMaxVersion: str('Highest TLS version (same values), not below `tls_min_version`.'),
  cipherSuites: {
    type: { kind: 'list', of: { kind: 'string' } }, mode: 'optional',
    description: 'Envoy cipher suites (e.g. `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`), each once; only with a minimum version of TLS 1.2 or lower.',
  },
} as const satisfies Record<string, FieldSpec>;

const tlsDirection = (description: string) => ({ type: { kind: 'object', fields: directionalTlsFields }, mode: 'optional', description }) as const;

/** `consulpeering_mesh` / `Mesh`: the schema every adapter derives its types from. */
export const meshSchema = {
  typeName: 'mesh',
  className: 'Mesh',
  description: 'The settings of the `mesh` config entry that a peered mesh needs, above all `peering.peer_through_mesh_gateways`: '
    + 'peering control-plane traffic then goes through the mesh gateways, and new peering tokens carry their WAN addresses instead of '
    + 'the servers\'. Consul keeps one mesh entry per partition: this resource owns only the settings (and meta keys) it sets and '
    + 'merges them into that entry with check-and-set writes, so a platform stack and a peering stack can share it; destroying it '
    + 'removes only its own settings (and the entry when nothing is left). Importing by `PARTITION` adopts every setting currently in '
    + 'the entry.',
  fields: {
    partition: {
      type: { kind: 'string' }, mode: 'optional', default: 'default', forcesReplacement: true, enterpriseOnly: true,
      description: 'Admin partition whose mesh entry is managed (`default` on Consul CE).',
    },
    peering: {
      type: { kind: 'object', fields: { peerThroughMeshGateways: bool('Route peering control-plane traffic through the mesh gateways (a mesh gateway must be registered before a token is generated).') } },
      mode: 'optional', description: 'Peering settings.',
    },
    allowEnablingPermissiveMutualTls: bool('Allow services and proxy-defaults to set permissive mutual TLS mode.'),
    transparentProxy: {
      type: { kind: 'object', fields: { meshDestinationsOnly: bool('Transparent proxies reach only destinations inside the mesh.') } },
      mode: 'optional', description: 'Transparent proxy settings.',
    },
    tls: {
      type: { kind: 'object', fields: { incoming: tlsDirection('TLS of connections into the mesh.'), outgoing: tlsDirection('TLS of connections out of the mesh.') } },
      mode: 'optional', description: 'TLS settings of the mesh\'s sidecars and gateways.',
    },
    http: {
      type: { kind: 'object', fields: { sanitizeXForwardedClientCert: bool('Remove the X-Forwarded-Client-Cert header of incoming requests.') } },
      mode: 'optional', description: 'HTTP settings.',
    },
    meta: {
      type: { kind: 'map', limits: 'config-entry-meta' }, mode: 'optional',
      description: 'Meta keys of the entry this resource owns (others\' keys are kept).',
    },
  },
  importIdForms: ['PARTITION'],
  example: {
    name: 'through_gateways', caption: 'peer through the mesh gateways; other stacks\' settings of the same entry are kept.',
    args: { peering: { peerThroughMeshGateways: true } },
  },
  updateNote: 'Changing a setting or `meta` updates the entry in place: settings no longer set are removed, others\' kept. '
    + 'Changing `partition` replaces the resource.',
} as const satisfies ResourceSchema;

/** Arguments of `consulpeering_mesh` / `Mesh` as a user writes them. */
export type MeshArgs = ArgsOf<typeof meshSchema.fields>;
/** Arguments after `check` (`partition` defaulted). */
export type MeshInputs = InputsOf<typeof meshSchema.fields>;
/** State of a Mesh resource: the settings it owns (no computed attributes). */
export type MeshState = StateOf<typeof meshSchema.fields>;
