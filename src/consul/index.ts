export * from './errors';
export { ConsulClient, type ConsulClientOptions, type CallOptions, type ReadOptions, type CasOptions, type RequestEvent } from './client';
export { resolveConsulConfig, type ConsulSettings, type ConsulConnectionConfig, type ConsulTlsConfig } from './config';
export {
  ceDescription, editionOfVersion, isDefaultScope, type ConsulEdition, type EditionInfo,
} from './edition';
export { Redactor, REDACTED } from './redact';
export { backoffDelay, DEFAULT_RETRY_POLICY, sleep, type RetryPolicy } from './retry';
export { requests, compactForWrite, type RequestSpec, type RequestScope, type BlockingOptions } from './request';
export * from './wire/peering';
export * from './wire/config-entries';
export * from './wire/acl';
export * from './wire/agent';
