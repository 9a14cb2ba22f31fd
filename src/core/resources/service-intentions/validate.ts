import { IssueList, type Issue } from '../../issues';
import { checkBySchema } from '../../check';
import type { CheckResult } from '../../lifecycle';
import { field, joined, text } from '../../message';
import { checkOptionalString, checkPeerName, checkRequiredString, listItems } from '../../rules';
import { isUnknown } from '../../unknown';
import { sourceKey } from './merge';
import { serviceIntentionsSchema, type ServiceIntentionsInputs } from './schema';
import { checkJwt } from './validate-jwt';

type Path = readonly (string | number)[];
type Fields = Readonly<Record<string, unknown>>;

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE']);
const HEADER_MATCHES = ['exact', 'prefix', 'suffix', 'contains', 'regex'] as const;
const DESCRIPTION_MAX_BYTES = 512;

/** Applies defaults, drops nulls and validates; never throws, never calls Consul, skips unknown values. */
export function checkServiceIntentions(raw: Readonly<Record<string, unknown>>): CheckResult<ServiceIntentionsInputs> {
  return checkBySchema(serviceIntentionsSchema, raw, validateServiceIntentions);
}

/** Everything Consul would reject in a service-intentions entry (consul-peering-api.md §5), each with its attribute path. */
export function validateServiceIntentions(inputs: Fields): Issue[] {
  const issues = new IssueList();
  const { name, partition, namespace } = inputs;
  checkRequiredString(issues, ['name'], name);
  checkWildcard(issues, ['name'], name, 'service');
  checkOptionalString(issues, ['partition'], partition);
  if (typeof partition === 'string' && partition.includes('*')) issues.add('wildcard_not_allowed', ['partition'], "must name one partition, '*' is not allowed");
  checkOptionalString(issues, ['namespace'], namespace);
  checkWildcard(issues, ['namespace'], namespace, 'namespace');
  if (namespace === '*' && typeof name === 'string' && name !== '*') {
    issues.add('invalid_value', ['name'], "an exact service name cannot follow the wildcard namespace '*'; use name '*' too");
  }
  checkBool(issues, ['exclusive'], inputs['exclusive']);
  checkJwt(issues, ['jwt'], inputs['jwt']);
  const sources = listItems(issues, ['sources'], inputs['sources']);
  if (inputs['sources'] === undefined || (Array.isArray(inputs['sources']) && sources.length === 0)) {
    issues.add('required', ['sources'], 'must list at least one source');
  }
  const seen = new Map<string, number>();
  sources.forEach((source, index) => checkSource(issues, index, source, name === '*', seen));
  return issues.issues;
}

function checkSource(issues: IssueList, index: number, source: unknown, wildcardDestination: boolean, seen: Map<string, number>): void {
  const path = ['sources', index];
  if (isUnknown(source)) return;
  if (!isFields(source)) {
    issues.add('invalid_type', path, 'must be an object with name, action or permissions, ...');
    return;
  }
  checkRequiredString(issues, [...path, 'name'], source['name']);
  checkWildcard(issues, [...path, 'name'], source['name'], 'service');
  for (const key of ['peer', 'partition', 'namespace', 'samenessGroup', 'action', 'description']) checkOptionalString(issues, [...path, key], source[key]);
  const { peer, partition, samenessGroup, action, description } = source;
  if (typeof peer === 'string' && peer.includes('*')) {
    issues.add('wildcard_not_allowed', [...path, 'peer'], "cannot be '*': intentions cannot match every peer; name each peer");
  } else if (typeof peer === 'string' && peer !== '') {
    checkPeerName(issues, [...path, 'peer'], peer);
  }
  checkWildcard(issues, [...path, 'namespace'], source['namespace'], 'namespace');
  if (typeof samenessGroup === 'string' && samenessGroup.includes('*')) {
    issues.add('wildcard_not_allowed', [...path, 'samenessGroup'], "cannot be '*'; name one sameness group");
  }
  if (isSet(peer) && isSet(partition)) {
    issues.add('conflicting_fields', [...path, 'partition'], 'cannot be set together with peer: a peer source is identified by the peer alone');
  }
  if (isSet(samenessGroup) && (isSet(peer) || isSet(partition))) {
    issues.add('conflicting_fields', [...path, 'samenessGroup'], 'cannot be set together with peer or partition');
  }
  if (typeof description === 'string' && Buffer.byteLength(description, 'utf8') > DESCRIPTION_MAX_BYTES) {
    issues.add('too_long', [...path, 'description'], `may be at most ${DESCRIPTION_MAX_BYTES} bytes, got ${Buffer.byteLength(description, 'utf8')}`);
  }
  const permissions = listItems(issues, [...path, 'permissions'], source['permissions']);
  const hasPermissions = permissions.length > 0;
  if (isSet(action) && action !== 'allow' && action !== 'deny') {
    issues.add('invalid_value', [...path, 'action'], `must be "allow" or "deny", got ${JSON.stringify(action)}`);
  }
  if (hasPermissions && isSet(action)) {
    issues.add('conflicting_fields', [...path, 'action'], 'must be omitted when permissions are given: each permission carries its own action');
  } else if (!hasPermissions && !isUnknown(source['permissions']) && !isUnknown(action) && !isSet(action)) {
    issues.add('required', [...path, 'action'], 'is required ("allow" or "deny") unless permissions are given');
  }
  if (hasPermissions && wildcardDestination) {
    issues.add('wildcard_not_allowed', [...path, 'permissions'], "cannot be used when the destination name is '*'");
  }
  permissions.forEach((permission, j) => checkPermission(issues, [...path, 'permissions', j], permission));
  const keyParts = ['name', 'peer', 'partition', 'namespace', 'samenessGroup'].map((key) => source[key]);
  if (typeof source['name'] === 'string' && source['name'] !== '' && !keyParts.some(isUnknown)) {
    const key = sourceKey({ name: source['name'], ...optionalStrings(source, ['peer', 'partition', 'namespace', 'samenessGroup']) }, {});
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else issues.add('duplicate', [...path, 'name'], text`this source (same name, peer, partition, namespace and ${field('samenessGroup')}) is already listed at sources[${first}]`);
  }
}

