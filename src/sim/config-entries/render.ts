// Go-shaped values → the JSON Consul prints (encoding/json rules: declaration order, omitempty,
// embedded structs inlined, `json:"-"` skipped, maps marked so their keys print sorted).
import { markGoMap, setOwn } from './go-text';
import type { GoField, GoType } from './schema';

/** Values printed in place of the Hash and RaftIndex fields. */
export interface RenderExtras {
  readonly hash: bigint;
  readonly createIndex: number;
  readonly modifyIndex: number;
}

/** encoding/json's notion of an empty value for `omitempty`. */
function isEmpty(value: unknown, t: GoType): boolean {
  switch (t.k) {
    case 'string':
      return value === '' || value === undefined;
    case 'int':
      return value === 0 || value === undefined;
    case 'bool':
      return value !== true;
    case 'struct':
    case 'time':
      return false;
    case 'slice':
    case 'bytes':
      return !Array.isArray(value) || value.length === 0;
    case 'map':
      return value === null || value === undefined || Object.keys(value as object).length === 0;
    default:
      return value === null || value === undefined;
  }
}

function renderDynamic(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renderDynamic);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, renderDynamic(v));
    return markGoMap(out);
  }
  return value ?? null;
}

/** Renders a Go value of type `t` as encoding/json would print it (root extras only for entry structs). */
export function renderValue(value: unknown, t: GoType, extras?: RenderExtras): unknown {
  switch (t.k) {
    case 'string':
    case 'int':
    case 'bool':
      return value;
    case 'any':
      return renderDynamic(value);
    case 'time':
      return (value as { goTime?: string } | null)?.goTime ?? null;
    case 'ptr':
      return value === null || value === undefined ? null : renderValue(value, t.elem);
    case 'bytes':
      return Array.isArray(value) ? Buffer.from(value as number[]).toString('base64') : null;
    case 'slice':
      return Array.isArray(value) ? value.map((item) => renderValue(item, t.elem)) : null;
    case 'map': {
      if (value === null || value === undefined) return null;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) setOwn(out, k, renderValue(v, t.elem));
      return markGoMap(out);
    }
    case 'struct':
      return renderStruct((value ?? {}) as Record<string, unknown>, t.fields, extras);
  }
}

function renderStruct(value: Record<string, unknown>, fields: readonly GoField[], extras?: RenderExtras): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.json === 'skip') continue;
    if (field.name === 'Hash' && field.hashIgnore && extras) {
      if (extras.hash !== 0n) out['Hash'] = extras.hash;
      continue;
    }
    if (field.name === 'RaftIndex' && field.json === 'inline') {
      out['CreateIndex'] = extras?.createIndex ?? 0;
      out['ModifyIndex'] = extras?.modifyIndex ?? 0;
      continue;
    }
    if (field.json === 'inline') {
      const inner = renderValue(field.squash ? {} : value[field.name], field.type);
      if (inner && typeof inner === 'object') Object.assign(out, inner);
      continue;
    }
    const fieldValue = value[field.name];
    if (field.json === 'omitempty' && isEmpty(fieldValue, field.type)) continue;
    out[field.name] = renderValue(fieldValue, field.type);
  }
  return out;
}
