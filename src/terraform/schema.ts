// Terraform schemas derived from the core's schema data (no second hand-written schema): attribute names in
// snake_case, flags from `mode`, `sensitive` and `default`, list-of-object fields as nested attributes.
import { snakeCase, type FieldSpec, type FieldType } from '../core/schema';
import { ctyTypeJson } from './cty';

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
