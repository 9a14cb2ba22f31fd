// What the client needs around each exchange: parsing answers, removing secrets from failures, combining signals.
import { ConsulError, ConsulResponseError } from './errors';
import type { Redactor } from './redact';
import type { RequestSpec } from './request';

/** Anything with a zod-like `parse`. */
export interface Parser<T> {
  parse(value: unknown): T;
}

/** A `true`/`false` answer (config writes and deletes). */
export const booleanBody: Parser<boolean> = {
  parse(value) {
    if (typeof value !== 'boolean') throw new TypeError('expected true or false');
    return value;
  },
};

/** A JSON array whose items `item` parses. */
export function arrayOf<T>(value: unknown, item: Parser<T>): T[] {
  if (!Array.isArray(value)) throw new TypeError('expected a JSON array');
  return value.map((element) => item.parse(element));
}

/** The parsed body of a successful answer; a body that is not what `parser` expects is a redacted ConsulResponseError. */
export function parseBody<T>(spec: RequestSpec, body: string, parser: Parser<T> | undefined, redactor: Redactor): T {
  if (parser === undefined) return undefined as T;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ConsulResponseError(spec.method, spec.path, 'the body is not JSON');
  }
  try {
    return parser.parse(json);
  } catch (error) {
    throw new ConsulResponseError(spec.method, spec.path, redactor.redact(describeParseFailure(error)));
  }
}

/** Names the failing paths without echoing received values (which may be secrets). */
function describeParseFailure(error: unknown): string {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (issues === undefined) return error instanceof Error ? error.message : String(error);
  return issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/** Any failure as a ConsulError with every known secret removed from its message and stack. */
export function redactError(error: unknown, redactor: Redactor): Error {
  if (error instanceof ConsulError) {
    const message = redactor.redact(error.message);
    if (message !== error.message) error.message = message;
    if (error.stack !== undefined) error.stack = redactor.redact(error.stack);
    return error;
  }
  return new ConsulError(redactor.redact(error instanceof Error ? error.message : String(error)));
}

/** One signal that aborts when any of `signals` does. */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
