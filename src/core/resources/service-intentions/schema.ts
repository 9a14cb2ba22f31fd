import type { FieldSpec, ResourceSchema } from '../../schema';

/** One HTTP header match of an L7 permission: a name and exactly one of present/exact/prefix/suffix/contains/regex. */
export interface IntentionHeader {
  readonly name: string;
  readonly present?: boolean | undefined;
  readonly exact?: string | undefined;
  readonly prefix?: string | undefined;
  readonly suffix?: string | undefined;
  readonly contains?: string | undefined;
  readonly regex?: string | undefined;
  readonly invert?: boolean | undefined;
  readonly ignoreCase?: boolean | undefined;
}

/** The HTTP match of an L7 permission: at most one path form, methods, headers. */
export interface IntentionHttp {
  readonly pathExact?: string | undefined;
  readonly pathPrefix?: string | undefined;
  readonly pathRegex?: string | undefined;
  readonly methods?: readonly string[] | undefined;
  readonly headers?: readonly IntentionHeader[] | undefined;
}

/** One L7 permission: allow or deny the requests its HTTP match selects. */
export interface IntentionPermission {
  readonly action: string;
  readonly http: IntentionHttp;
}

/** One source of the destination's intentions; identified by name, peer, partition, namespace and sameness group. */
export interface IntentionSource {
  readonly name: string;
  readonly peer?: string | undefined;
  readonly partition?: string | undefined;
  readonly namespace?: string | undefined;
  readonly samenessGroup?: string | undefined;
  /** `allow` or `deny`; omitted when `permissions` are given. */
  readonly action?: string | undefined;
  readonly description?: string | undefined;
  readonly permissions?: readonly IntentionPermission[] | undefined;
  /** Computed by Consul (read back after each write). */
  readonly precedence?: number | undefined;
}

/** Arguments of `consulpeering_service_intentions` / `ServiceIntentions`. */
export interface ServiceIntentionsInputs {
  /** Destination service (`*` for every service). */
  readonly name: string;
  readonly partition?: string | undefined;
  readonly namespace?: string | undefined;
  readonly meta?: Readonly<Record<string, string>> | undefined;
  readonly sources: readonly IntentionSource[];
  /** Own the whole entry instead of only the listed sources and meta keys. */
  readonly exclusive: boolean;
}

/** State of a ServiceIntentions resource: its sources with their computed precedence. */
export type ServiceIntentionsState = ServiceIntentionsInputs;

const str = (description: string, mode: FieldSpec['mode'] = 'optional'): FieldSpec => ({ type: { kind: 'string' }, mode, description });
const bool = (description: string): FieldSpec => ({ type: { kind: 'bool' }, mode: 'optional', description });

const headerFields: Record<string, FieldSpec> = {
  name: str('Header name.', 'required'),
  present: bool('Match when the header is present (whatever its value).'),
  exact: str('Match this exact value.'),
  prefix: str('Match values starting with this.'),
  suffix: str('Match values ending with this.'),
  contains: str('Match values containing this.'),
  regex: str('Match values against this regular expression.'),
  invert: bool('Invert the match.'),
  ignoreCase: bool('Compare case-insensitively (with exact, prefix, suffix or contains).'),
};

const httpFields: Record<string, FieldSpec> = {
  pathExact: str("Match this exact path (starts with '/')."),
  pathPrefix: str("Match paths starting with this (starts with '/')."),
  pathRegex: str('Match paths against this regular expression.'),
  methods: { type: { kind: 'list', of: { kind: 'string' } }, mode: 'optional', description: 'HTTP methods to match (upper case, each once).' },
  headers: { type: { kind: 'list', of: { kind: 'object', fields: headerFields } }, mode: 'optional', description: 'Header matches; all must match.' },
};

const permissionFields: Record<string, FieldSpec> = {
  action: str('`allow` or `deny`.', 'required'),
  http: { type: { kind: 'object', fields: httpFields }, mode: 'required', description: 'HTTP match: at least one of a path, methods or headers.' },
};

const sourceFields: Record<string, FieldSpec> = {
  name: str('Source service name; `*` for every service.', 'required'),
  peer: str('Peer the source service is imported from (never `*`).'),
  partition: str('Admin partition of the source (Enterprise; not with `peer`).'),
  namespace: str('Namespace of the source (Enterprise).'),
  samenessGroup: str('Sameness group of the source (Enterprise; not with `peer` or `partition`).'),
  action: str('`allow` or `deny`; set either this or `permissions`.'),
  description: str('Free text, at most 512 bytes.'),
  permissions: {
    type: { kind: 'list', of: { kind: 'object', fields: permissionFields } }, mode: 'optional',
    description: 'L7 permissions, evaluated in order (needs an HTTP protocol on the destination; not with a `*` destination).',
  },
  precedence: { type: { kind: 'number' }, mode: 'computed', description: 'Precedence Consul computed for this source.' },
};

/** `consulpeering_service_intentions` / `ServiceIntentions`: the schema every adapter derives its types from. */
export const serviceIntentionsSchema: ResourceSchema = {
  typeName: 'service_intentions',
  className: 'ServiceIntentions',
  description: 'Intentions of one destination service, typically allowing services of a peer. Consul keeps one '
    + 'service-intentions entry per destination: by default this resource owns only the sources (by name, peer, partition, '
    + 'namespace and sameness group) and meta keys it lists, merged into that entry with check-and-set writes, so several '
    + 'stacks can add sources to one destination; destroying it removes only its own sources (and the entry when none is left). '
    + 'With `exclusive = true` it owns the whole entry. Importing adopts every source and meta key currently in the entry.',
  fields: {
    name: { ...str('Destination service; `*` for every service.', 'required'), forcesReplacement: true },
    partition: { ...str('Admin partition of the destination (Enterprise; omitted when empty or `default`).'), forcesReplacement: true },
    namespace: { ...str('Namespace of the destination (Enterprise; omitted when empty or `default`).'), forcesReplacement: true },
    meta: { type: { kind: 'map' }, mode: 'optional', description: 'Meta of the entry; unless exclusive, only these keys are managed.' },
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
};
