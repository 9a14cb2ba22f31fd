import { z } from 'zod';

const meta = z.record(z.string(), z.string()).optional();

/** Read-only bookkeeping Consul adds to every config entry it returns (never sent back). */
const readOnly = {
  CreateIndex: z.number().optional(),
  ModifyIndex: z.number().optional(),
  /** 1.18+; a uint64 that may exceed 2^53, so it is informational only. */
  Hash: z.number().optional(),
};

/** One consumer of an exported service: at most one of the three keys (§4). */
export const exportedServiceConsumerSchema = z.looseObject({
  Peer: z.string().optional(),
  Partition: z.string().optional(),
  SamenessGroup: z.string().optional(),
});

/** One service of an exported-services entry (§4). */
export const exportedServiceSchema = z.looseObject({
  Name: z.string(),
  Namespace: z.string().optional(),
  Consumers: z.array(exportedServiceConsumerSchema).nullish(),
});

/** The `exported-services` config entry (§4); its Name is `default` on CE, the partition on Enterprise. */
export const exportedServicesEntrySchema = z.looseObject({
  Kind: z.literal('exported-services'),
  Name: z.string(),
  Partition: z.string().optional(),
  Namespace: z.string().optional(),
  Meta: meta,
  Services: z.array(exportedServiceSchema).nullish(),
  ...readOnly,
});

/** An `exported-services` config entry. */
export type ExportedServicesEntry = z.infer<typeof exportedServicesEntrySchema>;

/** One HTTP header match of an L7 intention permission (§5). */
export const intentionHeaderSchema = z.looseObject({
  Name: z.string(),
  Present: z.boolean().optional(),
  Exact: z.string().optional(),
  Prefix: z.string().optional(),
  Suffix: z.string().optional(),
  Contains: z.string().optional(),
  Regex: z.string().optional(),
  Invert: z.boolean().optional(),
  IgnoreCase: z.boolean().optional(),
});

/** A JWT requirement of an intentions entry or permission: tokens from one of the providers, with the claims listed. */
export const intentionJwtSchema = z.looseObject({
  Providers: z.array(z.looseObject({
    Name: z.string().optional(),
    VerifyClaims: z.array(z.looseObject({ Path: z.array(z.string()).nullish(), Value: z.string().optional() })).nullish(),
  })).nullish(),
});

/** One L7 permission of an intention source (§5). */
export const intentionPermissionSchema = z.looseObject({
  Action: z.string(),
  JWT: intentionJwtSchema.nullish(),
  HTTP: z.looseObject({
    PathExact: z.string().optional(),
    PathPrefix: z.string().optional(),
    PathRegex: z.string().optional(),
    Header: z.array(intentionHeaderSchema).nullish(),
    Methods: z.array(z.string()).nullish(),
  }).nullish(),
});

/** One source of a service-intentions entry (§5); `Precedence` is computed by Consul. */
export const intentionSourceSchema = z.looseObject({
  Name: z.string(),
  Peer: z.string().optional(),
  Partition: z.string().optional(),
  Namespace: z.string().optional(),
  SamenessGroup: z.string().optional(),
  Action: z.string().optional(),
  Permissions: z.array(intentionPermissionSchema).nullish(),
  Precedence: z.number().optional(),
  Type: z.string().optional(),
  Description: z.string().optional(),
});

/** The `service-intentions` config entry (§5); Name is the destination service. */
export const serviceIntentionsEntrySchema = z.looseObject({
  Kind: z.literal('service-intentions'),
  Name: z.string(),
  Partition: z.string().optional(),
  Namespace: z.string().optional(),
  Meta: meta,
  JWT: intentionJwtSchema.nullish(),
  Sources: z.array(intentionSourceSchema).nullish(),
  ...readOnly,
});

/** A `service-intentions` config entry. */
export type ServiceIntentionsEntry = z.infer<typeof serviceIntentionsEntrySchema>;

