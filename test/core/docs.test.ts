import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESOURCES, renderResourcesDoc } from '../../src/core';

describe('generated resource reference (docs/resources.md)', () => {
  it('is up to date with the core schemas (regenerate with `npm run docs`)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'resources.md'), 'utf8');
    expect(committed).toBe(renderResourcesDoc(RESOURCES.map((resource) => resource.schema)));
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
  });
});
