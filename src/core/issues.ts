/** A stable code for each kind of validation problem. */
export type IssueCode =
  | 'required' | 'invalid_type' | 'invalid_name' | 'invalid_value' | 'conflicting_fields' | 'duplicate'
  | 'too_many' | 'too_long' | 'wildcard_not_allowed' | 'invalid_import_id' | 'unsupported_change';

/** One problem with the input: where (attribute path), what (code) and why (message). */
export interface Issue {
  readonly code: IssueCode;
  /** Attribute path in camelCase, e.g. `["services", 0, "consumers", 1, "peer"]`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Formats a path as users read it: `services[0].consumers[1].peer`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out === '' ? part : `${out}.${part}`), '');
}

/** Thrown by asserting validation: every issue at once, each with its path. Not a transport error. */
export class ValidationError extends Error {
  readonly issues: readonly Issue[];

  constructor(resource: string, issues: readonly Issue[]) {
    super(`Invalid ${resource}: ${issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ')}`);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** Collects issues under a base path. */
export class IssueList {
  readonly issues: Issue[] = [];

  /** Adds an issue at `path`. */
  add(code: IssueCode, path: readonly (string | number)[], message: string): void {
    this.issues.push({ code, path, message });
  }
}
