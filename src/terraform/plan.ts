// PlanResourceChange and ValidateResourceConfig in terms of the core: check gives the defaults and the issues,
// diff decides what changed and what forces a replacement. Everything here is about Terraform's plan rules:
// non-computed attributes planned as configured (or, when the core sees no change, as they were), computed
// attributes unknown whenever something changes.
import { snakeCase, type FieldType } from '../core/schema';
import { UNKNOWN } from '../core/unknown';
import type { Definition } from './catalog';
import type { TfValue } from './cty';
import { issueDiagnostic, type Diagnostic, type PathStep } from './diagnostics';
import { toCore, unknownNestedComputed, withDefaults } from './values';

/** A plan: the planned state, attribute paths whose change forces a replacement, and diagnostics. */
export interface PlanOutcome {
  readonly planned: TfValue;
  readonly requiresReplace: readonly (readonly PathStep[])[];
  readonly diagnostics: readonly Diagnostic[];
}

type Values = { [name: string]: TfValue };
const asValues = (value: TfValue): Values => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Values) : {});

/** Core check of a configuration (unknowns skipped by the core): its issues as diagnostics. */
export function validateConfig(definition: Definition, type: FieldType, config: TfValue): Diagnostic[] {
  const { issues } = definition.check(toCore(definition.schema.fields, config, true));
  return issues.map((issue) => issueDiagnostic(type, issue));
}

/** Plans a create (prior null), an update or a replacement; a destroy (proposed null) plans null. */
export function planChange(definition: Definition, type: FieldType, prior: TfValue, proposed: TfValue, config: TfValue): PlanOutcome {
  if (proposed === null) return { planned: null, requiresReplace: [], diagnostics: [] };
  const fields = definition.schema.fields;
  const checked = definition.check(toCore(fields, config, true));
  const problems = checked.issues.map((issue) => issueDiagnostic(type, issue));
  if (problems.length > 0) return { planned: proposed, requiresReplace: [], diagnostics: problems };

  const configured = asValues(config);
  const before = asValues(prior);
  const planned: Values = {};
  const asConfigured = (name: string): TfValue => {
    const field = fields[name];
    if (field === undefined) return null;
    const value = withDefaults({ kind: 'object', fields: { [name]: field } }, { [name]: configured[name] ?? null });
    return unknownNestedComputed(field.type, asValues(value)[name] ?? null);
  };

  if (prior === null) {
    for (const [name, field] of Object.entries(fields)) planned[name] = field.mode === 'computed' ? UNKNOWN : asConfigured(name);
    return { planned, requiresReplace: [], diagnostics: [] };
  }

  const diff = definition.diff(toCore(fields, prior, false), checked.inputs);
  const diagnostics = diff.issues.map((issue) => issueDiagnostic(type, issue));
  const changed = new Set(diff.changed);
  for (const [name, field] of Object.entries(fields)) {
    const previous = before[name] ?? null;
    if (field.mode === 'computed') {
      planned[name] = changed.size > 0 ? UNKNOWN : previous;
      continue;
    }
    const wanted = asConfigured(name);
    // Terraform accepts the prior value for a configured (non-null) attribute: "functionally equivalent".
    const keepPrior = !changed.has(name) && previous !== null && wanted !== null;
    planned[name] = keepPrior ? previous : wanted;
  }
  const requiresReplace = diff.replace.map((entry) => [{ attribute: snakeCase(entry.field) }]);
  return { planned, requiresReplace, diagnostics };
}
