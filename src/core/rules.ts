import { isUnknown } from './unknown';
import type { IssueList } from './issues';
import { parseDuration } from './wait';

type Path = readonly (string | number)[];

const PEER_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const META_KEY = /^[a-zA-Z0-9_-]+$/;

/** Consul's peer-name rule (lower-case DNS label, 1–63 characters). */
export function checkPeerName(issues: IssueList, path: Path, value: unknown): void {
  if (isUnknown(value) || value === undefined) return;
  if (typeof value !== 'string' || !PEER_NAME.test(value)) {
    issues.add('invalid_name', path, `must be a peer name: 1–63 lower-case letters, digits or '-', starting and ending with a letter or digit; got ${JSON.stringify(value)}`);
  }
}

/** The known pairs of a meta map after the checks every Consul meta shares (a map, at most 64 pairs). */
function metaPairs(issues: IssueList, path: Path, value: unknown): [string, unknown][] {
  if (isUnknown(value) || value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    issues.add('invalid_type', path, 'must be a map of strings');
    return [];
  }
  const entries = Object.entries(value);
  if (entries.length > 64) issues.add('too_many', path, `may hold at most 64 pairs, got ${entries.length}`);
  return entries.filter(([, item]) => !isUnknown(item));
}

/** Consul's meta limits: at most 64 pairs, keys of letters/digits/-/_ up to 128, values up to 512, no `consul-` prefix. */
export function checkMeta(issues: IssueList, path: Path, value: unknown): void {
  for (const [key, item] of metaPairs(issues, path, value)) {
    const at = [...path, key];
    if (!META_KEY.test(key)) issues.add('invalid_value', at, 'key must consist of letters, digits, "-" or "_"');
    else if (key.length > 128) issues.add('too_long', at, 'key is longer than 128 characters');
    else if (key.startsWith('consul-')) issues.add('invalid_value', at, "key prefix 'consul-' is reserved by Consul");
    if (typeof item !== 'string') issues.add('invalid_type', at, 'value must be a string');
    else if (item.length > 512) issues.add('too_long', at, 'value is longer than 512 characters');
  }
}

/** Consul's config-entry meta limits: at most 64 pairs, keys up to 128 bytes, values up to 512 bytes. */
export function checkConfigEntryMeta(issues: IssueList, path: Path, value: unknown): void {
  for (const [key, item] of metaPairs(issues, path, value)) {
    const at = [...path, key];
    if (Buffer.byteLength(key) > 128) issues.add('too_long', at, 'key is longer than 128 bytes');
    if (typeof item !== 'string') issues.add('invalid_type', at, 'value must be a string');
    else if (Buffer.byteLength(item) > 512) issues.add('too_long', at, 'value is longer than 512 bytes');
  }
}

/** A required string attribute. */
export function checkRequiredString(issues: IssueList, path: Path, value: unknown): void {
  if (isUnknown(value)) return;
  if (typeof value !== 'string' || value === '') issues.add('required', path, 'is required');
}

/** An optional string attribute. */
export function checkOptionalString(issues: IssueList, path: Path, value: unknown): void {
  if (isUnknown(value) || value === undefined || value === null) return;
  if (typeof value !== 'string') issues.add('invalid_type', path, `must be a string, got ${typeof value}`);
}

/** An optional duration such as "90s", "2m" or "1m30s". */
export function checkOptionalDuration(issues: IssueList, path: Path, value: unknown): void {
  if (isUnknown(value) || value === undefined || value === null) return;
  if (typeof value !== 'string' || parseDuration(value) === null) {
    issues.add('invalid_value', path, `must be a duration such as "90s", "2m" or "1m30s", got ${JSON.stringify(value)}`);
  }
}

/** A list attribute; returns the items to check further (empty when unknown or absent). */
export function listItems(issues: IssueList, path: Path, value: unknown): readonly unknown[] {
  if (isUnknown(value) || value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.add('invalid_type', path, 'must be a list');
    return [];
  }
  return value;
}
