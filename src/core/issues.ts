import { CoreError } from './errors';
import { field, renderMessage, type MessageParts, type Spelling } from './message';

/** What each validation issue code means; part of the documented catalogue (docs/errors.md). */
export const ISSUE_CODES = {
  required: 'A required attribute (or one of a set of alternatives) is missing or empty.',
  invalid_type: 'The value has the wrong type (a string where a boolean belongs, an object where a list belongs, ...).',
  invalid_name: 'A name breaks Consul\'s naming rule (peer names are lower-case DNS labels of 1–63 characters).',
  invalid_value: 'The value has the right type but is not accepted (not a peering token, a bad duration, an unknown action, a reserved meta key, ...).',
  conflicting_fields: 'Attributes that exclude each other are set together (e.g. `peer` and `partition` of one source).',
  duplicate: 'The same service, consumer or source is listed twice.',
  too_many: 'A list or map holds more items than Consul allows.',
  too_long: 'A text is longer than Consul allows.',
  wildcard_not_allowed: 'A `*` where Consul accepts none, or only as the whole value.',
  invalid_import_id: 'An import ID has none of the accepted forms.',
  unsupported_change: 'A change that cannot be applied as asked (e.g. a peering\'s meta without a new token).',
  protocol_not_http: 'L7 permissions of intentions for a destination whose protocol is not `http`, `http2` or `grpc` (from its '
    + 'service-defaults, the global proxy-defaults, or Consul\'s default `tcp`), found at plan or preview time: Consul would refuse them.',
  needs_enterprise: 'A partition or namespace other than `default`, or a sameness group, for a cluster that runs Consul CE (found at plan or '
    + 'preview time, before anything is written): only Consul Enterprise has them.',
} as const;

/** A stable code for each kind of validation problem. */
export type IssueCode = keyof typeof ISSUE_CODES;

/** One attribute path step: an attribute name (camelCase) or map key, or a list index. */
export type PathPart = string | number;

/** One problem with the input: where (attribute path), what (code) and why (message). */
export interface Issue {
  readonly code: IssueCode;
  /** Attribute path in camelCase, e.g. `["services", 0, "consumers", 1, "peer"]`. */
  readonly path: readonly PathPart[];
  /** The message in the core's spelling (camelCase attribute names). */
  readonly message: string;
  /** The message with attribute references, when it names attributes (adapters spell them; see {@link issueMessage}). */
  readonly parts?: MessageParts;
  /** Facts for programs (the offending value's kind, limits, ...), never a secret. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Formats a path as users read it: `services[0].consumers[1].peer` (attribute names spelled by `spell`). */
export function formatPath(path: readonly PathPart[], spell: Spelling = (name) => name): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out === '' ? spell(part) : `${out}.${spell(part)}`), '');
}

/** The issue's message with attribute names spelled by `spell`. */
export function issueMessage(issue: Issue, spell: Spelling): string {
  return issue.parts === undefined ? issue.message : renderMessage(issue.parts, spell);
}

/** An issue; `message` may name attributes through `text`/`field` (see message.ts). */
export function makeIssue(code: IssueCode, path: readonly PathPart[], message: string | MessageParts, data?: Readonly<Record<string, unknown>>): Issue {
  return {
    code, path, message: renderMessage(message),
    ...(typeof message === 'string' ? {} : { parts: message }),
    ...(data === undefined ? {} : { data }),
  };
}

/** Thrown by asserting validation: every issue at once, each with its path. Not a transport error. */
export class ValidationError extends CoreError {
  readonly issues: readonly Issue[];

  constructor(resource: string, issues: readonly Issue[]) {
    const parts: (string | { field: string })[] = [`Invalid ${resource}: `];
    issues.forEach((issue, index) => {
      if (index > 0) parts.push('; ');
      issue.path.forEach((part, at) => {
        if (typeof part === 'number') parts.push(`[${part}]`);
        else parts.push(...(at === 0 ? [] : ['.']), field(part));
      });
      parts.push(': ', ...(issue.parts ?? [issue.message]));
    });
    super('validation_failed', parts, { resource });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** Collects issues under a base path. */
export class IssueList {
  readonly issues: Issue[] = [];

  /** Adds an issue at `path`. */
  add(code: IssueCode, path: readonly PathPart[], message: string | MessageParts, data?: Readonly<Record<string, unknown>>): void {
    this.issues.push(makeIssue(code, path, message, data));
  }
}
