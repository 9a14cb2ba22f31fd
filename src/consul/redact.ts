/** Text that replaces a secret wherever one would otherwise be shown. */
export const REDACTED = '[redacted]';

/**
 * Base64 of a JSON object whose first key is `CA` — the shape of every Consul peering token
 * (`eyJDQSI6` is base64 for `{"CA":`). Matched even when nobody registered the token as a secret.
 */
const PEERING_TOKEN_SHAPE = /eyJDQSI6[A-Za-z0-9+/=_-]*/g;

/** Removes known secrets (ACL tokens, peering tokens) from text before it reaches an error or a log. */
export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Registers one more secret; short or empty values are ignored to avoid shredding ordinary text. */
  add(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= 8) this.secrets.add(secret);
  }

  /** A copy of this redactor that also hides `extra`. */
  with(...extra: (string | undefined)[]): Redactor {
    return new Redactor([...this.secrets, ...extra]);
  }

  /** `text` with every registered secret and every peering-token-shaped string replaced. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join(REDACTED);
    return out.replace(PEERING_TOKEN_SHAPE, REDACTED);
  }
}
