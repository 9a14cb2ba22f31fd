// Request-body decoding with the error texts of Go's encoding/json Decoder (as Consul's handlers use
// it: first value only, unknown fields refused, field names matched case-insensitively, the first
// error in document order reported).

/** Result of decoding: the value, or the Go error text (without the handler's prefix). */
export type GoDecodeResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Go's quoting of one character in scanner errors: `'x'`, `'\n'`, `'\''`. */
function quoteChar(char: string): string {
  if (char === "'") return "'\\''";
  if (char === '"') return "'\"'";
  const quoted = JSON.stringify(char);
  return `'${quoted.slice(1, -1)}'`;
}

class SyntaxFailure extends Error {}

/** Checks the first JSON value of `text` like Go's scanner; returns the index just past it. */
function scanValue(text: string): number {
  let i = 0;
  const fail = (what: string): never => {
    if (i >= text.length) throw new SyntaxFailure('unexpected EOF');
    throw new SyntaxFailure(`invalid character ${quoteChar(text[i] ?? '')} ${what}`);
  };
  const skipSpace = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i++;
  };
  const literal = (word: string): void => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (text[i] !== word[k]) fail(`in literal ${word} (expecting ${quoteChar(word[k] ?? '')})`);
    }
    i++;
  };
  const digits = (): void => {
    while (i < text.length && /[0-9]/.test(text[i] ?? '')) i++;
  };
  const number = (): void => {
    if (text[i] === '-') {
      i++;
      if (!/[0-9]/.test(text[i] ?? '')) fail('in numeric literal');
    }
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      if (!/[0-9]/.test(text[i] ?? '')) fail('after decimal point in numeric literal');
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!/[0-9]/.test(text[i] ?? '')) fail('in exponent of numeric literal');
      digits();
    }
  };
  const string = (): void => {
    i++;
    for (;;) {
      const char = text[i];
      if (char === undefined) return fail('');
      if (char === '"') {
        i++;
        return;
      }
      if (char === '\\') {
        i++;
        const escape = text[i];
        if (escape === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail('in \\u hexadecimal character escape');
          }
        } else if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          fail('in string escape code');
        }
      } else if ((char.codePointAt(0) ?? 0) < 0x20) {
        fail('in string literal');
      }
      i++;
    }
  };
  const value = (): void => {
    skipSpace();
    const char = text[i];
    if (char === '{') {
      i++;
      skipSpace();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail('looking for beginning of object key string');
        string();
        skipSpace();
        if (text[i] !== ':') fail('after object key');
        i++;
        value();
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail('after object key:value pair');
      }
    }
    if (char === '[') {
      i++;
      skipSpace();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail('after array element');
      }
    }
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    if (char === '-' || /[0-9]/.test(char ?? '')) return number();
    fail('looking for beginning of value');
  };
  value();
  return i;
}

/**
 * Decodes a request body the way Go's `json.NewDecoder(body).Decode(&v)` reads it: an empty body is
 * `EOF`, a syntax error is reported with Go's wording, anything after the first value is ignored.
 * A body that is not text (already parsed by the caller) is taken as the decoded value.
 */
export function decodeGoJson(body: unknown): GoDecodeResult<unknown> {
  let text: string;
  if (body === undefined) text = '';
  else if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) text = Buffer.from(body).toString('utf8');
  else return { ok: true, value: body };
  if (text.trim() === '') return { ok: false, message: 'EOF' };
  try {
    const end = scanValue(text);
    return { ok: true, value: JSON.parse(text.slice(0, end)) as unknown };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, message: error.message };
    throw error;
  }
}

/** A Go type a JSON value is decoded into, with the name Go's errors give it. */
export type GoType =
  | { kind: 'string'; goName?: string }
  | { kind: 'bool' }
  | { kind: 'uint64' }
  | { kind: 'int' }
  | { kind: 'any' }
  | { kind: 'map'; goName: string; elem: GoType }
  | { kind: 'slice'; goName: string; elem: GoType }
  | { kind: 'struct'; goName: string; structName: string; fields: readonly GoField[]; enterpriseHint?: boolean };

/** One field of a Go struct: JSON name, the path Go's errors show (`Alias.Name`), its type. */
export interface GoField {
  name: string;
  path: string;
  type: GoType;
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}

function goTypeName(type: GoType): string {
  if (type.kind === 'string') return type.goName ?? 'string';
  if (type.kind === 'bool') return 'bool';
  if (type.kind === 'uint64') return 'uint64';
  if (type.kind === 'int') return 'int';
  if (type.kind === 'any') return 'interface {}';
  return type.goName;
}

interface Place {
  structName: string;
  path: string[];
}

/**
 * Decodes an already-parsed JSON value into a plain object shaped by `type` (struct fields under
 * their canonical names, absent or null fields left out), or returns Go's first decoding error.
 */
export function decodeGoValue(value: unknown, type: GoType): GoDecodeResult<unknown> {
  let firstError: string | null = null;
  const save = (message: string): void => {
    firstError ??= message;
  };
  const mismatch = (found: unknown, target: GoType, place: Place | null): void => {
    const where = place === null ? 'Go value' : `Go struct field ${place.structName}.${place.path.join('.')}`;
    save(`json: cannot unmarshal ${jsonKind(found)} into ${where} of type ${goTypeName(target)}`);
  };
  const decode = (input: unknown, target: GoType, place: Place | null): unknown => {
    if (input === null) return undefined;
    switch (target.kind) {
      case 'any':
        return input;
      case 'string':
        if (typeof input === 'string') return input;
        mismatch(input, target, place);
        return undefined;
      case 'bool':
        if (typeof input === 'boolean') return input;
        mismatch(input, target, place);
        return undefined;
      case 'uint64':
        if (typeof input === 'number' && Number.isInteger(input) && input >= 0) return input;
        mismatch(input, target, place);
        return undefined;
      case 'int':
        if (typeof input === 'number' && Number.isInteger(input)) return input;
        mismatch(input, target, place);
        return undefined;
      case 'map': {
        if (typeof input !== 'object' || Array.isArray(input)) {
          mismatch(input, target, place);
          return undefined;
        }
        const entries = Object.entries(input as Record<string, unknown>).map(([key, item]) => [key, decode(item, target.elem, place)] as const);
        return Object.fromEntries(entries.filter(([, item]) => item !== undefined));
      }
      case 'slice': {
        if (!Array.isArray(input)) {
          mismatch(input, target, place);
          return undefined;
        }
        return input.map((item: unknown) => decode(item, target.elem, place));
      }
      case 'struct': {
        if (typeof input !== 'object' || Array.isArray(input)) {
          mismatch(input, target, place);
          return undefined;
        }
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(input as Record<string, unknown>)) {
          const field =
            target.fields.find((candidate) => candidate.name === key) ??
            target.fields.find((candidate) => candidate.name.toLowerCase() === key.toLowerCase());
          if (field === undefined) {
            const hint = target.enterpriseHint && key.toLowerCase() === 'namespace' ? ' - Namespaces are a Consul Enterprise feature' : '';
            save(`json: unknown field ${JSON.stringify(key)}${hint}`);
            continue;
          }
          const fieldPlace: Place = { structName: target.structName, path: [...(place?.path ?? []), ...field.path.split('.')] };
          const decoded = decode(item, field.type, fieldPlace);
          if (decoded !== undefined) out[field.name] = decoded; // Go leaves a field alone on null or a type error
        }
        return out;
      }
    }
  };
  const result = decode(value, type, null);
  if (firstError !== null) return { ok: false, message: firstError };
  return { ok: true, value: result };
}
