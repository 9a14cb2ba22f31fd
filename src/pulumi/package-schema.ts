// The Pulumi package schema (`schema.json`) of the native provider, derived from the core registry and the core's
// provider settings — never written by hand. The provider plugin serves it from GetSchema, and `pulumi package
// gen-sdk` makes the language SDKs from it. Property names are the core's camelCase; nested objects become named types.
import {
  PEERING_QUERY_DESCRIPTION, PEERING_QUERY_FIELDS, PEERINGS_QUERY_DESCRIPTION, PEERINGS_QUERY_FIELDS,
} from '../core/peering-queries';
import type { ComponentSchema } from '../core/components/plan';
import { COMPONENTS } from '../core/components/registry';
import { PROVIDER_SETTINGS } from '../core/provider-settings';
import { RESOURCES } from '../core/registry';
import type { FieldSpec, FieldType, Fields, ResourceSchema } from '../core/schema';

/** The Pulumi package name: type tokens are `consulpeering:index:<Name>`. */
export const PACKAGE_NAME = 'consulpeering';

/** A property of the Pulumi schema (the subset this package uses). */
export interface PropertySpec {
  readonly type?: 'string' | 'boolean' | 'number' | 'array' | 'object';
  readonly $ref?: string;
  readonly items?: PropertySpec;
  readonly additionalProperties?: PropertySpec;
  readonly description?: string;
  readonly secret?: boolean;
  readonly default?: string | number | boolean;
  /** A change replaces the resource (the engine's `replaceOnChanges`). */
  readonly replaceOnChanges?: boolean;
}

/** An object type of the schema: its properties and which are always present. */
export interface ObjectTypeSpec {
  readonly type: 'object';
  readonly description?: string;
  readonly properties: Readonly<Record<string, PropertySpec>>;
  readonly required?: readonly string[];
}

/** A resource of the schema. */
export interface ResourceSpec extends ObjectTypeSpec {
  /** A component (the plugin's Construct declares its children). */
  readonly isComponent?: boolean;
  readonly inputProperties: Readonly<Record<string, PropertySpec>>;
  readonly requiredInputs?: readonly string[];
  /**
   * What the SDKs' static `get` takes before its options: `get(name, id, state?, opts?)`, as with other providers.
   * Without it Pulumi's generators make `get(name, id, opts?)`, and the usual call `get(name, id, undefined, { provider })`
   * loses its options (a type error only when the program is type-checked): the read goes to the default provider.
   */
  readonly stateInputs?: ObjectTypeSpec;
}

/** A function of the schema: its arguments and its result. */
export interface FunctionSpec {
  readonly description: string;
  readonly inputs: { readonly properties: Readonly<Record<string, PropertySpec>>; readonly required?: readonly string[] };
  readonly outputs: { readonly properties: Readonly<Record<string, PropertySpec>>; readonly required?: readonly string[] };
}

/** The functions of the package by name (`getPeering`), each a core query with its fields. */
export const FUNCTIONS = {
  getPeering: { description: PEERING_QUERY_DESCRIPTION, fields: PEERING_QUERY_FIELDS },
  getPeerings: { description: PEERINGS_QUERY_DESCRIPTION, fields: PEERINGS_QUERY_FIELDS },
} as const;

/** The package schema (the fields of Pulumi's `PackageSpec` this package fills in). */
export interface PackageSpec {
  readonly name: string;
  readonly version: string;
  readonly displayName: string;
  readonly description: string;
  readonly keywords: readonly string[];
  readonly license: string;
  readonly meta: { readonly moduleFormat: string };
  readonly config: { readonly variables: Readonly<Record<string, PropertySpec>> };
  readonly provider: { readonly description: string; readonly inputProperties: Readonly<Record<string, PropertySpec>>; readonly properties: Readonly<Record<string, PropertySpec>> };
  readonly resources: Readonly<Record<string, ResourceSpec>>;
  readonly functions: Readonly<Record<string, FunctionSpec>>;
  readonly types: Readonly<Record<string, ObjectTypeSpec>>;
  readonly language: Readonly<Record<string, unknown>>;
}

/** The type token of a resource or type named `name`. */
export const typeToken = (name: string): string => `${PACKAGE_NAME}:index:${name}`;

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** Collects the named object types while properties are built. */
class TypeCollector {
  readonly types: Record<string, ObjectTypeSpec> = {};

