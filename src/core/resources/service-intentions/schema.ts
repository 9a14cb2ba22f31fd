import type { FieldSpec, ResourceSchema } from '../../schema';
import type { ArgsOf, InputsOf, ItemOf, StateOf } from '../../schema-types';

const str = (description: string) => ({ type: { kind: 'string' }, mode: 'optional', description }) as const;
const requiredStr = (description: string) => ({ type: { kind: 'string' }, mode: 'required', description }) as const;
const enterpriseStr = (description: string) => ({ ...str(description), enterpriseOnly: true }) as const;
const bool = (description: string) => ({ type: { kind: 'bool' }, mode: 'optional', description }) as const;

const headerFields = {
  name: requiredStr('Header name.'),
  present: bool('Match when the header is present (whatever its value).'),
  exact: str('Match this exact value.'),
  prefix: str('Match values starting with this.'),
  suffix: str('Match values ending with this.'),
  contains: str('Match values containing this.'),
  regex: str('Match values against this regular expression.'),
  invert: bool('Invert the match.'),
  ignoreCase: bool('Compare case-insensitively (with exact, prefix, suffix or contains).'),
} as const satisfies Record<string, FieldSpec>;

const httpFields = {
  pathExact: str("Match this exact path (starts with '/')."),
  pathPrefix: str("Match paths starting with this (starts with '/')."),
  pathRegex: str('Match paths against this regular expression.'),
  methods: { type: { kind: 'list', of: { kind: 'string' } }, mode: 'optional', description: 'HTTP methods to match (upper case, each once).' },
  headers: { type: { kind: 'list', of: { kind: 'object', fields: headerFields } }, mode: 'optional', description: 'Header matches; all must match.' },
} as const satisfies Record<string, FieldSpec>;

const claimFields = {
  path: {
    type: { kind: 'list', of: { kind: 'string' } }, mode: 'required',
    description: 'Path to the claim in the token payload, one segment per item (e.g. `["perms", "role"]`).',
  },
  value: requiredStr('Value the claim must have (or contain, when the claim is a list).'),
} as const satisfies Record<string, FieldSpec>;

const jwtProviderFields = {
  name: requiredStr('Name of a `jwt-provider` config entry; it must exist in Consul before the intentions are written.'),
  verifyClaims: {
    type: { kind: 'list', of: { kind: 'object', fields: claimFields } }, mode: 'optional',
    description: 'Further claims the token must carry, all of them.',
  },
} as const satisfies Record<string, FieldSpec>;

const jwtFields = {
  providers: {
    type: { kind: 'list', of: { kind: 'object', fields: jwtProviderFields } }, mode: 'required',
    description: 'Providers whose tokens are accepted: a request needs a valid token from one of them.',
  },
} as const satisfies Record<string, FieldSpec>;

/** The JWT requirement of an entry or a permission (Consul `JWT: { Providers: [{ Name, VerifyClaims }] }`). */
const jwtField = (description: string) => ({ type: { kind: 'object', fields: jwtFields }, mode: 'optional', description }) as const;

const permissionFields = {
  action: requiredStr('`allow` or `deny`.'),
  http: { type: { kind: 'object', fields: httpFields }, mode: 'required', description: 'HTTP match: at least one of a path, methods or headers.' },
  jwt: jwtField('Also require a valid JSON Web Token from one of these providers for this permission to match.'),
} as const satisfies Record<string, FieldSpec>;

const sourceFields = {
  name: requiredStr('Source service name; `*` for every service.'),
  peer: str('Peer the source service is imported from (never `*`).'),
  partition: enterpriseStr('Admin partition of the source (Enterprise; not with `peer`).'),
  namespace: enterpriseStr('Namespace of the source (Enterprise).'),
  samenessGroup: enterpriseStr('Sameness group of the source (Enterprise; not with `peer` or `partition`).'),
  action: str('`allow` or `deny`; set either this or `permissions`.'),
  description: str('Free text, at most 512 bytes.'),
  permissions: {
    type: { kind: 'list', of: { kind: 'object', fields: permissionFields } }, mode: 'optional',
    description: 'L7 permissions, evaluated in order (needs an HTTP protocol on the destination; not with a `*` destination).',
  },
  precedence: { type: { kind: 'number' }, mode: 'computed', description: 'Precedence Consul computed for this source.' },
} as const satisfies Record<string, FieldSpec>;

