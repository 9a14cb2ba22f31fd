// ApplyResourceChange, ReadResource and ImportResourceState in terms of the core lifecycle. What to create,
// update, wait for or merge is the core's business; here: Terraform values in and out, partial state kept on
// PartialStateError, planned unknowns filled from the result, "gone" reported as a null state.
import { isGone, PartialStateError, type OperationContext } from '../core/lifecycle';
import { snakeCase, type FieldType } from '../core/schema';
import type { Definition } from './catalog';
import type { TfValue } from './cty';
import { errorDiagnostics, issueDiagnostic, type Diagnostic } from './diagnostics';
import { fillUnknowns, fromCore, keepPriorSpelling, toCore } from './values';

/** A new state and diagnostics. */
export interface StateOutcome {
  readonly state: TfValue;
  readonly diagnostics: readonly Diagnostic[];
}

const typeName = (definition: Definition): string => definition.schema.className;

/** Creates (prior null), updates, or deletes (planned null) the object; see the file comment. */
export async function applyChange(
  definition: Definition, type: FieldType, context: OperationContext, prior: TfValue, planned: TfValue, config: TfValue,
): Promise<StateOutcome> {
  const fields = definition.schema.fields;
  if (planned === null) {
    try {
      await definition.delete(context, toCore(fields, prior, false));
      return { state: null, diagnostics: [] };
    } catch (error) {
      return { state: prior, diagnostics: errorDiagnostics(type, error, `Could not delete the ${typeName(definition)}`) };
    }
  }
  const checked = definition.check(toCore(fields, config, true));
  if (checked.issues.length > 0) return { state: prior, diagnostics: checked.issues.map((issue) => issueDiagnostic(type, issue)) };
  const verb = prior === null ? 'create' : 'update';
  try {
    const result = prior === null
      ? await definition.create(context, checked.inputs)
      : await definition.update(context, toCore(fields, prior, false), checked.inputs);
    return { state: fillUnknowns(type, planned, fromCore(fields, result)), diagnostics: [] };
  } catch (error) {
    const diagnostics = errorDiagnostics(type, error, `Could not ${verb} the ${typeName(definition)}`);
    if (error instanceof PartialStateError) {
      const tainted: Diagnostic[] = prior === null ? [{
        severity: 'warning', summary: `The ${typeName(definition)} exists in Consul and is recorded as tainted`,
        detail: 'Terraform would replace it on the next apply. If it reaches the wanted condition later (for a peering: ACTIVE), '
          + 'run `terraform untaint` on it instead: a replacement needs a new peering token, because a token works once.',
      }] : [];
      return { state: fillUnknowns(type, planned, fromCore(fields, error.state)), diagnostics: [...diagnostics, ...tainted] };
    }
    return { state: prior, diagnostics };
  }
}

/** Refreshes a state from Consul; gone → null (Terraform then plans to create it again) with a warning saying why. */
export async function readResource(definition: Definition, context: OperationContext, current: TfValue): Promise<StateOutcome> {
  const fields = definition.schema.fields;
  const state = toCore(fields, current, false);
  const id = definition.id(state);
  const result = await definition.read(context, id, state);
  if (isGone(result)) {
    return {
      state: null,
      diagnostics: [{ severity: 'warning', summary: `The ${typeName(definition)} ${JSON.stringify(id)} is gone from Consul and will be planned again`, detail: result.reason }],
    };
  }
  return { state: keepPriorSpelling(fields, current, fromCore(fields, result)), diagnostics: [] };
}

/** Reads the object an import ID names; unset arguments stay null (empty lists and maps read as null). */
export async function importResource(definition: Definition, type: FieldType, context: OperationContext, id: string): Promise<StateOutcome> {
  const parsed = definition.parseImportId(id);
  if (!('prior' in parsed)) return { state: null, diagnostics: [issueDiagnostic(type, parsed)] };
  const result = await definition.read(context, parsed.id, parsed.prior);
  if (isGone(result)) {
    return { state: null, diagnostics: [{ severity: 'error', summary: `Cannot import ${JSON.stringify(id)}`, detail: result.reason }] };
  }
  const fields = definition.schema.fields;
  const state = keepPriorSpelling(fields, null, fromCore(fields, result));
  // Required arguments Consul does not return are taken from the configuration by the next apply; write-only ones are
  // never stored. A generated secret (a peering token) cannot be read back at all.
  const unread = Object.entries(fields).filter(([name, field]) => field.mode === 'required' && field.writeOnly !== true && (state[name] === null || state[name] === ''));
  const diagnostics: Diagnostic[] = unread.map(([name]) => ({
    severity: 'warning', summary: `${snakeCase(name)} cannot be read from Consul`, path: [{ attribute: snakeCase(name) }],
    detail: `The imported ${typeName(definition)} has no ${snakeCase(name)}; the next plan shows it changing to the configured value, and the apply records it.`,
  }));
  const secrets = Object.entries(fields).filter(([name, field]) => field.mode === 'computed' && field.sensitive === true && (state[name] === null || state[name] === ''));
  diagnostics.push(...secrets.map(([name]): Diagnostic => ({
    severity: 'warning', summary: `${snakeCase(name)} cannot be read from Consul`, path: [{ attribute: snakeCase(name) }],
    detail: `Consul never returns a generated ${snakeCase(name)}: the imported ${typeName(definition)} keeps it empty until it generates a new one. `
      + definition.schema.updateNote,
  })));
  return { state, diagnostics };
}
