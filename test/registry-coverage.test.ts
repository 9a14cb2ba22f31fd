import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import * as cdktfBindings from '../src/cdktf';
import * as cdktnBindings from '../src/cdktn';
import { RESOURCES, snakeCase, type ExampleValue, type Fields } from '../src/core';
import * as pulumiFront from '../src/pulumi';
import { PROVIDER_NAME, RESOURCE_TYPES } from '../src/terraform/catalog';
import { tfSchema, type TfAttribute } from '../src/terraform/schema';
import { recordRegistrations, settle } from './pulumi/helpers';

// The core registry is the one list of resources: every front end must cover exactly its resources, and each
// resource's exact fields (at any depth). Adding a resource or a field to the core and nothing else makes this fail
// until the Terraform schema, the Pulumi classes, the docs and the CDKTF bindings follow (they are derived or
// regenerated; see README "Adding a resource").

/** Every field path of a field record, in dotted camelCase (`services.consumers.peer`). */
function fieldPaths(fields: Fields, prefix = ''): string[] {
  return Object.entries(fields).flatMap(([name, field]) => {
    const inner = field.type.kind === 'list' ? field.type.of : field.type;
    const here = `${prefix}${name}`;
    return inner.kind === 'object' ? [here, ...fieldPaths(inner.fields, `${here}.`)] : [here];
  });
}

/** Every attribute path of a Terraform schema, in dotted snake_case. */
function attributePaths(attributes: readonly TfAttribute[], prefix = ''): string[] {
  return attributes.flatMap((attribute) => {
    const here = `${prefix}${attribute.name}`;
    return attribute.nested === undefined ? [here] : [here, ...attributePaths(attribute.nested.attributes, `${here}.`)];
  });
}

const snakePath = (path: string): string => path.split('.').map(snakeCase).join('.');
const classNames = RESOURCES.map(({ schema }) => schema.className);

describe('the core registry is what every front end serves', () => {
  it('lists each resource once, by Terraform type and class name', () => {
    expect(new Set(classNames).size).toBe(RESOURCES.length);
    expect(new Set(RESOURCES.map(({ schema }) => schema.typeName)).size).toBe(RESOURCES.length);
  });

  it('Terraform: exactly the registry\'s resource types, each with exactly its fields at every depth', async () => {
    expect([...RESOURCE_TYPES.keys()].sort()).toEqual(RESOURCES.map(({ schema }) => `${PROVIDER_NAME}_${schema.typeName}`).sort());
    for (const { schema, load } of RESOURCES) {
      const served = RESOURCE_TYPES.get(`${PROVIDER_NAME}_${schema.typeName}`);
      expect(served?.schema).toBe(schema);
      expect(attributePaths(tfSchema('', schema.fields).attributes).sort()).toEqual(fieldPaths(schema.fields).map(snakePath).sort());
      expect((await served?.load())?.schema).toBe((await load()).schema);
    }
  });

  it('Pulumi: an SDK class per registry resource, registering an output for every attribute', async () => {
    const registrations = await recordRegistrations();
    const classes = pulumiFront as unknown as Record<string, unknown>;
    for (const { schema } of RESOURCES) {
      const Class = classes[schema.className] as (new (name: string, args: object) => Record<string, unknown>) | undefined;
      expect(typeof Class).toBe('function');
      if (Class === undefined || schema.example === undefined) throw new Error(`${schema.className}: no Pulumi class or no example`);
      const resource = new Class(`coverage-${schema.typeName}`, withoutRefs(schema.example.args) as object);
      for (const name of Object.keys(schema.fields)) expect([schema.className, name, pulumi.Output.isInstance(resource[name])]).toEqual([schema.className, name, true]);
    }
    await settle();
    const registered = registrations.map((registration) => registration.type.split(':').pop()).sort();
    expect(registered).toEqual([...classNames].sort());
    for (const registration of registrations) {
      const schema = RESOURCES.find((entry) => registration.type.endsWith(`:${entry.schema.className}`))?.schema;
      const props = Object.keys(registration.object);
      expect(props.sort()).toEqual(Object.entries(schema?.fields ?? {}).filter(([, field]) => field.mode !== 'computed').map(([name]) => name)
        .filter((name) => registration.object[name] !== undefined).sort());
    }
  });

  it('docs: a section per registry resource naming every field path', () => {
    const doc = readFileSync(join(__dirname, '..', 'docs', 'resources.md'), 'utf8');
    const sections = [...doc.matchAll(/^## (\w+) \(`consulpeering_(\w+)`\)$/gm)].map((match) => match[1]);
    expect(sections).toEqual(classNames);
    for (const { schema } of RESOURCES) {
      const section = doc.split(`## ${schema.className} (`)[1]?.split('\n## ')[0] ?? '';
      for (const path of fieldPaths(schema.fields)) expect([schema.className, section.includes(`| \`${snakePath(path)}\` |`)]).toEqual([schema.className, true]);
    }
  });

  it.each([['cdktf', cdktfBindings], ['cdktn', cdktnBindings]])('%s: a construct per registry resource, with a property for every field at every depth', (framework, bindings) => {
    const namespaces = bindings as unknown as Record<string, Record<string, { tfResourceType?: string }> | undefined>;
    for (const { schema } of RESOURCES) {
      const namespace = namespaces[schema.typeName.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase())];
      expect(namespace?.[schema.className]?.tfResourceType).toBe(`${PROVIDER_NAME}_${schema.typeName}`);
      const file = readFileSync(join(__dirname, '..', 'src', framework, 'generated', schema.typeName.replace(/_/g, '-'), 'index.ts'), 'utf8');
      const getters = new Set([...file.matchAll(/public get (\w+)\(\)/g)].map((match) => match[1]));
      for (const path of fieldPaths(schema.fields)) {
        const leaf = path.split('.').pop() ?? path;
        expect([schema.className, path, getters.has(leaf)]).toEqual([schema.className, path, true]);
      }
    }
    // Namespaces of generated bindings (objects); ClusterPeering, the component's construct, is a class beside them.
    const resourceNamespaces = Object.keys(namespaces).filter((name) => typeof namespaces[name] === 'object' && name !== 'provider' && !name.startsWith('data'));
    expect(resourceNamespaces.sort()).toEqual(RESOURCES.map(({ schema }) => schema.typeName.replace(/_([a-z])/g, (_m, l: string) => l.toUpperCase())).sort());
  });
});

/** Example arguments with references (values known only later) replaced by a placeholder text. */
function withoutRefs(value: ExampleValue): unknown {
  if (Array.isArray(value)) return value.map(withoutRefs);
  if (typeof value !== 'object' || value === null) return value;
  if ('$ref' in value) return 'reference';
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutRefs(item as ExampleValue)]));
}
