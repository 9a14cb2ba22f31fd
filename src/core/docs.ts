import { renderProviderSettingsDoc } from './docs-catalogue';
import { renderExample } from './docs-examples';
import type { ComponentSchema } from './components/plan';
import { snakeCase, type FieldSpec, type FieldType, type ResourceSchema } from './schema';

/** Terraform provider name; types are `consulpeering_<typeName>`. */
export const TERRAFORM_PROVIDER = 'consulpeering';

function typeLabel(type: FieldType): string {
  switch (type.kind) {
    case 'list': return `list of ${typeLabel(type.of)}`;
    case 'map': return 'map of string';
    case 'object': return 'object';
    default: return type.kind;
  }
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Argument rows, nested objects flattened (`a.b`); `changes`: with whether a change updates in place or replaces. */
function argumentRows(fields: Readonly<Record<string, FieldSpec>>, prefix = '', changes = true): string[] {
  const rows: string[] = [];
  for (const [name, field] of Object.entries(fields)) {
    if (field.mode === 'computed') continue;
    const flags = [
      field.mode === 'required' ? 'required' : 'optional',
      ...(field.default === undefined ? [] : [`default \`${JSON.stringify(field.default)}\``]),
      ...(!changes ? [] : [field.forcesReplacement === true ? 'forces replacement' : 'in place']),
      ...(field.sensitive === true ? ['sensitive'] : []),
      ...(field.writeOnly === true ? ['write-only (Terraform never stores it)'] : []),
    ];
    rows.push(`| \`${prefix}${snakeCase(name)}\` | ${typeLabel(field.type)} | ${flags.join(', ')} | ${cell(field.description)} |`);
    const inner = field.type.kind === 'list' ? field.type.of : field.type;
    if (inner.kind === 'object') rows.push(...argumentRows(inner.fields, `${prefix}${snakeCase(name)}.`, changes));
  }
  return rows;
}

function computedRows(fields: Readonly<Record<string, FieldSpec>>, prefix = ''): string[] {
  const rows: string[] = [];
  for (const [name, field] of Object.entries(fields)) {
    const inner = field.type.kind === 'list' ? field.type.of : field.type;
    if (field.mode === 'computed') {
      rows.push(`| \`${prefix}${snakeCase(name)}\` | ${typeLabel(field.type)} | ${field.sensitive === true ? 'sensitive. ' : ''}${cell(field.description)} |`);
    } else if (inner.kind === 'object') {
      rows.push(...computedRows(inner.fields, `${prefix}${snakeCase(name)}.`));
    }
  }
  return rows;
}

/** The reference section of one resource, derived from its schema. */
export function renderResourceDoc(schema: ResourceSchema): string {
  const computed = computedRows(schema.fields);
  return [
    `## ${schema.className} (\`${TERRAFORM_PROVIDER}_${schema.typeName}\`)`,
    '',
    schema.description,
    '',
    `Terraform / CDKTF type \`${TERRAFORM_PROVIDER}_${schema.typeName}\`; Pulumi class \`${schema.className}\` (arguments in camelCase).`,
    '',
    '| argument | type | | description |',
    '|---|---|---|---|',
    ...argumentRows(schema.fields),
    '',
    ...(computed.length === 0 ? ['No computed attributes.'] : ['| computed attribute | type | description |', '|---|---|---|', ...computed]),
    '',
    `**Changes:** ${schema.updateNote}`,
    '',
    `**Import ID:** ${schema.importIdForms.map((form) => `\`${form}\``).join(' or ')}, as in \`terraform import ${TERRAFORM_PROVIDER}_${schema.typeName}.example ${schema.importIdForms[0] ?? ''}\`.`,
    '',
    ...(schema.example === undefined ? [] : [renderExample(schema, TERRAFORM_PROVIDER, schema.example)]),
  ].join('\n');
}

/** The reference section of one component, derived from its data. */
export function renderComponentDoc(schema: ComponentSchema): string {
  return [
    `## ${schema.className} (component)`,
    '',
    schema.description,
    '',
    `Pulumi component \`${schema.className}\` of the native provider (every language; inputs in camelCase), construct`,
    `\`${schema.className}\` of \`consul-peering/cdktf\` and \`consul-peering/cdktn\`, and the HCL module`,
    `[${schema.hclModule}](../${schema.hclModule}/README.md) (its variables: the inputs in snake_case). Each cluster also`,
    'takes the `provider` of that cluster (in HCL, the module\'s provider slots). Its resources are the ones above, each',
    'on its cluster\'s provider, with their own plans and state.',
    '',
    '| input | type | | description |',
    '|---|---|---|---|',
    ...argumentRows(schema.inputs, '', false),
    '',
    '| output | type | description |',
    '|---|---|---|',
    ...computedRows(schema.outputs),
    '',
  ].join('\n');
}

/** `docs/resources.md`: every resource's reference, generated from the core schemas. */
export function renderResourcesDoc(schemas: readonly ResourceSchema[], components: readonly ComponentSchema[] = []): string {
  return [
    '<!-- Generated from the core schemas by `npm run docs`; do not edit. -->',
    '# Resource reference',
    '',
    'Every argument and attribute below is defined once, in `src/core/resources/*/schema.ts`; the Terraform schema,',
    'the Pulumi types and this page derive from it. "in place" arguments update the existing object; "forces',
    'replacement" arguments delete it and create a new one. The components at the end (from',
    '`src/core/components/`) declare several of these resources across clusters.',
    '',
    renderProviderSettingsDoc(),
    ...schemas.map(renderResourceDoc),
    ...components.map(renderComponentDoc),
  ].join('\n');
}
