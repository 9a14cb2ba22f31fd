// Normalisation of the volatile parts of Consul HTTP responses, so that two runs of the same
// scenario (real Consul against real Consul, or real Consul against the emulator) can be compared
// byte for byte.
//
// JSON bodies are rewritten token by token: whitespace, key order and string escapes are kept
// exactly as sent (Consul pretty-prints with 4 spaces; a candidate must too), only scalar values
// that are volatile are replaced by placeholders (object keys get the name replacements only):
//   - UUIDs (IDs, PeerIDs, AccessorIDs, secrets)   → "<uuid-N>", numbered by first appearance, so
//     equal IDs stay equal; well-known ones can be given a name first (alias), e.g. "<accessor:x@a>"
//   - the trust-domain UUID in server.<dc>.peering.<uuid>.consul → "<trust-domain-N>"
//   - CreateIndex / ModifyIndex numbers            → <index>; a ModifyIndex that differs from the
//     CreateIndex of the same object → <index+> (so "modified since creation" is still compared)
//   - Hash values (config entries: numbers; ACL objects: base64 strings) → <hash-N> by first appearance
//   - RFC 3339 timestamps                          → <timestamp> (Go's zero time is kept: it means
//     "never", which is not volatile)
//   - PEM blocks                                   → <pem:CERTIFICATE>
//   - loopback ports >= 1024                        → 127.0.0.1:<port-N> by first appearance
//   - peering tokens (key PeeringToken)            → <peering-token {…}>, the decoded token JSON,
//     itself normalised (its key list and structure are compared, its secrets are not)
//   - the run's random name suffix                 → X
//   - names given with `literal` (the clusters' node names) → their placeholder, e.g. "<node:a>"
//   - the number of errors in a Go multierror whose (two or more) items are all the same retried failure
// Plain-text bodies (Consul's error messages) get the same string-level treatment.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TRUST_DOMAIN = /\.peering\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.consul/gi;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';
// A PEM block, either with real newlines or inside a JSON string (escaped as \n).
const PEM = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----(?:\\n|\n)?/g;
const LOOPBACK_PORT = /(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})(?!\d)/g;
const INDEX_KEYS = new Set(['CreateIndex', 'ModifyIndex']);
const HASH_KEYS = new Set(['Hash']);
const TOKEN_KEYS = new Set(['PeeringToken']);

/** Options of a Normalizer. */
export interface NormalizerOptions {
  /** Random suffixes put into names by the run (replaced by `X`). */
  readonly suffixes?: readonly string[];
}

/** Where a JSON scalar sits: the key of the nearest enclosing object member, and whether it is an array item. */
interface ScalarContext {
  readonly key: string | null;
  readonly inArray: boolean;
  /** Raw scalar texts already seen in the same object, by key. */
  readonly siblings: ReadonlyMap<string, string>;
}

type Frame =
  | { readonly type: 'object'; key: string | null; expectingKey: boolean; readonly values: Map<string, string> }
  | { readonly type: 'array' };

/**
 * Rewrites the scalars of a JSON text, keeping everything else (whitespace, key order, escapes)
 * byte for byte. `onScalar` gets the raw scalar text (a string token with its quotes, a number, or
 * true/false/null) and returns its replacement. Throws on text that is not JSON.
 */
