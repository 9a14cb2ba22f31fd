// Terraform schemas derived from the core's schema data (no second hand-written schema): attribute names in
// snake_case, flags from `mode`, `sensitive` and `default`, list-of-object fields as nested attributes.
import { snakeCase, type FieldSpec, type FieldType } from '../core/schema';
import { ctyTypeJson } from './cty';
import { ProtoWriter } from './protobuf';

/** One Terraform attribute (tfplugin6 Schema.Attribute), as plain data. */
export interface TfAttribute {
  readonly name: string;
  /** Terraform's JSON type notation; absent for nested attributes. */
  readonly type?: unknown;
  readonly nested?: { readonly nesting: 'single' | 'list'; readonly attributes: readonly TfAttribute[] };
  readonly description: string;
  readonly required: boolean;
  readonly optional: boolean;
  readonly computed: boolean;
  readonly sensitive: boolean;
  /** Never stored in plan or state (Terraform ≥ 1.11). */
  readonly writeOnly: boolean;
}

/** A resource, data source or provider schema (tfplugin6 Schema with one block of attributes). */
export interface TfSchema {
  readonly version: number;
  readonly description: string;
  readonly attributes: readonly TfAttribute[];
}

/** Object fields that become nested attributes (list → LIST nesting, object → SINGLE nesting). */
function nestedFields(type: FieldType): { nesting: 'single' | 'list'; fields: Readonly<Record<string, FieldSpec>> } | undefined {
  if (type.kind === 'object') return { nesting: 'single', fields: type.fields };
  if (type.kind === 'list' && type.of.kind === 'object') return { nesting: 'list', fields: type.of.fields };
  return undefined;
}

/**
 * The attribute of one field: `required`/`optional`/`computed` from `mode`; an optional field with a default is
 * optional+computed, so that the plan can fill the default in.
 */
export function tfAttribute(name: string, field: FieldSpec): TfAttribute {
  const nested = nestedFields(field.type);
  return {
    name: snakeCase(name),
    ...(nested === undefined
      ? { type: ctyTypeJson(field.type) }
      : { nested: { nesting: nested.nesting, attributes: tfAttributes(nested.fields) } }),
    description: field.description,
    required: field.mode === 'required',
    optional: field.mode === 'optional',
    computed: field.mode === 'computed' || (field.mode === 'optional' && field.default !== undefined),
    sensitive: field.sensitive === true,
    writeOnly: field.writeOnly === true,
  };
}

/** Attributes of a field record, in the record's order. */
export function tfAttributes(fields: Readonly<Record<string, FieldSpec>>): TfAttribute[] {
  return Object.entries(fields).map(([name, field]) => tfAttribute(name, field));
}

/** The schema of a field record. */
export function tfSchema(description: string, fields: Readonly<Record<string, FieldSpec>>, version = 0): TfSchema {
  return { version, description, attributes: tfAttributes(fields) };
}

const MARKDOWN = 1;
const NESTING = { single: 1, list: 2 } as const;

function encodeAttribute(attribute: TfAttribute): ProtoWriter {
  const out = new ProtoWriter().string(1, attribute.name);
  if (attribute.nested !== undefined) {
    const object = new ProtoWriter();
    for (const inner of attribute.nested.attributes) object.message(1, encodeAttribute(inner));
    object.uint(3, NESTING[attribute.nested.nesting]);
    out.message(10, object);
  } else {
    out.bytes(2, Buffer.from(JSON.stringify(attribute.type)));
  }
  return out
    .string(3, attribute.description)
    .bool(4, attribute.required)
    .bool(5, attribute.optional)
    .bool(6, attribute.computed)
    .bool(7, attribute.sensitive)
    .uint(8, MARKDOWN)
    .bool(11, attribute.writeOnly);
}

/** tfplugin6 `Schema { version = 1; Block block = 2 }`, the block holding the attributes and the description. */
export function encodeSchema(schema: TfSchema): ProtoWriter {
  const block = new ProtoWriter().uint(1, schema.version);
  for (const attribute of schema.attributes) block.message(2, encodeAttribute(attribute));
  block.string(4, schema.description).uint(5, MARKDOWN);
  return new ProtoWriter().uint(1, schema.version).message(2, block);
}

/** A schema in the `terraform providers schema -json` form (for binding generators such as CDKTF's). */
export function schemaJson(schema: TfSchema): unknown {
  const attributes = (list: readonly TfAttribute[]): Record<string, unknown> => Object.fromEntries(list.map((attribute) => [attribute.name, {
    ...(attribute.nested === undefined
      ? { type: attribute.type }
      : { nested_type: { attributes: attributes(attribute.nested.attributes), nesting_mode: attribute.nested.nesting } }),
    description: attribute.description,
    description_kind: 'markdown',
    ...(attribute.required ? { required: true } : {}),
    ...(attribute.optional ? { optional: true } : {}),
    ...(attribute.computed ? { computed: true } : {}),
    ...(attribute.sensitive ? { sensitive: true } : {}),
    ...(attribute.writeOnly ? { write_only: true } : {}),
  }]));
  return {
    version: schema.version,
    block: { attributes: attributes(schema.attributes), description: schema.description, description_kind: 'markdown' },
  };
}
