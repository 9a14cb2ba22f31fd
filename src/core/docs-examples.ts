// The usage examples of the generated reference: one example per resource, written once as data in its schema and
// rendered as HCL, as a Pulumi program and as a CDKTF construct, so the three can never disagree.
import { snakeCase, type ResourceSchema } from './schema';

/** A value in an example: plain data, or a reference to another resource's attribute (spelled per language). */
export type ExampleValue =
  | string | number | boolean
  | readonly ExampleValue[]
  | { readonly [key: string]: ExampleValue }
  | { readonly $ref: { readonly hcl: string; readonly pulumi: string; readonly cdktf: string } };

/** One resource's example: the name it is given and its arguments (camelCase, as in the schema). */
export interface ResourceExample {
  readonly name: string;
  readonly args: Readonly<Record<string, ExampleValue>>;
  /** One line saying what the example does. */
  readonly caption: string;
}

const isRef = (value: ExampleValue): value is { readonly $ref: { readonly hcl: string; readonly pulumi: string; readonly cdktf: string } } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && '$ref' in value;

function hcl(value: ExampleValue, indent: string, snake: boolean): string {
  if (isRef(value)) return value.$ref.hcl;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => hcl(item, indent, snake)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, ExampleValue>).map(([key, item]) => `${snake ? snakeCase(key) : JSON.stringify(key)} = ${hcl(item, indent, snake)}`);
  return `{ ${entries.join(', ')} }`;
}

function ts(value: ExampleValue, language: 'pulumi' | 'cdktf'): string {
  if (isRef(value)) return value.$ref[language];
  if (typeof value === 'string') return `'${value.replace(/'/g, "\\'")}'`;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => ts(item, language)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, ExampleValue>).map(([key, item]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`}: ${ts(item, language)}`);
  return `{ ${entries.join(', ')} }`;
}

/** The example as HCL, a Pulumi program and a CDKTF construct, as markdown. */
export function renderExample(schema: ResourceSchema, provider: string, example: ResourceExample): string {
  const fields = Object.entries(example.args);
  const width = Math.max(...fields.map(([key]) => snakeCase(key).length));
  // Maps keep their keys as written; nested objects of the schema use attribute names.
  const hclValue = (key: string, value: ExampleValue): string => hcl(value, '  ', schema.fields[key]?.type.kind !== 'map');
  const hclBody = fields.map(([key, value]) => `  ${snakeCase(key).padEnd(width)} = ${hclValue(key, value)}`).join('\n');
  const tsBody = (language: 'pulumi' | 'cdktf'): string => fields.map(([key, value]) => `  ${key}: ${ts(value, language)},`).join('\n');
  const namespace = schema.className.charAt(0).toLowerCase() + schema.className.slice(1);
  return [
    `**Example** — ${example.caption}`,
    '',
    'HCL:',
    '```hcl',
    `resource "${provider}_${schema.typeName}" "${example.name}" {`,
    hclBody,
    '}',
    '```',
    '',
    'Pulumi (TypeScript):',
    '```ts',
    `import { ${schema.className} } from 'consul-peering/pulumi';`,
    `new ${schema.className}('${example.name}', {`,
    tsBody('pulumi'),
    '});',
    '```',
    '',
    'CDKTF (TypeScript, inside a stack):',
    '```ts',
    `import { ${namespace} } from 'consul-peering/cdktf';`,
    `new ${namespace}.${schema.className}(this, '${example.name}', {`,
    tsBody('cdktf'),
    '});',
    '```',
    '',
  ].join('\n');
}
