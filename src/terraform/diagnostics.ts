// Diagnostics: the core's issues (camelCase paths) → tfplugin6 Diagnostics with snake_case attribute paths and names
// in messages (the core marks them, see core/message.ts), and errors → diagnostics. Messages come from the core and the client, which never put secrets into them.
import { errorMessage } from '../core/errors';
import { issueMessage, type Issue } from '../core/issues';
import { snakeCase, type FieldType } from '../core/schema';

/** One step of an attribute path. */
export type PathStep = { readonly attribute: string } | { readonly key: string } | { readonly index: number };

/** A diagnostic as plain data. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly path?: readonly PathStep[];
}

/** A core path → Terraform steps, using the type to tell attributes from map keys. */
export function attributePath(root: FieldType, path: readonly (string | number)[]): PathStep[] {
  const steps: PathStep[] = [];
  let type: FieldType | undefined = root;
  for (const part of path) {
    if (type?.kind === 'map') {
      steps.push({ key: String(part) });
      type = { kind: 'string' };
    } else if (typeof part === 'number') {
      steps.push({ index: part });
      type = type?.kind === 'list' ? type.of : undefined;
    } else {
      steps.push({ attribute: snakeCase(part) });
      type = type?.kind === 'object' ? type.fields[part]?.type : undefined;
    }
  }
  return steps;
}

/** How users read a path: `services[0].consumers[1].peer`, `meta["k"]`. */
export function formatSteps(steps: readonly PathStep[]): string {
  return steps.reduce<string>((out, step) => {
    if ('index' in step) return `${out}[${step.index}]`;
    if ('key' in step) return `${out}[${JSON.stringify(step.key)}]`;
    return out === '' ? step.attribute : `${out}.${step.attribute}`;
  }, '');
}

/** An issue of the core as an error diagnostic pointing at the attribute. */
export function issueDiagnostic(root: FieldType, issue: Issue): Diagnostic {
  const path = attributePath(root, issue.path);
  const message = issueMessage(issue, snakeCase);
  if (path.length === 0) return { severity: 'error', summary: issue.code === 'invalid_import_id' ? 'Invalid import ID' : 'Invalid configuration', detail: message };
  const where = formatSteps(path);
  return { severity: 'error', summary: `Invalid value for ${where}`, detail: `${where}: ${message}`, path };
}

/** An error as a diagnostic (core ValidationErrors keep their paths). */
export function errorDiagnostics(root: FieldType, error: unknown, summary: string): Diagnostic[] {
  const issues = (error as { issues?: unknown }).issues;
  if (Array.isArray(issues) && issues.length > 0) return (issues as Issue[]).map((issue) => issueDiagnostic(root, issue));
  return [{ severity: 'error', summary, detail: errorMessage(error, snakeCase) }];
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}