  /** The property of `field`, registering the object types it uses under names derived from `typeName`. */
  property(typeName: string, field: Pick<FieldSpec, 'type' | 'description' | 'sensitive' | 'default' | 'forcesReplacement'>, withDefault: boolean): PropertySpec {
    return {
      ...this.typeOf(typeName, field.type),
      description: field.description,
      ...(field.sensitive === true ? { secret: true } : {}),
      ...(withDefault && field.default !== undefined ? { default: field.default } : {}),
      ...(field.forcesReplacement === true ? { replaceOnChanges: true } : {}),
    };
  }

  private typeOf(typeName: string, type: FieldType): PropertySpec {
    switch (type.kind) {
      case 'string': return { type: 'string' };
      case 'bool': return { type: 'boolean' };
      case 'number': return { type: 'number' };
      case 'map': return { type: 'object', additionalProperties: { type: 'string' } };
      case 'list': return { type: 'array', items: this.typeOf(typeName, type.of) };
      default:
        this.types[typeToken(typeName)] = this.object(typeName, type.fields);
        return { $ref: `#/types/${typeToken(typeName)}` };
    }
  }

  /** Adds a property that is not a core field (a provider reference) to the registered object type `typeName`. */
  addProperty(typeName: string, name: string, property: PropertySpec): void {
    const type = this.types[typeToken(typeName)];
    if (type === undefined) throw new Error(`no object type ${typeName} to add ${name} to`);
    this.types[typeToken(typeName)] = { ...type, properties: { ...type.properties, [name]: property } };
  }

  /** An object type of `fields` (every field, inputs and computed ones). */
  private object(typeName: string, fields: Fields): ObjectTypeSpec {
    const properties = Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, this.property(`${typeName}${pascal(name)}`, field, false)]));
    const required = Object.entries(fields).filter(([, field]) => field.mode === 'required').map(([name]) => name);
    return { type: 'object', properties, ...(required.length === 0 ? {} : { required }) };
  }
}

/** The resource's description with the import forms, as `pulumi import` takes them. */
function resourceDescription(schema: ResourceSchema): string {
  const forms = schema.importIdForms.map((form) => `\`${form}\``).join(' or ');
  return `${schema.description}\n\n${schema.updateNote}\n\n## Import\n\nImport ID: ${forms}.\n\n`
    + `\`\`\`sh\n$ pulumi import ${typeToken(schema.className)} example ${schema.importIdForms[0] ?? ''}\n\`\`\`\n`;
}

/** The schema of one resource: inputs (defaults included), outputs (every attribute), replace-on-change fields. */
function resourceSpec(collector: TypeCollector, schema: ResourceSchema): ResourceSpec {
  const entries = Object.entries(schema.fields);
  const inputs = entries.filter(([, field]) => field.mode !== 'computed');
  const property = (name: string, field: FieldSpec, withDefault: boolean) => collector.property(`${schema.className}${pascal(name)}`, field, withDefault);
  const requiredInputs = inputs.filter(([, field]) => field.mode === 'required').map(([name]) => name);
  const properties = Object.fromEntries(entries.map(([name, field]) => [name, property(name, field, false)]));
  return {
    type: 'object',
    description: resourceDescription(schema),
    inputProperties: Object.fromEntries(inputs.map(([name, field]) => [name, property(name, field, true)])),
    ...(requiredInputs.length === 0 ? {} : { requiredInputs }),
    properties,
    required: entries.filter(([, field]) => field.mode !== 'optional' || field.default !== undefined).map(([name]) => name),
    stateInputs: { type: 'object', description: `Known properties of an existing ${schema.className}, for its static \`get\`.`, properties },
  };
}

/** The name of the object type of one side of a ClusterPeering (both sides share it). */
export const CLUSTER_PEERING_SIDE_TYPE = 'ClusterPeeringSide';

/** How each component's cluster object type (a side, a cluster: what takes a provider) is named here, and its provider's doc. */
const CLUSTER_TYPES: Readonly<Record<string, { readonly clusterType: string; readonly providerDoc: string }>> = {
  ClusterPeering: { clusterType: CLUSTER_PEERING_SIDE_TYPE, providerDoc: 'The provider of this side\'s cluster' },
  ClusterMesh: { clusterType: 'ClusterMeshCluster', providerDoc: 'The provider of this cluster' },
};

/** A component of the core's registry with its names here; throws for one this file does not name yet. */
function pulumiComponent(schema: ComponentSchema): { readonly schema: ComponentSchema; readonly clusterType: string; readonly providerDoc: string } {
  const names = CLUSTER_TYPES[schema.className];
  if (names === undefined) throw new Error(`package-schema.ts names no cluster type for the component ${schema.className}`);
  return { schema, ...names };
}

