// What the provider serves, by Terraform type name: the core registry's resources (schemas loaded eagerly, which is
// cheap; lifecycles loaded on first use, which pulls in the Consul client), the two data sources, the provider block.
import type { AnyResourceDefinition } from '../core/lifecycle';
import { settingFields } from '../core/provider-settings';
import { RESOURCES } from '../core/registry';
import {
  PEERING_QUERY_DESCRIPTION, PEERING_QUERY_FIELDS, PEERINGS_QUERY_DESCRIPTION, PEERINGS_QUERY_FIELDS,
} from '../core/peering-queries';
import type { FieldSpec, FieldType, Fields, ResourceSchema } from '../core/schema';
import { objectType } from './cty';

/** Terraform's name for the provider; types are `consulpeering_<name>`. */
export const PROVIDER_NAME = 'consulpeering';

/** The provider's source address. */
export const PROVIDER_SOURCE = `terraform.local/consul-peering/${PROVIDER_NAME}`;

/** A core resource with its inputs and state as plain records. */
export type Definition = AnyResourceDefinition;

/** A managed resource type: its schema now, its lifecycle when an RPC needs it. */
export interface ManagedType {
  readonly schema: ResourceSchema;
  readonly type: FieldType;
  load(): Promise<Definition>;
}

/** Managed resource types by Terraform type name: every resource of the core registry. */
export const RESOURCE_TYPES: ReadonlyMap<string, ManagedType> = new Map(RESOURCES.map(({ schema, load }) => [
  `${PROVIDER_NAME}_${schema.typeName}`, { schema, type: objectType(schema.fields), load },
]));

/** Arguments and attributes of `data.consulpeering_peering` (the core's one-peering query). */
export const PEERING_DATA_FIELDS: Fields = PEERING_QUERY_FIELDS;

/** Arguments and attributes of `data.consulpeering_peerings` (the core's list query). */
export const PEERINGS_DATA_FIELDS: Fields = PEERINGS_QUERY_FIELDS;

/** A data source: description and fields. */
export interface DataType {
  readonly description: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly type: FieldType;
}

/** Data source types by Terraform type name. */
export const DATA_TYPES: ReadonlyMap<string, DataType> = new Map([
  [`${PROVIDER_NAME}_peering`, {
    description: PEERING_QUERY_DESCRIPTION,
    fields: PEERING_DATA_FIELDS, type: objectType(PEERING_DATA_FIELDS),
  }],
  [`${PROVIDER_NAME}_peerings`, {
    description: PEERINGS_QUERY_DESCRIPTION,
    fields: PEERINGS_DATA_FIELDS, type: objectType(PEERINGS_DATA_FIELDS),
  }],
]);

/** The `provider "consulpeering"` block: the core's provider settings (camelCase here, snake_case in HCL). */
export const PROVIDER_FIELDS: Fields = settingFields();

/** The provider block's object type. */
export const PROVIDER_TYPE: FieldType = objectType(PROVIDER_FIELDS);

/** The provider's description. */
export const PROVIDER_DESCRIPTION = 'Declarative Consul cluster peering: peering tokens, peerings, exported services and service intentions.';
