import type { CheckResult } from './lifecycle';
import { IssueList, type Issue } from './issues';
import { checkConfigEntryMeta, checkMeta } from './rules';
import { applyDefaults, type Fields, type ResourceSchema } from './schema';
import type { InputsOf } from './schema-types';

/** The checks a schema implies by itself: Consul's limits of the map attributes that declare them. */
export function schemaIssues(fields: Fields, inputs: Readonly<Record<string, unknown>>): Issue[] {
  const issues = new IssueList();
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.mode === 'computed' || spec.type.kind !== 'map') continue;
    if (spec.type.limits === 'peering-meta') checkMeta(issues, [name], inputs[name]);
    if (spec.type.limits === 'config-entry-meta') checkConfigEntryMeta(issues, [name], inputs[name]);
  }
  return issues.issues;
}

/**
 * A resource's `check`: nulls dropped and defaults applied (so every defaulted input is present), then the schema's
 * own checks and the resource's `rules`. Never throws, never calls Consul, skips unknown values.
 */
export function checkBySchema<S extends ResourceSchema>(
  schema: S, raw: Readonly<Record<string, unknown>>, rules: (inputs: Readonly<Record<string, unknown>>) => Issue[],
): CheckResult<InputsOf<S['fields']>> {
  const inputs = applyDefaults(schema, raw);
  // Issues in the order of the schema's fields (stable within a field), whichever check found them.
  const order = Object.keys(schema.fields);
  const rank = (issue: Issue): number => (typeof issue.path[0] === 'string' && order.includes(issue.path[0]) ? order.indexOf(issue.path[0]) : order.length);
  const issues = [...rules(inputs), ...schemaIssues(schema.fields, inputs)].sort((a, b) => rank(a) - rank(b));
  // The issues say whether the shape holds; callers act on inputs only when there are none.
  return { inputs: inputs as InputsOf<S['fields']>, issues };
}
