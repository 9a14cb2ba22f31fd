import { checkBySchema } from '../../check';
import { IssueList, type Issue } from '../../issues';
import type { CheckResult } from '../../lifecycle';
import { field, text } from '../../message';
import { checkOptionalString, checkRequiredString, listItems } from '../../rules';
import { isUnknown } from '../../unknown';
import { meshSchema, type MeshInputs } from './schema';

type Path = readonly (string | number)[];
type Fields = Readonly<Record<string, unknown>>;

/** The TLS versions Consul accepts, in order (`TLS_AUTO` is not comparable). */
const TLS_VERSIONS = ['TLS_AUTO', 'TLSv1_0', 'TLSv1_1', 'TLSv1_2', 'TLSv1_3'] as const;
/** Versions with which cipher suites may be configured (unset too): TLS 1.3's suites are fixed. */
const CIPHER_SUITE_VERSIONS = new Set(['', 'TLS_AUTO', 'TLSv1_0', 'TLSv1_1', 'TLSv1_2']);
/** The cipher suites Envoy accepts, as Consul names them. */
const CIPHER_SUITES = new Set([
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_AES_256_CBC_SHA',
]);

/** The boolean settings, by their object (undefined: top level). */
const BOOLEANS: readonly (readonly [string | undefined, string])[] = [
  ['peering', 'peerThroughMeshGateways'], [undefined, 'allowEnablingPermissiveMutualTls'],
  ['transparentProxy', 'meshDestinationsOnly'], ['http', 'sanitizeXForwardedClientCert'],
];

/** Applies defaults, drops nulls and validates; never throws, never calls Consul, skips unknown values. */
export function checkMesh(raw: Readonly<Record<string, unknown>>): CheckResult<MeshInputs> {
  return checkBySchema(meshSchema, raw, validateMesh);
}

/** Every problem Consul would reject, and a resource that sets nothing, each with its attribute path. */
export function validateMesh(inputs: Fields): Issue[] {
  const issues = new IssueList();
  checkRequiredString(issues, ['partition'], inputs['partition']);
  if (typeof inputs['partition'] === 'string' && inputs['partition'].includes('*')) {
    issues.add('wildcard_not_allowed', ['partition'], "must name one partition, '*' is not allowed");
  }
  for (const [object, name] of BOOLEANS) {
    const container = object === undefined ? inputs : objectAt(issues, [object], inputs[object]);
    const value = container?.[name];
    const path = object === undefined ? [name] : [object, name];
    if (value !== undefined && !isUnknown(value) && typeof value !== 'boolean') issues.add('invalid_type', path, 'must be true or false');
  }
  const tls = objectAt(issues, ['tls'], inputs['tls']);
  for (const direction of ['incoming', 'outgoing'] as const) checkDirection(issues, ['tls', direction], tls?.[direction]);
  const setsSomething = ['peering', 'allowEnablingPermissiveMutualTls', 'transparentProxy', 'tls', 'http', 'meta']
    .some((name) => inputs[name] !== undefined && !(isFields(inputs[name]) && Object.keys(inputs[name]).length === 0));
  if (!setsSomething) {
    issues.add('required', [], text`must set at least one of peering, ${field('allowEnablingPermissiveMutualTls')}, ${field('transparentProxy')}, tls, http or meta`);
  }
  return issues.issues;
}

/** One direction's TLS: known versions, max not below min, known cipher suites listed once and only up to TLS 1.2. */
function checkDirection(issues: IssueList, path: Path, value: unknown): void {
  const direction = objectAt(issues, path, value);
  if (direction === undefined) return;
  const versions: Record<'tlsMinVersion' | 'tlsMaxVersion', string | undefined> = { tlsMinVersion: undefined, tlsMaxVersion: undefined };
  for (const name of ['tlsMinVersion', 'tlsMaxVersion'] as const) {
    const version = direction[name];
    checkOptionalString(issues, [...path, name], version);
    if (typeof version !== 'string' || version === '') continue;
    if (!(TLS_VERSIONS as readonly string[]).includes(version)) {
      issues.add('invalid_value', [...path, name], `must be one of ${TLS_VERSIONS.join(', ')}; got ${JSON.stringify(version)}`);
    } else versions[name] = version;
  }
  const rank = (version: string | undefined): number => (version === undefined || version === 'TLS_AUTO' ? -1 : TLS_VERSIONS.indexOf(version as never));
  if (rank(versions.tlsMinVersion) >= 0 && rank(versions.tlsMaxVersion) >= 0 && rank(versions.tlsMaxVersion) < rank(versions.tlsMinVersion)) {
    issues.add('invalid_value', [...path, 'tlsMaxVersion'], text`${versions.tlsMaxVersion ?? ''} is below ${field('tlsMinVersion')} ${versions.tlsMinVersion ?? ''}`);
  }
  const suites = listItems(issues, [...path, 'cipherSuites'], direction['cipherSuites']);
  const minimum = direction['tlsMinVersion'];
  if (suites.length > 0 && !isUnknown(minimum) && !CIPHER_SUITE_VERSIONS.has(typeof minimum === 'string' ? minimum : '')) {
    issues.add('conflicting_fields', [...path, 'cipherSuites'], text`can only be set with TLS 1.2 or lower: TLS 1.3 has fixed cipher suites (${field('tlsMinVersion')} is ${String(minimum)})`);
  }
  const seen = new Map<string, number>();
  suites.forEach((suite, index) => {
    if (isUnknown(suite)) return;
    const at = [...path, 'cipherSuites', index];
    if (typeof suite !== 'string') {
      issues.add('invalid_type', at, 'must be a string');
    } else if (!CIPHER_SUITES.has(suite)) {
      issues.add('invalid_value', at, `is not a cipher suite Consul configures in Envoy; got ${JSON.stringify(suite)}`);
    } else if (seen.has(suite)) {
      issues.add('duplicate', at, `is already listed at cipherSuites[${String(seen.get(suite))}]`);
    } else seen.set(suite, index);
  });
}

/** The object at `path` (undefined when unset or unknown); an issue when it is not an object. */
function objectAt(issues: IssueList, path: Path, value: unknown): Fields | undefined {
  if (value === undefined || isUnknown(value)) return undefined;
  if (!isFields(value)) {
    issues.add('invalid_type', path, 'must be an object');
    return undefined;
  }
  return value;
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