export function rewriteJsonScalars(
  text: string, onScalar: (raw: string, context: ScalarContext) => string, onKey: (raw: string) => string = (raw) => raw,
): string {
  JSON.parse(text); // well-formedness first: the scanner below trusts its input
  const stack: Frame[] = [];
  let out = '';
  let i = 0;
  const top = (): Frame | undefined => stack[stack.length - 1];
  const context = (): ScalarContext => {
    const frame = top();
    if (frame === undefined) return { key: null, inArray: false, siblings: new Map() };
    if (frame.type === 'object') return { key: frame.key, inArray: false, siblings: frame.values };
    for (let k = stack.length - 2; k >= 0; k--) {
      const outer = stack[k];
      if (outer?.type === 'object') return { key: outer.key, inArray: true, siblings: new Map() };
    }
    return { key: null, inArray: true, siblings: new Map() };
  };
  const emitValue = (raw: string): void => {
    const frame = top();
    out += onScalar(raw, context());
    if (frame?.type === 'object' && frame.key !== null) frame.values.set(frame.key, raw);
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t' || ch === ':') {
      out += ch;
      i++;
    } else if (ch === '{') {
      stack.push({ type: 'object', key: null, expectingKey: true, values: new Map() });
      out += ch;
      i++;
    } else if (ch === '[') {
      stack.push({ type: 'array' });
      out += ch;
      i++;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      out += ch;
      i++;
    } else if (ch === ',') {
      const frame = top();
      if (frame?.type === 'object') frame.expectingKey = true;
      out += ch;
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const raw = text.slice(i, j + 1);
      i = j + 1;
      const frame = top();
      if (frame?.type === 'object' && frame.expectingKey) {
        frame.key = JSON.parse(raw) as string;
        frame.expectingKey = false;
        out += onKey(raw);
      } else {
        emitValue(raw);
      }
    } else {
      let j = i;
      while (j < text.length && /[-+0-9.eEa-z]/.test(text[j] as string)) j++;
      if (j === i) throw new Error(`unexpected character ${JSON.stringify(ch)} at ${i}`);
      emitValue(text.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** True when `text` parses as JSON. */
export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Replaces volatile values by stable placeholders. One instance per run of a scenario: the
 * placeholder numbering follows the order of first appearance, so two runs that send the same
 * requests in the same order get the same placeholders exactly when their values relate the same way.
 */
export class Normalizer {
  private readonly uuids = new Map<string, string>();
  private readonly ports = new Map<string, string>();
  private readonly hashes = new Map<string, string>();
  private readonly suffixes: readonly string[];
  private readonly literals = new Map<string, string>();
  private uuidCount = 0;
  private trustDomainCount = 0;

  constructor(options: NormalizerOptions = {}) {
    this.suffixes = (options.suffixes ?? []).filter((suffix) => suffix !== '');
  }

  /** Gives a known UUID a name: it is then shown as `<name>` (e.g. `accessor:peering-read@a`). */
  alias(uuid: string, name: string): void {
    this.uuids.set(uuid.toLowerCase(), `<${name}>`);
  }

  /** Gives a volatile name (e.g. a node name chosen per start) a placeholder shown wherever it appears in text. */
  literal(value: string, placeholder: string): void {
    if (value !== '') this.literals.set(value, placeholder);
  }

  /** The placeholder of a UUID (allocating the next number on first sight). */
  uuid(value: string): string {
    const key = value.toLowerCase();
    let placeholder = this.uuids.get(key);
    if (placeholder === undefined) {
      placeholder = `<uuid-${++this.uuidCount}>`;
      this.uuids.set(key, placeholder);
    }
    return placeholder;
  }

  private port(value: string): string {
    let placeholder = this.ports.get(value);
    if (placeholder === undefined) {
      placeholder = `<port-${this.ports.size + 1}>`;
      this.ports.set(value, placeholder);
    }
    return placeholder;
  }

  private hash(value: string): string {
    let placeholder = this.hashes.get(value);
    if (placeholder === undefined) {
      placeholder = `<hash-${this.hashes.size + 1}>`;
      this.hashes.set(value, placeholder);
    }
    return placeholder;
  }

  /** Names only (literals and the run's suffixes): what object keys get (e.g. service names as map keys). */
  names(value: string): string {
    let out = value;
    const literals = [...this.literals.entries()].sort(([a], [b]) => b.length - a.length);
    for (const [literal, placeholder] of literals) out = out.split(literal).join(placeholder);
    for (const suffix of this.suffixes) out = out.split(suffix).join('X');
    return out;
  }

  /** String-level normalisation, for plain text and for the raw (still escaped) text of JSON strings. */
  text(value: string): string {
    let out = value.replace(PEM, (_block, type: string) => `<pem:${type}>`);
    out = out.replace(TIMESTAMP, (stamp) => (stamp === GO_ZERO_TIME ? stamp : '<timestamp>'));
    out = out.replace(TRUST_DOMAIN, (whole, id: string) => {
      const key = id.toLowerCase();
      if (!this.uuids.has(key)) this.uuids.set(key, `<trust-domain-${++this.trustDomainCount}>`);
      return whole;
    });
    out = out.replace(UUID, (id) => this.uuid(id));
    out = out.replace(LOOPBACK_PORT, (whole, host: string, port: string) =>
      Number(port) >= 1024 ? `${host}:${this.port(port)}` : whole,
    );
    return collapseRetriedErrors(this.names(out));
  }

  /** A peering token: its decoded JSON, normalised, or a marker when it is not base64 JSON. */
  peeringToken(token: string): string {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    if (token === '' || !isJson(decoded) || Buffer.from(decoded, 'utf8').toString('base64') !== token) {
      return `<peering-token: not base64 JSON (${token.length} chars)>`;
    }
    return `<peering-token ${this.json(decoded)}>`;
  }

  /** A JSON text, normalised scalar by scalar (formatting kept). Throws when it is not JSON. */
  json(text: string): string {
    return rewriteJsonScalars(text, (raw, { key, siblings }) => {
      if (key !== null && INDEX_KEYS.has(key) && /^\d+$/.test(raw)) {
        if (key === 'ModifyIndex') {
          const created = siblings.get('CreateIndex');
          if (created !== undefined && created !== raw) return '<index+>';
        }
        return '<index>';
      }
      if (key !== null && HASH_KEYS.has(key) && /^\d+$/.test(raw)) return this.hash(raw);
      if (key !== null && HASH_KEYS.has(key) && raw.startsWith('"')) return `"${this.hash(raw)}"`;
      if (key !== null && TOKEN_KEYS.has(key) && raw.startsWith('"')) return this.peeringToken(JSON.parse(raw) as string);
      if (raw.startsWith('"')) return this.text(raw);
      return raw;
    }, (key) => this.names(key));
  }

  /** A response body: JSON when the content type says so and it parses, plain text otherwise. */
  body(text: string, contentType: string | null): string {
    if (text !== '' && (contentType ?? '').includes('json') && isJson(text)) return this.json(text);
    return this.text(text);
  }
}

/**
 * Go's multierror of one failure retried N times (`3 errors occurred:\n\t* A\n\t* A\n\t* A\n\n`,
 * e.g. Consul's establish retrying an unreachable address for 3 s): the count depends on timing, so
 * it becomes `<n> errors occurred` and the item is kept once. A single error (`1 error occurred`)
 * and lists of distinct items are left alone.
 */
function collapseRetriedErrors(text: string): string {
  const match = /^(\d+) errors occurred:\n((?:\t\* [^\n]*\n)+)\n?$/.exec(text);
  if (!match) return text;
  const items = (match[2] ?? '').split('\n').filter((line) => line !== '');
  const distinct = [...new Set(items)];
  if (items.length < 2 || distinct.length !== 1) return text;
  return `<n> errors occurred:\n${distinct[0] ?? ''}\n\n`;
}
