import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPONENTS, ERROR_CODES, ISSUE_CODES, PROVIDER_SETTINGS, RESOURCES, renderErrorsDoc, renderResourcesDoc, snakeCase, UNKNOWN } from '../../src/core';

/** References in examples are values known only later: checked as unknown. */
const UNKNOWN_TEXT = '(reference)';

describe('generated resource reference (docs/resources.md)', () => {
  it('is up to date with the core schemas (regenerate with `npm run docs`)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'resources.md'), 'utf8');
    expect(committed).toBe(renderResourcesDoc(RESOURCES.map((resource) => resource.schema), COMPONENTS));
  });

  it('opens with every provider setting in both spellings with its environment fallback', () => {
    const doc = renderResourcesDoc([]);
    for (const [name, setting] of Object.entries(PROVIDER_SETTINGS)) {
      expect(doc).toContain(`| \`${snakeCase(name)}\` | \`${name}\` | ${setting.type.kind}`);
      for (const variable of setting.env) expect(doc).toContain(`\`${variable}\``);
    }
    expect(doc).toMatch(/\| `token_file` \| `tokenFile` \| string \| `CONSUL_HTTP_TOKEN_FILE` \|/);
    expect(doc).toMatch(/\| `token` \| `token` \| string, secret \|/);
  });

  it('lists every argument, computed attribute, replace/in-place behaviour and import form of every resource', () => {
    const doc = renderResourcesDoc(RESOURCES.map((resource) => resource.schema));
    for (const { schema } of RESOURCES) {
      expect(doc).toContain(`## ${schema.className} (\`consulpeering_${schema.typeName}\`)`);
      for (const form of schema.importIdForms) expect(doc).toContain(`\`${form}\``);
    }
    expect(doc).toMatch(/\| `peering_token` \| string \| sensitive\. /);
    expect(doc).toMatch(/\| `peer_name` \| string \| required, forces replacement \|/);
    expect(doc).toMatch(/\| `server_external_addresses` \| list of string \| optional, in place \|/);
    expect(doc).toMatch(/\| `wait_for_active` \| bool \| optional, default `true`, in place \|/);
    expect(doc).toMatch(/\| `peering_token` \| string \| required, in place, sensitive, write-only/);
  });

  it('shows each resource\'s example in HCL, Pulumi and CDKTF, and every example passes the resource\'s own check', async () => {
    const doc = renderResourcesDoc(RESOURCES.map((resource) => resource.schema));
    for (const resource of RESOURCES) {
      const example = resource.schema.example;
      if (example === undefined) throw new Error(`${resource.schema.className} has no example`);
      expect(doc).toContain(`resource "consulpeering_${resource.schema.typeName}" "${example.name}" {`);
      expect(doc).toContain(`new ${resource.schema.className}('${example.name}', {`);
      expect(doc).toMatch(new RegExp(`new \\w+\\.${resource.schema.className}\\(this, '${example.name}', \\{`));
      const args = JSON.parse(JSON.stringify(example.args), (_key, value: unknown) => (
        typeof value === 'object' && value !== null && '$ref' in value ? UNKNOWN_TEXT : value)) as Record<string, unknown>;
      const withUnknowns = JSON.parse(JSON.stringify(args)) as Record<string, unknown>;
      for (const [key, value] of Object.entries(withUnknowns)) if (value === UNKNOWN_TEXT) withUnknowns[key] = UNKNOWN;
      expect([resource.schema.className, (await resource.load()).check(withUnknowns).issues]).toEqual([resource.schema.className, []]);
    }
  });

  it('documents each component\'s inputs and outputs, and its HCL module declares exactly those inputs in snake_case', () => {
    const doc = renderResourcesDoc([], COMPONENTS);
    expect(COMPONENTS.map((component) => component.className)).toEqual(['ClusterPeering', 'ClusterMesh']);
    for (const component of COMPONENTS) {
      expect(doc).toContain(`## ${component.className} (component)`);
      for (const name of [...Object.keys(component.inputs), ...Object.keys(component.outputs)]) expect(doc).toContain(`| \`${snakeCase(name)}\` |`);
      const variables = readFileSync(join(__dirname, '..', '..', component.hclModule, 'variables.tf'), 'utf8');
      const declared = [...variables.matchAll(/^variable "(\w+)"/gm)].map((match) => match[1]).sort();
      expect([component.hclModule, declared]).toEqual([component.hclModule, Object.keys(component.inputs).map(snakeCase).sort()]);
    }
    expect(doc).toContain('| `clusters.exports.allow_from.cluster` | string | required |');
    expect(doc).toContain('| `wait_for_active` | bool | optional, default `true` | Wait for ACTIVE'); // no in-place/replace flag: components have no state of their own
  });
});

describe('generated code catalogue (docs/errors.md)', () => {
  it('is up to date with the core (regenerate with `npm run docs`) and lists every error and issue code', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'errors.md'), 'utf8');
    expect(committed).toBe(renderErrorsDoc());
    for (const code of [...Object.keys(ERROR_CODES), ...Object.keys(ISSUE_CODES)]) expect(committed).toContain(`| \`${code}\` |`);
  });
});
