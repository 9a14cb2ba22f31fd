// The service-intentions config entry (CE): one entry per destination service, listing sources with an
// Action or L7 Permissions. Normalisation computes Precedence and orders sources by it.
import { goLen, goQuote, multiError } from './go-text';
import { META_VALUE_MAX, metaProblems } from './meta';
import { bool, enterpriseMeta, f, hashField, int, ptr, raftIndexField, slice, str, stringMap, struct, time } from './schema';
import type { GoStruct, KindSpec } from './types';
import { validatePermission } from './permissions';

const claimVerification = struct('IntentionJWTClaimVerification', [
  f('Path', slice(str()), 'omitempty'),
  f('Value', str(), 'omitempty'),
]);

const jwtProvider = struct('IntentionJWTProvider', [
  f('Name', str(), 'omitempty'),
  f('VerifyClaims', slice(ptr(claimVerification)), 'omitempty', { aliases: ['verify_claims'] }),
]);

const jwtRequirement = struct('IntentionJWTRequirement', [f('Providers', slice(ptr(jwtProvider)), 'omitempty')]);

const headerPermission = struct('IntentionHTTPHeaderPermission', [
  f('Name', str()),
  f('Present', bool, 'omitempty'),
  f('Exact', str(), 'omitempty'),
  f('Prefix', str(), 'omitempty'),
  f('Suffix', str(), 'omitempty'),
  f('Contains', str(), 'omitempty'),
  f('Regex', str(), 'omitempty'),
  f('Invert', bool, 'omitempty'),
  f('IgnoreCase', bool, 'omitempty', { aliases: ['ignore_case'] }),
]);

const httpPermission = struct('IntentionHTTPPermission', [
  f('PathExact', str(), 'omitempty', { aliases: ['path_exact'] }),
  f('PathPrefix', str(), 'omitempty', { aliases: ['path_prefix'] }),
  f('PathRegex', str(), 'omitempty', { aliases: ['path_regex'] }),
  f('Header', slice(headerPermission), 'omitempty'),
  f('Methods', slice(str()), 'omitempty'),
]);

const permission = struct('IntentionPermission', [
  f('Action', str('structs.IntentionAction')),
  f('HTTP', ptr(httpPermission), 'omitempty'),
  f('JWT', ptr(jwtRequirement), 'omitempty'),
]);

const sourceIntention = struct('SourceIntention', [
  f('Name', str()),
  f('Action', str('structs.IntentionAction'), 'omitempty'),
  f('Permissions', slice(ptr(permission)), 'omitempty'),
  f('Precedence', int),
  f('LegacyID', str(), 'omitempty', { aliases: ['legacy_id'] }),
  f('Type', str('structs.IntentionSourceType')),
  f('Description', str(), 'omitempty'),
  f('LegacyMeta', stringMap, 'omitempty', { aliases: ['legacy_meta'] }),
  f('LegacyCreateTime', ptr(time), 'omitempty', { aliases: ['legacy_create_time'] }),
  f('LegacyUpdateTime', ptr(time), 'omitempty', { aliases: ['legacy_update_time'] }),
  enterpriseMeta,
  f('Peer', str(), 'omitempty'),
  f('SamenessGroup', str(), 'omitempty', { aliases: ['sameness_group'] }),
]);

const serviceIntentionsEntry = struct('ServiceIntentionsConfigEntry', [
  f('Kind', str()),
  f('Name', str()),
  f('Sources', slice(ptr(sourceIntention))),
  f('JWT', ptr(jwtRequirement), 'omitempty'),
  f('Meta', stringMap, 'omitempty'),
  enterpriseMeta,
  hashField,
  raftIndexField,
]);

/** The sources of an intentions entry (null items are kept: Consul crashes the request on them). */
export function intentionSources(entry: GoStruct): Array<GoStruct | null> {
  return Array.isArray(entry['Sources']) ? (entry['Sources'] as Array<GoStruct | null>) : [];
}

/** The L7 permissions of a source. */
export function sourcePermissions(src: GoStruct): Array<GoStruct | null> {
  return Array.isArray(src['Permissions']) ? (src['Permissions'] as Array<GoStruct | null>) : [];
}

/** Names of the JWT providers an intentions entry references (top-level JWT and permission JWTs). */
export function referencedJwtProviders(entry: GoStruct): string[] {
  const names: string[] = [];
  const add = (jwt: unknown): void => {
    const providers = (jwt as GoStruct | null)?.['Providers'];
    if (!Array.isArray(providers)) return;
    for (const p of providers as Array<GoStruct | null>) {
      const name = (p?.['Name'] as string | undefined) ?? '';
      if (!names.includes(name)) names.push(name);
    }
  };
  add(entry['JWT']);
  for (const src of intentionSources(entry)) for (const perm of src ? sourcePermissions(src) : []) add(perm?.['JWT']);
  return names;
}

/** CE precedence: 9 exact←exact, 8 exact←*, 6 *←exact, 5 *←*. */
function precedence(destination: string, source: string): number {
  const max = destination === '*' ? 6 : 9;
  return max - (2 - (source === '*' ? 1 : 2));
}

function wildcardProblem(name: string): string | null {
  if (name !== '*' && name.includes('*')) return "Name: wildcard character '*' cannot be used with partial values";
  return null;
}

