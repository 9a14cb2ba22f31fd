import type { ResourceExample } from './docs-examples';

/** Consul's limits a map attribute is held to: peering meta (key characters, no `consul-` prefix) or config-entry meta (bytes). */
export type MapLimits = 'peering-meta' | 'config-entry-meta';

/** The type of one attribute. */
export type FieldType =
  | { readonly kind: 'string' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'number' }
  | { readonly kind: 'map'; readonly limits?: MapLimits }
  | { readonly kind: 'list'; readonly of: FieldType }
  | { readonly kind: 'object'; readonly fields: Fields };

/** One attribute of a resource, written once; the Terraform schema, Pulumi types, CDKTF bindings and docs derive from it. */
export interface FieldSpec {
  readonly type: FieldType;
  /** One or two sentences for users. */
  readonly description: string;
  /** `required`: the user must set it; `optional`: may set it; `computed`: only the provider sets it. */
  readonly mode: 'required' | 'optional' | 'computed';
  /** A secret: hidden in plans, encrypted in Pulumi state, redacted everywhere. */
  readonly sensitive?: boolean;
  /** Changing it replaces the resource (delete + create) instead of updating in place. */
  readonly forcesReplacement?: boolean;
  /** An argument never stored: Terraform write-only (null in plan and state; Terraform ≥ 1.11), a secret input elsewhere. */
  readonly writeOnly?: boolean;
  /** Steers the apply (how to wait, what to establish with) and is not Consul's: data sources that read the object omit it. */
  readonly applyOnly?: boolean;
  /** Kept in state to steer later operations: an update changing only such fields writes nothing to Consul. */
  readonly stateOnly?: boolean;
  /** Meaningful on Consul Enterprise only (admin partitions, namespaces, sameness groups); Consul CE ignores or rejects it. */
  readonly enterpriseOnly?: boolean;
  /** Value used when the user does not set it. */
  readonly default?: string | number | boolean;
}

/** Attributes by camelCase name (the snake_case of Terraform is derived). */
export type Fields = Readonly<Record<string, FieldSpec>>;

/** A resource as data: names, fields, import ID forms. */
export interface ResourceSchema {
  /** `peering_token` → Terraform `consulpeering_peering_token`, Pulumi `PeeringToken`. */
  readonly typeName: string;
  /** Pulumi class name. */
  readonly className: string;
  readonly description: string;
  /** Attributes by camelCase name (snake_case for Terraform is derived). */
  readonly fields: Fields;
  /** Accepted import ID forms, e.g. `["NAME", "PARTITION/NAME"]`. */
  readonly importIdForms: readonly string[];
  /** What a change of the in-place fields does, for the docs. */
  readonly updateNote: string;
  /** The usage example of the docs (HCL, Pulumi and CDKTF are rendered from it; a test checks it passes `check`). */
  readonly example?: ResourceExample;
}

/** `peerServerAddresses` → `peer_server_addresses`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** `peer_server_addresses` → `peerServerAddresses`. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** A deep copy without null/undefined object values (adapters send null for unset attributes); unknowns kept. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== null && item !== undefined) out[key] = withoutNulls(item);
  return out;
}

/** The input object without nulls (at any depth) and with every unset optional attribute given its schema default. */
export function applyDefaults(schema: { readonly fields: Fields }, inputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out = withoutNulls(inputs) as Record<string, unknown>;
  for (const [name, field] of Object.entries(schema.fields)) {
    if (field.mode !== 'computed' && field.default !== undefined && (out[name] === undefined || out[name] === null)) out[name] = field.default;
  }
  return out;
}

/** The default of an attribute, typed by the schema (for code that needs it before `check` ran). */
export function defaultOf<S extends { readonly fields: Fields }, K extends keyof S['fields'] & string>(
  schema: S, name: K,
): S['fields'][K] extends { readonly default: infer D } ? D : undefined {
  return schema.fields[name]?.default as S['fields'][K] extends { readonly default: infer D } ? D : undefined;
}
