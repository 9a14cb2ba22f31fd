/** A Go-style strict JSON body decode result: the fields by canonical name, or Consul's 400 text. */
export type BodyDecode = { ok: true; fields: Record<string, unknown> } | { ok: false; message: string };

/** Field types a request struct has. */
export type FieldType = 'string' | 'map' | 'list';

/**
 * Decodes a request body like Go's json.Decoder with DisallowUnknownFields: keys match struct fields
 * case-insensitively, unknown keys and wrong types fail with Go's texts, prefixed `Body decoding failed: `.
 */
export function decodeStrictBody(text: string, structName: string, fields: Readonly<Record<string, FieldType>>): BodyDecode {
  if (text.trim() === '') return { ok: false, message: 'Body decoding failed: EOF' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'Body decoding failed: unexpected EOF' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    return { ok: false, message: `Body decoding failed: json: cannot unmarshal ${kind} into Go value of type api.${structName}` };
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const canonical = Object.keys(fields).find((name) => name.toLowerCase() === key.toLowerCase());
    if (canonical === undefined) return { ok: false, message: `Body decoding failed: json: unknown field "${key}"` };
    if (item === null) continue;
    const type = fields[canonical];
    const actual = Array.isArray(item) ? 'array' : typeof item === 'object' ? 'object' : typeof item;
    const fits = (type === 'string' && actual === 'string') || (type === 'map' && actual === 'object') || (type === 'list' && actual === 'array');
    if (!fits) {
      const goType = type === 'string' ? 'string' : type === 'map' ? 'map[string]string' : '[]string';
      return { ok: false, message: `Body decoding failed: json: cannot unmarshal ${actual} into Go struct field ${structName}.${canonical} of type ${goType}` };
    }
    out[canonical] = item;
  }
  return { ok: true, fields: out };
}
