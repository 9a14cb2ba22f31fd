// Text conventions of Go that show up in Consul's answers: %q quoting, float formatting used by weak
// string conversion, hashicorp/go-multierror lists, and encoding/json output (indented, HTML-escaped,
// map keys sorted).

/** Go's `%q` of a string: double-quoted, Go escapes for quotes, backslashes and non-printable runes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp === 0x07) out += '\\a';
    else if (cp === 0x08) out += '\\b';
    else if (cp === 0x0c) out += '\\f';
    else if (cp === 0x0a) out += '\\n';
    else if (cp === 0x0d) out += '\\r';
    else if (cp === 0x09) out += '\\t';
    else if (cp === 0x0b) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0xd800 && cp < 0xe000) out += '\ufffd';
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch)) {
      out += cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** Go's `strconv.FormatFloat(f, 'f', -1, 64)`: shortest round-trip digits, never an exponent. */
export function goFormatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (Object.is(f, -0)) return '-0';
  const s = String(f);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign = '', intPart = '', frac = '', expText = '0'] = m;
  const digits = intPart + frac;
  const point = intPart.length + Number(expText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** hashicorp/go-multierror's text for a list of errors (`1 error occurred:\n\t* …\n\n`). */
export function multiError(messages: readonly string[]): string {
  const points = messages.map((m) => `* ${m}`);
  const head = messages.length === 1 ? '1 error occurred:' : `${messages.length} errors occurred:`;
  return `${head}\n\t${points.join('\n\t')}\n\n`;
}

/** Byte length of a string in UTF-8 (Go's `len(s)`). */
export function goLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

// ---------------------------------------------------------------------------------------------
// JSON output.

const goMapObjects = new WeakSet<object>();

/** Marks a rendered object as a Go map: its keys are printed sorted (Go sorts map keys by bytes). */
export function markGoMap<T extends object>(obj: T): T {
  goMapObjects.add(obj);
  return obj;
}

/** Sets an own enumerable property, also for keys such as `__proto__`. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function compareBytes(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return Buffer.compare(x, y);
}

function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp === 0x08) out += '\\b';
    else if (cp === 0x0c) out += '\\f';
    else if (cp === 0x0a) out += '\\n';
    else if (cp === 0x0d) out += '\\r';
    else if (cp === 0x09) out += '\\t';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else if (cp >= 0xd800 && cp < 0xe000) out += '\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

function jsonNumber(n: number): string {
  if (Object.is(n, -0)) return '-0';
  return JSON.stringify(n);
}

function write(value: unknown, indent: string, step: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return jsonNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return jsonString(value);
  const inner = indent + step;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => inner + write(v, inner, step));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const obj = value as Record<string, unknown>;
  let keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  if (goMapObjects.has(obj)) keys = keys.sort(compareBytes);
  if (keys.length === 0) return '{}';
  const items = keys.map((k) => `${inner}${jsonString(k)}: ${write(obj[k], inner, step)}`);
  return `{\n${items.join(',\n')}\n${indent}}`;
}

// Go's escaping (`<`, `>`, `&`, U+2028/2029 as `\u…`), bigints as plain integers, keys of objects
// produced as Go maps (see renderConfigEntry) sorted, other objects in insertion order, no trailing newline.
/** JSON text exactly as Consul's HTTP API prints a value (4-space indentation, Go escaping and key order). */
export function toConsulJson(value: unknown): string {
  return write(value, '', '    ');
}
