/**
 * Config-entry logic of the Consul emulator (CE behaviour of Consul 1.22): decoding and validating
 * PUT /v1/config bodies with Consul's exact statuses and texts, the graph checks against other entries,
 * rendering entries as GET prints them (with the same Hash), and the ACL permission each access needs.
 * Kinds implemented: exported-services, service-intentions, service-defaults, proxy-defaults, jwt-provider, mesh, and
 * sameness-group as CE has it (decoded, then refused as an Enterprise feature).
 */
export type { ConfigWriteCheck, EntryLister, EntryLookup, SimConfigEntry } from './types';
export {
  checkConfigEntryWrite,
  configEntryHash,
  renderConfigEntry,
  sameConfigContent,
  validateConfigEntryBody,
} from './entry';
export { checkConfigEntryDelete, checkConfigEntryGraph, serviceProtocol } from './graph';
export { configEntryPermission, configKindError, KNOWN_CONFIG_KINDS, SUPPORTED_CONFIG_KINDS } from './kinds';
export { markGoMap, toConsulJson } from './go-text';
export { peerThroughMeshGateways } from './mesh';
