// The core's errors: one branded base class, a stable code per kind, the message as parts (attribute names spelled by
// each adapter) and data for programs. The catalogue of codes with their meaning is ERROR_CODES (docs/errors.md).
import { renderMessage, type MessageParts, type Spelling } from './message';

const brand = Symbol.for('consul-peering/CoreError');

/** What each error code of the core means; the documented catalogue (docs/errors.md is generated from it). */
export const ERROR_CODES = {
  validation_failed: 'The inputs break a rule Consul would reject (or one of this provider\'s): `issues` lists each, with its attribute path and issue code. Nothing was written.',
  inputs_unknown: 'An apply was asked while some inputs were still unknown (a program called the core directly before its values were resolved). Nothing was written.',
  not_ready: 'The object was written but did not reach the wanted condition (a peering not ACTIVE in time, or FAILING/TERMINATED while waiting); `state` holds what was reached, and adapters keep it.',
  token_rejected: 'Consul refused the peering token: it was used already or a newer one replaced it. Generate a new token on the accepting cluster and apply again.',
  acceptor_unreachable: 'The dialing cluster could not reach the accepting cluster\'s servers to exchange the peering token (the message names the addresses). The token is still unused and nothing was left behind: make the addresses reachable and apply again.',
  token_seal: 'A sealed peering token could not be opened (no or another passphrase, or damaged text), or a token could not be sealed. The message names the setting, never the secret.',
  delete_timeout: 'Consul accepted a delete but the object was still there when the wait ended.',
  entry_conflict: 'Another writer kept changing a shared config entry between every read and check-and-set write; nothing of this change was applied.',
} as const;

/** A stable code for each kind of core error. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Base class of the core's errors; branded so checks work across copies of the package. */
export class CoreError extends Error {
  /** Brand read by {@link CoreError.isCoreError}. */
  readonly [brand] = true;

  /**
   * `parts`: the message with attribute references (the core's `.message` spells them in camelCase); `data`: facts
   * for programs (names, counts), never a secret.
   */
  constructor(
    readonly code: ErrorCode, readonly parts: MessageParts, readonly data: Readonly<Record<string, unknown>> = {}, options?: ErrorOptions,
  ) {
    super(renderMessage(parts), options);
    this.name = 'CoreError';
  }

  /** The message with attribute names spelled by `spell` (adapters: snake_case for Terraform). */
  render(spell: Spelling): string {
    return renderMessage(this.parts, spell);
  }

  /** True for any error of this hierarchy, even one thrown by another copy of the package. */
  static isCoreError(value: unknown): value is CoreError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/** An error's message with attribute names spelled by `spell` when it is a core error, else its plain message. */
export function errorMessage(error: unknown, spell: Spelling): string {
  if (CoreError.isCoreError(error)) return error.render(spell);
  return error instanceof Error ? error.message : String(error);
}