/**
 * A component: its inputs and outputs from the core's data; the object type of a cluster (a ClusterPeering side, a
 * ClusterMesh cluster) also takes the provider of that cluster (a Pulumi resource reference, so one component spans
 * several clusters).
 */
function componentSpec(collector: TypeCollector, component: ReturnType<typeof pulumiComponent>): ResourceSpec {
  const { schema, clusterType } = component;
  const { inputs, outputs } = schema;
  const inputProperties = Object.fromEntries(Object.entries(inputs).map(([name, field]: [string, FieldSpec]) => {
    const ofCluster = field.type.kind === 'object' || (field.type.kind === 'list' && field.type.of.kind === 'object');
    return [name, collector.property(ofCluster ? clusterType : `${schema.className}${pascal(name)}`, field, true)];
  }));
  collector.addProperty(clusterType, 'provider', {
    $ref: '#/provider', description: `${component.providerDoc}; omitted: the component's own provider, else the default provider.`,
  });
  const required = (fields: Fields, when: (field: FieldSpec) => boolean) => Object.entries(fields).filter(([, field]) => when(field)).map(([name]) => name);
  return {
    type: 'object',
    isComponent: true,
    description: schema.description,
    inputProperties,
    requiredInputs: required(inputs, (field) => field.mode === 'required'),
    properties: Object.fromEntries(Object.entries(outputs).map(([name, field]: [string, FieldSpec]) => [name, collector.property(`${schema.className}${pascal(name)}`, field, false)])),
    required: Object.keys(outputs),
  };
}

/** The schema of a query function: arguments are its non-computed fields, the result every field. */
function functionSpec(collector: TypeCollector, name: string, description: string, fields: Fields): FunctionSpec {
  const entries = Object.entries(fields);
  const property = (field: string, spec: FieldSpec) => collector.property(`${pascal(name)}${pascal(field)}`, spec, false);
  const required = entries.filter(([, spec]) => spec.mode === 'required').map(([field]) => field);
  return {
    description,
    inputs: { properties: Object.fromEntries(entries.filter(([, spec]) => spec.mode !== 'computed').map(([field, spec]) => [field, property(field, spec)])), ...(required.length === 0 ? {} : { required }) },
    outputs: {
      properties: Object.fromEntries(entries.map(([field, spec]) => [field, property(field, spec)])),
      required: entries.filter(([, spec]) => spec.mode !== 'optional').map(([field]) => field),
    },
  };
}

/** The provider settings as schema properties (secrets marked; each falls back to its environment variables). */
function settingProperties(): Record<string, PropertySpec> {
  return Object.fromEntries(Object.entries(PROVIDER_SETTINGS).map(([name, setting]) => [name, {
    type: setting.type.kind === 'bool' ? 'boolean' : 'string',
    description: setting.description,
    ...('secret' in setting && setting.secret === true ? { secret: true } : {}),
  } satisfies PropertySpec]));
}

/** The package schema of `version`, from the core registry and provider settings. */
export function packageSchema(version: string): PackageSpec {
  const collector = new TypeCollector();
  const resources = {
    ...Object.fromEntries(RESOURCES.map(({ schema }) => [typeToken(schema.className), resourceSpec(collector, schema)])),
    ...Object.fromEntries(COMPONENTS.map(pulumiComponent).map((component) => [typeToken(component.schema.className), componentSpec(collector, component)])),
  };
  const settings = settingProperties();
  const functions = Object.fromEntries(Object.entries(FUNCTIONS).map(([name, query]) => [typeToken(name), functionSpec(collector, name, query.description, query.fields)]));
  return {
    name: PACKAGE_NAME,
    version,
    displayName: 'Consul cluster peering',
    description: 'Declarative HashiCorp Consul cluster peering: peering tokens, peerings, exported services and service intentions.',
    keywords: ['pulumi', 'consul', 'peering', 'category/network', 'kind/native'],
    license: 'MPL-2.0',
    meta: { moduleFormat: '(.*)' },
    config: { variables: settings },
    provider: { description: 'One Consul cluster (its settings fall back to Consul\'s CONSUL_* environment variables).', inputProperties: settings, properties: {} },
    resources,
    functions,
    types: collector.types,
    language: {
      nodejs: { packageName: '@consul-peering/pulumi-consulpeering', respectSchemaVersion: true },
      python: { packageName: 'pulumi_consulpeering', respectSchemaVersion: true },
      go: { importBasePath: 'github.com/consul-peering/pulumi-consulpeering/sdk/go/consulpeering', generateResourceContainerTypes: false, respectSchemaVersion: true },
    },
  };
}