/** TLS settings of one direction of the mesh entry. */
const meshDirectionalTlsSchema = z.looseObject({
  TLSMinVersion: z.string().optional(),
  TLSMaxVersion: z.string().optional(),
  CipherSuites: z.array(z.string()).nullish(),
});

/** The `mesh` config entry: one per partition, with no Name key (Consul names it `mesh`). */
export const meshEntrySchema = z.looseObject({
  Kind: z.literal('mesh'),
  Partition: z.string().optional(),
  Namespace: z.string().optional(),
  Meta: meta,
  TransparentProxy: z.looseObject({ MeshDestinationsOnly: z.boolean().optional() }).nullish(),
  AllowEnablingPermissiveMutualTLS: z.boolean().optional(),
  TLS: z.looseObject({ Incoming: meshDirectionalTlsSchema.nullish(), Outgoing: meshDirectionalTlsSchema.nullish() }).nullish(),
  HTTP: z.looseObject({ SanitizeXForwardedClientCert: z.boolean().optional() }).nullish(),
  Peering: z.looseObject({ PeerThroughMeshGateways: z.boolean().optional() }).nullish(),
  ...readOnly,
});

/** A `mesh` config entry. */
export type MeshEntry = z.infer<typeof meshEntrySchema>;

/** The `service-defaults` config entry, as far as this project reads it (other settings are kept as they are). */
export const serviceDefaultsEntrySchema = z.looseObject({
  Kind: z.literal('service-defaults'),
  Name: z.string(),
  Partition: z.string().optional(),
  Namespace: z.string().optional(),
  Meta: meta,
  Protocol: z.string().optional(),
  MeshGateway: z.looseObject({ Mode: z.string().optional() }).nullish(),
  ...readOnly,
});

/** A `service-defaults` config entry. */
export type ServiceDefaultsEntry = z.infer<typeof serviceDefaultsEntrySchema>;

/** The global `proxy-defaults` entry, read for its `Config.protocol` (the protocol of services without their own). */
export const proxyDefaultsEntrySchema = z.looseObject({
  Kind: z.literal('proxy-defaults'),
  Name: z.string(),
  Config: z.record(z.string(), z.unknown()).nullish(),
  ...readOnly,
});

/** A `proxy-defaults` config entry. */
export type ProxyDefaultsEntry = z.infer<typeof proxyDefaultsEntrySchema>;

/** Schemas of the config-entry kinds this project manages, by kind. */
export const CONFIG_ENTRY_SCHEMAS = {
  'exported-services': exportedServicesEntrySchema,
  'service-intentions': serviceIntentionsEntrySchema,
  mesh: meshEntrySchema,
  'service-defaults': serviceDefaultsEntrySchema,
  'proxy-defaults': proxyDefaultsEntrySchema,
} as const;

/** A config-entry kind this project manages. */
export type ConfigEntryKind = keyof typeof CONFIG_ENTRY_SCHEMAS;

/** The entry type of a kind. */
export type ConfigEntryOf<K extends ConfigEntryKind> = z.infer<(typeof CONFIG_ENTRY_SCHEMAS)[K]>;

/** Any config entry this project manages. */
export type ConfigEntry = ExportedServicesEntry | ServiceIntentionsEntry | MeshEntry | ServiceDefaultsEntry | ProxyDefaultsEntry;

/** `GET /v1/exported-services` item (1.17.3+): one exported service with its resolved consumers. */
export const resolvedExportedServiceSchema = z.looseObject({
  Service: z.string(),
  Partition: z.string().optional(),
  Namespace: z.string().optional(),
  Consumers: z.looseObject({
    Peers: z.array(z.string()).nullish(),
    Partitions: z.array(z.string()).nullish(),
  }),
});

/** One exported service as `GET /v1/exported-services` resolves it. */
export type ResolvedExportedService = z.infer<typeof resolvedExportedServiceSchema>;
