import type { ResourceSchema } from '../../schema';
import type { ArgsOf, InputsOf, StateOf } from '../../schema-types';

/** The protocols Consul accepts for a service (the first three allow L7 intentions). */
export const SERVICE_PROTOCOLS = ['http', 'http2', 'grpc', 'tcp'] as const;
/** The mesh gateway modes Consul knows (Consul 1.22 stores any other text too, and ignores it). */
export const MESH_GATEWAY_MODES = ['none', 'local', 'remote'] as const;

/** `consulpeering_service_defaults` / `ServiceDefaults`: the schema every adapter derives its types from. */
export const serviceDefaultsSchema = {
  typeName: 'service_defaults',
  className: 'ServiceDefaults',
  description: 'What a peered service needs of its service-defaults entry, narrowly: `protocol` (L7 intentions need an HTTP-family '
    + 'protocol) and `mesh_gateway.mode` (how its upstreams reach peers through mesh gateways), and meta. Consul keeps one '
    + 'service-defaults entry per service: this resource owns only the settings it sets and merges them into that entry with '
    + 'check-and-set writes, keeping every other setting; destroying it removes only its own (and the entry when nothing is left). '
    + 'Importing by `NAME` (or `PARTITION/NAMESPACE/NAME`) adopts the settings currently in the entry.',
  fields: {
    name: { type: { kind: 'string' }, mode: 'required', forcesReplacement: true, description: 'Name of the service.' },
    partition: {
      type: { kind: 'string' }, mode: 'optional', forcesReplacement: true, enterpriseOnly: true,
      description: 'Admin partition of the service (Consul Enterprise).',
    },
    namespace: {
      type: { kind: 'string' }, mode: 'optional', forcesReplacement: true, enterpriseOnly: true,
      description: 'Namespace of the service (Consul Enterprise).',
    },
    protocol: {
      type: { kind: 'string' }, mode: 'optional',
      description: 'Protocol of the service: `http`, `http2`, `grpc` (L7 intentions allowed) or `tcp`.',
    },
    meshGateway: {
      type: { kind: 'object', fields: { mode: { type: { kind: 'string' }, mode: 'optional', description: 'Mesh gateway mode of the service\'s upstreams: `none`, `local` or `remote`.' } } },
      mode: 'optional', description: 'How the service\'s upstreams reach other clusters through mesh gateways.',
    },
    meta: {
      type: { kind: 'map', limits: 'config-entry-meta' }, mode: 'optional',
      description: 'Meta keys of the entry this resource owns (others\' keys are kept).',
    },
  },
  importIdForms: ['NAME', 'PARTITION/NAMESPACE/NAME'],
  example: {
    name: 'api', caption: 'the service "api" speaks HTTP, so peers\' L7 intentions can target it; its upstreams use the local mesh gateway.',
    args: { name: 'api', protocol: 'http', meshGateway: { mode: 'local' } },
  },
  updateNote: 'Changing `protocol`, `mesh_gateway` or `meta` updates the entry in place (others\' settings kept). Changing `name`, '
    + '`partition` or `namespace` replaces the resource.',
} as const satisfies ResourceSchema;

/** Arguments of `consulpeering_service_defaults` / `ServiceDefaults` as a user writes them. */
export type ServiceDefaultsArgs = ArgsOf<typeof serviceDefaultsSchema.fields>;
/** Arguments after `check`. */
export type ServiceDefaultsInputs = InputsOf<typeof serviceDefaultsSchema.fields>;
/** State of a ServiceDefaults resource: the settings it owns (no computed attributes). */
export type ServiceDefaultsState = StateOf<typeof serviceDefaultsSchema.fields>;
