// What the provider serves, by Terraform type name: the core resources (schemas loaded eagerly, which is cheap;
// lifecycles loaded on first use, which pulls in the Consul client), the two data sources, the provider block.
import type { ResourceDefinition } from '../core/lifecycle';
import type { FieldSpec, FieldType, ResourceSchema } from '../core/schema';
import { exportedServicesSchema } from '../core/resources/exported-services/schema';
import { peeringSchema } from '../core/resources/peering/schema';
import { peeringTokenSchema } from '../core/resources/peering-token/schema';
import { serviceIntentionsSchema } from '../core/resources/service-intentions/schema';
import { objectType } from './cty';

/** Terraform's name for the provider; types are `consulpeering_<name>`. */
export const PROVIDER_NAME = 'consulpeering';

/** The provider's source address. */
export const PROVIDER_SOURCE = `terraform.local/consul-peering/${PROVIDER_NAME}`;

/** A core resource with its inputs and state as plain records. */
export type Definition = ResourceDefinition<Record<string, unknown>, Record<string, unknown>>;

/** A managed resource type: its schema now, its lifecycle when an RPC needs it. */
export interface ManagedType {
  readonly schema: ResourceSchema;
  readonly type: FieldType;
  load(): Promise<Definition>;
}

const managed = (schema: ResourceSchema, pick: (core: typeof import('../core')) => unknown): ManagedType => ({
  schema,
  type: objectType(schema.fields),
  load: async () => pick(await import('../core')) as Definition,
});

/** Managed resource types by Terraform type name. */
export const RESOURCE_TYPES: ReadonlyMap<string, ManagedType> = new Map([
  [`${PROVIDER_NAME}_${peeringTokenSchema.typeName}`, managed(peeringTokenSchema, (core) => core.peeringToken)],
  [`${PROVIDER_NAME}_${peeringSchema.typeName}`, managed(peeringSchema, (core) => core.peering)],
  [`${PROVIDER_NAME}_${exportedServicesSchema.typeName}`, managed(exportedServicesSchema, (core) => core.exportedServices)],
  [`${PROVIDER_NAME}_${serviceIntentionsSchema.typeName}`, managed(serviceIntentionsSchema, (core) => core.serviceIntentions)],
]);

const computed = (field: FieldSpec): FieldSpec => ({ type: field.type, description: field.description, mode: 'computed', ...(field.sensitive === true ? { sensitive: true } : {}) });

/** Peering fields that are not Consul's (they steer the resource's apply) and so are not read by data sources. */
const APPLY_ONLY = new Set(['peeringToken', 'waitForActive', 'activeTimeout']);
const peeringAttributes = Object.fromEntries(Object.entries(peeringSchema.fields)
  .filter(([name]) => !APPLY_ONLY.has(name) && name !== 'peerName' && name !== 'partition')
  .map(([name, field]) => [name, computed(field)]));
const peerName = peeringSchema.fields['peerName'];
const partition = peeringSchema.fields['partition'];
if (peerName === undefined || partition === undefined) throw new Error('the core peering schema lost peerName or partition');

/** Arguments and attributes of `data.consulpeering_peering` (the peering resource's, read-only). */
export const PEERING_DATA_FIELDS: Readonly<Record<string, FieldSpec>> = {
  peerName: { type: peerName.type, mode: 'required', description: 'Name of the peering to read (either side of it).' },
  partition: { type: partition.type, mode: 'optional', description: partition.description },
  ...peeringAttributes,
};

/** Arguments and attributes of `data.consulpeering_peerings`. */
export const PEERINGS_DATA_FIELDS: Readonly<Record<string, FieldSpec>> = {
  partition: { type: partition.type, mode: 'optional', description: partition.description },
  peerings: {
    type: { kind: 'list', of: { kind: 'object', fields: Object.fromEntries(Object.entries(PEERING_DATA_FIELDS).map(([name, field]) => [name, computed(field)])) } },
    mode: 'computed',
    description: 'Every peering of the partition that is not being deleted or terminated, each with the attributes of the `consulpeering_peering` data source.',
  },
};

/** A data source: description and fields. */
export interface DataType {
  readonly description: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly type: FieldType;
}

/** Data source types by Terraform type name. */
export const DATA_TYPES: ReadonlyMap<string, DataType> = new Map([
  [`${PROVIDER_NAME}_peering`, {
    description: 'Reads one peering of the cluster by name, on either side (the acceptor\'s or the dialer\'s), with its live status.',
    fields: PEERING_DATA_FIELDS, type: objectType(PEERING_DATA_FIELDS),
  }],
  [`${PROVIDER_NAME}_peerings`, {
    description: 'Lists the peerings of the cluster (one partition).',
    fields: PEERINGS_DATA_FIELDS, type: objectType(PEERINGS_DATA_FIELDS),
  }],
]);

const setting = (description: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: { kind: 'string' }, mode: 'optional', description, ...extra });

/** The `provider "consulpeering"` block: the client's settings (camelCase here, snake_case in HCL). */
export const PROVIDER_FIELDS: Readonly<Record<string, FieldSpec>> = {
  address: setting('Consul HTTP API address: `host:port`, `http(s)://host:port` or `unix:///path`. Default: `CONSUL_HTTP_ADDR`, then `127.0.0.1:8500`.'),
  token: setting('ACL token. Default: `CONSUL_HTTP_TOKEN`, then the file named by `CONSUL_HTTP_TOKEN_FILE`.', { sensitive: true }),
  scheme: setting('`http` or `https`. Default: the address prefix, then `CONSUL_HTTP_SSL`.'),
  caFile: setting('PEM file of the CA that signed Consul\'s certificate. Default: `CONSUL_CACERT`.'),
  caPem: setting('PEM text of that CA (instead of `ca_file`).'),
  certFile: setting('Client certificate PEM file for mutual TLS. Default: `CONSUL_CLIENT_CERT`.'),
  keyFile: setting('Client key PEM file for mutual TLS. Default: `CONSUL_CLIENT_KEY`.'),
  insecureHttps: { type: { kind: 'bool' }, mode: 'optional', description: 'Skip TLS certificate verification. Default: `CONSUL_HTTP_SSL_VERIFY=false`.' },
  datacenter: setting('Datacenter for the requests where Consul honours it.'),
  partition: setting('Admin partition (Consul Enterprise). Default: `CONSUL_PARTITION`.'),
  namespace: setting('Namespace (Consul Enterprise). Default: `CONSUL_NAMESPACE`.'),
  peeringTokenPassphrase: setting('Passphrase (16 characters or more) that seals the peering tokens this provider generates, so that state, plans and '
    + 'remote-state outputs hold them only encrypted, and opens sealed tokens given to a peering. Give both sides the same one. '
    + 'Default: `CONSUL_PEERING_TOKEN_PASSPHRASE`.', { sensitive: true }),
};

/** The provider block's object type. */
export const PROVIDER_TYPE: FieldType = objectType(PROVIDER_FIELDS);

/** The provider's description. */
export const PROVIDER_DESCRIPTION = 'Declarative Consul cluster peering: peering tokens, peerings, exported services and service intentions.';
