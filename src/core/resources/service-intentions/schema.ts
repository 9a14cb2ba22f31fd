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

const permissionFields = {
  action: requiredStr('`allow` or `deny`.'),
  http: { type: { kind: 'object', fields: httpFields }, mode: 'required', description: 'HTTP match: at least one of a path, methods or headers.' },
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
    + 'namespace and sameness group) and meta keys it lists, merged into that entry with check-and-set writes, so several '
    + 'stacks can add sources to one destination; destroying it removes only its own sources (and the entry when none is left). '
    + 'With `exclusive = true` it owns the whole entry. Importing adopts every source and meta key currently in the entry.',
  fields: {
    name: { ...requiredStr('Destination service; `*` for every service.'), forcesReplacement: true },
    partition: { ...enterpriseStr('Admin partition of the destination (Enterprise; omitted when empty or `default`).'), forcesReplacement: true },
    namespace: { ...enterpriseStr('Namespace of the destination (Enterprise; omitted when empty or `default`).'), forcesReplacement: true },
    meta: {
      type: { kind: 'map', limits: 'config-entry-meta' }, mode: 'optional',
      description: 'Meta of the entry; unless exclusive, only these keys are managed.',
    },
    sources: {
      type: { kind: 'list', of: { kind: 'object', fields: sourceFields } }, mode: 'required',
      description: 'Sources allowed or denied; unless `exclusive`, sources written by others into the same entry are left alone.',
    },
    exclusive: {
      type: { kind: 'bool' }, mode: 'optional', default: false,
      description: 'Own the whole service-intentions entry: write exactly `sources` and `meta`, delete the entry on destroy.',
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
  updateNote: 'Changing `sources`, `meta` or `exclusive` updates the entry in place (sources no longer listed are removed, '
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