/** `consulpeering_service_intentions` / `ServiceIntentions`: the schema every adapter derives its types from. */
export const serviceIntentionsSchema = {
  typeName: 'service_intentions',
  className: 'ServiceIntentions',
  description: 'Intentions of one destination service, typically allowing services of a peer. Consul keeps one '
    + 'service-intentions entry per destination: by default this resource owns only the sources (by name, peer, partition, '
    + 'namespace and sameness group), meta keys and JWT requirement it lists, merged into that entry with check-and-set writes, so several '
    + 'stacks can add sources to one destination; destroying it removes only its own sources (and the entry when none is left). '
    + 'With `exclusive = true` it owns the whole entry. Importing adopts every source, meta key and the JWT requirement currently in the entry.',
  fields: {
    name: { ...requiredStr('Destination service; `*` for every service.'), forcesReplacement: true },
    partition: { ...enterpriseStr('Admin partition of the destination (Enterprise; omitted when empty or `default`).'), forcesReplacement: true },
    namespace: { ...enterpriseStr('Namespace of the destination (Enterprise; omitted when empty or `default`).'), forcesReplacement: true },
    meta: {
      type: { kind: 'map', limits: 'config-entry-meta' }, mode: 'optional',
      description: 'Meta of the entry; unless exclusive, only these keys are managed.',
    },
    jwt: jwtField(
      'JSON Web Token requirement for every request to the destination (needs an HTTP protocol). Unless exclusive, the entry\'s '
      + 'requirement is managed only while this attribute is set (then this resource replaces it; removing the attribute clears it).',
    ),
    sources: {
      type: { kind: 'list', of: { kind: 'object', fields: sourceFields } }, mode: 'required',
      description: 'Sources allowed or denied; unless `exclusive`, sources written by others into the same entry are left alone.',
    },
    exclusive: {
      type: { kind: 'bool' }, mode: 'optional', default: false,
      description: 'Own the whole service-intentions entry: write exactly `sources`, `meta` and `jwt`, delete the entry on destroy.',
    },
  },
  importIdForms: ['NAME', 'PARTITION/NAMESPACE/NAME'],
  example: {
    name: 'web', caption: 'let "frontend" of the peer "dc2" call "web", and deny everything else from that peer.',
    args: {
      name: 'web',
      sources: [{ name: 'frontend', peer: 'dc2', action: 'allow' }, { name: '*', peer: 'dc2', action: 'deny' }],
    },
  },
  updateNote: 'Changing `sources`, `meta`, `jwt` or `exclusive` updates the entry in place (sources no longer listed are removed, '
    + 'others\' sources kept unless exclusive). Changing `name`, `partition` or `namespace` replaces the resource.',
} as const satisfies ResourceSchema;

/** Arguments of `consulpeering_service_intentions` / `ServiceIntentions` as a user writes them. */
export type ServiceIntentionsArgs = ArgsOf<typeof serviceIntentionsSchema.fields>;
/** Arguments after `check` (`exclusive` defaulted). */
export type ServiceIntentionsInputs = InputsOf<typeof serviceIntentionsSchema.fields>;
/** State of a ServiceIntentions resource: its sources with their computed precedence. */
export type ServiceIntentionsState = StateOf<typeof serviceIntentionsSchema.fields>;
/** One source of the destination's intentions; identified by name, peer, partition, namespace and sameness group. */
export type IntentionSource = ItemOf<typeof serviceIntentionsSchema.fields, 'sources'>;
/** One L7 permission: allow or deny the requests its HTTP match selects. */
export type IntentionPermission = NonNullable<IntentionSource['permissions']>[number];
/** The HTTP match of an L7 permission: at most one path form, methods, headers. */
export type IntentionHttp = IntentionPermission['http'];
/** One HTTP header match of an L7 permission: a name and exactly one of present/exact/prefix/suffix/contains/regex. */
export type IntentionHeader = NonNullable<IntentionHttp['headers']>[number];
/** A JWT requirement (of the entry or of a permission): tokens from one of the providers, with the listed claims. */
export type IntentionJwt = NonNullable<ServiceIntentionsArgs['jwt']>;
/** One accepted JWT provider with the claims it must carry. */
export type IntentionJwtProvider = IntentionJwt['providers'][number];