function checkPermission(issues: IssueList, path: Path, permission: unknown): void {
  if (isUnknown(permission)) return;
  if (!isFields(permission)) {
    issues.add('invalid_type', path, 'must be an object with action and http');
    return;
  }
  const action = permission['action'];
  checkRequiredString(issues, [...path, 'action'], action);
  if (isSet(action) && action !== 'allow' && action !== 'deny') {
    issues.add('invalid_value', [...path, 'action'], `must be "allow" or "deny", got ${JSON.stringify(action)}`);
  }
  checkJwt(issues, [...path, 'jwt'], permission['jwt']);
  const http = permission['http'];
  if (isUnknown(http)) return;
  if (http === undefined) issues.add('required', [...path, 'http'], 'is required: a permission matches HTTP requests');
  else if (!isFields(http)) issues.add('invalid_type', [...path, 'http'], 'must be an object');
  else checkHttp(issues, [...path, 'http'], http);
}

function checkHttp(issues: IssueList, path: Path, http: Fields): void {
  const pathForms = ['pathExact', 'pathPrefix', 'pathRegex'] as const;
  for (const key of pathForms) checkOptionalString(issues, [...path, key], http[key]);
  for (const key of ['pathExact', 'pathPrefix'] as const) {
    const value = http[key];
    if (isSet(value) && !value.startsWith('/')) issues.add('invalid_value', [...path, key], `must start with '/', got ${JSON.stringify(value)}`);
  }
  const setPaths = pathForms.filter((key) => isSet(http[key]));
  if (setPaths.length > 1) issues.add('conflicting_fields', path, [...text`set at most one of ${field('pathExact')}, ${field('pathPrefix')} and ${field('pathRegex')}, got `, ...joined(setPaths.map(field), ' and ')]);
  const methods = listItems(issues, [...path, 'methods'], http['methods']);
  const seenMethods = new Map<string, number>();
  methods.forEach((method, index) => {
    const at = [...path, 'methods', index];
    if (isUnknown(method)) return;
    if (typeof method !== 'string' || !HTTP_METHODS.has(method)) {
      const hint = typeof method === 'string' && HTTP_METHODS.has(method.toUpperCase()) ? ` (write it in upper case: ${method.toUpperCase()})` : '';
      issues.add('invalid_value', at, `must be one of ${[...HTTP_METHODS].join(', ')}, got ${JSON.stringify(method)}${hint}`);
      return;
    }
    const first = seenMethods.get(method);
    if (first === undefined) seenMethods.set(method, index);
    else issues.add('duplicate', at, `${method} is already listed at methods[${first}]`);
  });
  const headers = listItems(issues, [...path, 'headers'], http['headers']);
  headers.forEach((header, index) => checkHeader(issues, [...path, 'headers', index], header));
  const anyUnknown = [...pathForms, 'methods', 'headers'].some((key) => isUnknown(http[key]));
  if (!anyUnknown && setPaths.length === 0 && methods.length === 0 && headers.length === 0) {
    issues.add('required', path, text`must match something: set a path (${field('pathExact')}, ${field('pathPrefix')} or ${field('pathRegex')}), methods or headers`);
  }
}

function checkHeader(issues: IssueList, path: Path, header: unknown): void {
  if (isUnknown(header)) return;
  if (!isFields(header)) {
    issues.add('invalid_type', path, 'must be an object with name and one match');
    return;
  }
  checkRequiredString(issues, [...path, 'name'], header['name']);
  for (const key of HEADER_MATCHES) checkOptionalString(issues, [...path, key], header[key]);
  for (const key of ['present', 'invert', 'ignoreCase']) checkBool(issues, [...path, key], header[key]);
  const matches = [...(header['present'] === true ? ['present'] : []), ...HEADER_MATCHES.filter((key) => isSet(header[key]))];
  const unknown = ['present', ...HEADER_MATCHES].some((key) => isUnknown(header[key]));
  if (matches.length > 1) {
    issues.add('conflicting_fields', path, `set exactly one of present, exact, prefix, suffix, contains and regex, got ${matches.join(' and ')}`);
  } else if (matches.length === 0 && !unknown) {
    issues.add('required', path, 'set exactly one of present, exact, prefix, suffix, contains and regex');
  }
  if (header['ignoreCase'] === true && (header['present'] === true || isSet(header['regex']))) {
    issues.add('conflicting_fields', [...path, 'ignoreCase'], 'works only with exact, prefix, suffix or contains');
  }
}

/** `*` alone is a wildcard; `*` inside a longer value is refused (Consul: "cannot be used with partial values"). */
function checkWildcard(issues: IssueList, path: Path, value: unknown, what: string): void {
  if (typeof value === 'string' && value !== '*' && value.includes('*')) {
    issues.add('wildcard_not_allowed', path, `'*' must be the whole ${what} (every ${what}), not part of it; got ${JSON.stringify(value)}`);
  }
}

function checkBool(issues: IssueList, path: Path, value: unknown): void {
  if (value !== undefined && !isUnknown(value) && typeof value !== 'boolean') issues.add('invalid_type', path, 'must be true or false');
}


function isSet(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The string values of `keys` in `fields` (others left out), for code that takes optional strings. */
function optionalStrings(fields: Fields, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.flatMap((key) => (typeof fields[key] === 'string' ? [[key, fields[key]]] : [])));
}
