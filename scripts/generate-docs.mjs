// Regenerates docs/resources.md (provider settings, resources and components) and docs/errors.md (the code catalogue) from the
// core's data (run through `npm run docs`, which builds dist/ first).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const core = createRequire(import.meta.url)(join(root, 'dist', 'core'));
const target = join(root, 'docs', 'resources.md');
writeFileSync(target, core.renderResourcesDoc(core.RESOURCES.map((resource) => resource.schema), core.COMPONENTS));
console.log(`wrote ${target}`);
const errors = join(root, 'docs', 'errors.md');
writeFileSync(errors, core.renderErrorsDoc());
console.log(`wrote ${errors}`);