function jwtValidate(jwt: unknown): string | null {
  const providers = (jwt as GoStruct | null)?.['Providers'];
  if (!Array.isArray(providers)) return null;
  const problems = (providers as Array<GoStruct | null>)
    .filter((p) => ((p?.['Name'] as string | undefined) ?? '') === '')
    .map(() => 'JWT provider name is required');
  return problems.length > 0 ? multiError(problems) : null;
}

function validateSource(src: GoStruct, i: number, destIsWild: boolean): string | null {
  if (src['Name'] === '') return `Sources[${i}].Name is required`;
  const sameness = src['SamenessGroup'] as string;
  if (sameness !== '') return `Sources[${i}].SamenessGroup: Sameness groups are a Consul Enterprise feature. `;
  const wild = wildcardProblem(src['Name'] as string);
  if (wild) return `Sources[${i}].${wild}`;
  if ((src['Peer'] as string).includes('*')) return `Sources[${i}].Peer: cannot use wildcard '*' in peer`;
  if (goLen(src['Description'] as string) > META_VALUE_MAX) {
    return `Sources[${i}].Description exceeds maximum length ${META_VALUE_MAX}`;
  }
  const legacyMeta = src['LegacyMeta'] as Record<string, string> | null;
  if (legacyMeta && Object.keys(legacyMeta).length > 0) return `Sources[${i}].LegacyMeta must be omitted`;
  src['LegacyMeta'] = null;
  const perms = sourcePermissions(src);
  const action = src['Action'] as string;
  if (perms.length === 0 && action !== 'allow' && action !== 'deny') return `Sources[${i}].Action must be set to 'allow' or 'deny'`;
  if (perms.length > 0 && action !== '') return `Sources[${i}].Action must be omitted if Permissions are specified`;
  if (destIsWild && perms.length > 0) {
    return `Sources[${i}].Permissions cannot be specified on intentions with wildcarded destinations`;
  }
  if (src['Type'] !== 'consul') return `Sources[${i}].Type must be set to 'consul'`;
  for (let j = 0; j < perms.length; j++) {
    const problem = validatePermission(perms[j] as GoStruct, i, j);
    if (problem) return problem;
    const jwt = jwtValidate((perms[j] as GoStruct)['JWT']);
    if (jwt) return jwt;
  }
  return null;
}

/** service-intentions: decoding schema, normalisation (Type, Precedence, order, methods) and validation. */
export const serviceIntentionsSpec: KindSpec = {
  kind: 'service-intentions',
  type: serviceIntentionsEntry,
  kindFirst: false,
  unsupported(entry) {
    const sources = intentionSources(entry);
    for (let i = 0; i < sources.length; i++) {
      const src = sources[i];
      if (!src) return `emulator: Sources[${i}] is null (real Consul drops the connection without an answer)`;
      const perms = sourcePermissions(src);
      for (let j = 0; j < perms.length; j++) {
        if (!perms[j]) return `emulator: Sources[${i}].Permissions[${j}] is null (real Consul drops the connection without an answer)`;
      }
    }
    return null;
  },
  normalize(entry) {
    entry['Kind'] = 'service-intentions';
    const name = entry['Name'] as string;
    const sources = intentionSources(entry) as GoStruct[];
    for (const src of sources) {
      if (src['Type'] === '') src['Type'] = 'consul';
      src['Precedence'] = precedence(name, src['Name'] as string);
      src['LegacyID'] = '';
      src['LegacyCreateTime'] = null;
      src['LegacyUpdateTime'] = null;
      for (const perm of sourcePermissions(src) as GoStruct[]) {
        const http = perm['HTTP'] as GoStruct | null;
        if (http && Array.isArray(http['Methods'])) http['Methods'] = (http['Methods'] as string[]).map((m) => m.toUpperCase());
      }
    }
    if (Array.isArray(entry['Sources'])) {
      entry['Sources'] = sources
        .map((src, index) => ({ src, index }))
        .sort((a, b) => (b.src['Precedence'] as number) - (a.src['Precedence'] as number) || a.index - b.index)
        .map(({ src }) => src);
    }
    return null;
  },
  validate(entry) {
    const name = entry['Name'] as string;
    if (name === '') return 'Name is required';
    const wild = wildcardProblem(name);
    if (wild) return wild;
    const destIsWild = name === '*';
    const jwt = jwtValidate(entry['JWT']);
    if (jwt) return jwt;
    const meta = metaProblems(entry['Meta']);
    if (meta.length > 0) return multiError(meta);
    const sources = intentionSources(entry) as GoStruct[];
    if (sources.length === 0) return 'At least one source is required';
    const seen = new Set<string>();
    for (let i = 0; i < sources.length; i++) {
      const src = sources[i] as GoStruct;
      const problem = validateSource(src, i, destIsWild);
      if (problem) return problem;
      const peer = src['Peer'] as string;
      const sameness = src['SamenessGroup'] as string;
      const srcName = src['Name'] as string;
      const key = JSON.stringify([peer, sameness, srcName]);
      if (seen.has(key)) {
        if (peer !== '') return `Sources[${i}] defines peer(${goQuote(peer)}) ${goQuote(srcName)} more than once`;
        if (sameness !== '') return `Sources[${i}] defines sameness-group(${goQuote(sameness)}) ${goQuote(srcName)} more than once`;
        return `Sources[${i}] defines ${goQuote(srcName)} more than once`;
      }
      seen.add(key);
    }
    return null;
  },
};
