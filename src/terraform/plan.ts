// PlanResourceChange and ValidateResourceConfig in terms of the core: check gives the defaults and the issues,
// diff decides what changed and what forces a replacement. Everything here is about Terraform's plan rules:
// non-computed attributes planned as configured (or, when the core sees no change, as they were), computed
// attributes unknown whenever a change writes to Consul (not when only state-only settings change).
import { updateWrites, type TokenSealing } from '../core/lifecycle';
import { snakeCase, type FieldType } from '../core/schema';
import { PASSPHRASE_ENV, sealedInputIssues } from '../core/token-text';
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
  /** The checked inputs when the plan writes to Consul (a create, an update or a replacement): the permission preflight's subject. */
  readonly writes?: Record<string, unknown>;
}

type Values = { [name: string]: TfValue };
const asValues = (value: TfValue): Values => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Values) : {});

/** Core check of a configuration (unknowns skipped by the core): its issues as diagnostics. */
export function validateConfig(definition: Definition, type: FieldType, config: TfValue): Diagnostic[] {
  const { issues } = definition.check(toCore(definition.schema.fields, config, true));
  return issues.map((issue) => issueDiagnostic(type, issue));
}

/**
 * Plans a create (prior null), an update or a replacement; a destroy (proposed null) plans null. Write-only arguments
 * are planned null when Terraform supports them (`writeOnly`, from the request's client capabilities), else as configured.
 */
export function planChange(definition: Definition, type: FieldType, prior: TfValue, proposed: TfValue, config: TfValue, writeOnly = true): PlanOutcome {
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
    if (field === undefined || (field.writeOnly === true && writeOnly)) return null;
    const value = withDefaults({ kind: 'object', fields: { [name]: field } }, { [name]: configured[name] ?? null });
    return unknownNestedComputed(field.type, asValues(value)[name] ?? null);
  };

  if (prior === null) {
    for (const [name, field] of Object.entries(fields)) planned[name] = field.mode === 'computed' ? UNKNOWN : asConfigured(name);
    return { planned, requiresReplace: [], diagnostics: [], writes: checked.inputs };
  }

  const diff = definition.diff(toCore(fields, prior, false), checked.inputs);
  const diagnostics = diff.issues.map((issue) => issueDiagnostic(type, issue));
  const changed = new Set(diff.changed);
  const writes = updateWrites(definition, diff.changed);
  for (const [name, field] of Object.entries(fields)) {
    const previous = before[name] ?? null;
    if (field.mode === 'computed') {
      planned[name] = writes ? UNKNOWN : previous;
      continue;
    }
    const wanted = asConfigured(name);
    // Terraform accepts the prior value for a configured (non-null) attribute: "functionally equivalent".
    const keepPrior = !changed.has(name) && previous !== null && wanted !== null && field.writeOnly !== true;
    planned[name] = keepPrior ? previous : wanted;
  }
  const requiresReplace = diff.replace.map((entry) => [{ attribute: snakeCase(entry.field) }]);
  return { planned, requiresReplace, diagnostics, ...(changed.size > 0 ? { writes: checked.inputs } : {}) };
}

/**
 * Warnings for secrets Terraform is about to store in plain text: sensitive computed attributes (a generated peering
 * token) planned unknown while no passphrase is configured to seal them.
 */
export function plaintextSecretWarnings(fields: Definition['schema']['fields'], planned: TfValue, sealed: boolean): Diagnostic[] {
  if (sealed) return [];
  const values = asValues(planned);
  return Object.entries(fields)
    .filter(([name, field]) => field.mode === 'computed' && field.sensitive === true && values[name] === UNKNOWN)
    .map(([name]) => ({
      severity: 'warning', summary: `${snakeCase(name)} will be stored in plain text in the Terraform state`, path: [{ attribute: snakeCase(name) }],
      detail: `Terraform keeps ${snakeCase(name)} in this state (and in any that reads it through terraform_remote_state) as it is. `
        + `Set peering_token_passphrase in the provider block (or ${PASSPHRASE_ENV}) here and on the dialing side to store it sealed instead.`,
    }));
}

/** Errors for sealed tokens in the configuration that the configured passphrase cannot open (no request to Consul). */
export async function sealedTokenDiagnostics(definition: Definition, type: FieldType, config: TfValue, sealing: TokenSealing): Promise<Diagnostic[]> {
  const issues = await sealedInputIssues(definition.schema, toCore(definition.schema.fields, config, true), sealing);
  return issues.map((issue) => issueDiagnostic(type, issue));
}
