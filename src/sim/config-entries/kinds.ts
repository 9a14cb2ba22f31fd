// The config-entry kinds Consul knows, the ones the emulator implements, and the ACL permission each
// read/write needs (as Consul names it in 403 texts).
import { exportedServicesSpec } from './exported-services';
import { jwtProviderSpec } from './jwt-provider';
import { meshSpec } from './mesh';
import { proxyDefaultsSpec } from './proxy-defaults';
import { samenessGroupSpec } from './sameness-group';
import { serviceDefaultsSpec } from './service-defaults';
import { serviceIntentionsSpec } from './service-intentions';
import type { KindSpec } from './types';

/** Every kind Consul 1.22 accepts in a config entry (CE and ENT share the list). */
export const KNOWN_CONFIG_KINDS: readonly string[] = [
  'service-defaults', 'proxy-defaults', 'service-router', 'service-splitter', 'service-resolver',
  'ingress-gateway', 'terminating-gateway', 'service-intentions', 'mesh', 'exported-services',
  'sameness-group', 'api-gateway', 'bound-api-gateway', 'http-route', 'tcp-route',
  'file-system-certificate', 'inline-certificate', 'control-plane-request-limit', 'jwt-provider',
];

const SPECS: ReadonlyMap<string, KindSpec> = new Map(
  [exportedServicesSpec, serviceIntentionsSpec, serviceDefaultsSpec, proxyDefaultsSpec, jwtProviderSpec, samenessGroupSpec, meshSpec].map((s) => [s.kind, s]),
);

/** The kinds the emulator can decode, validate and render. */
export const SUPPORTED_CONFIG_KINDS: readonly string[] = [...SPECS.keys()];

/** The implementation of a supported kind, or undefined. */
export function kindSpec(kind: string): KindSpec | undefined {
  return SPECS.get(kind);
}

/** null when `kind` is a kind Consul knows, else Consul's error text for it (`invalid config entry kind: <k>`). */
export function configKindError(kind: string): string | null {
  return KNOWN_CONFIG_KINDS.includes(kind) ? null : `invalid config entry kind: ${kind}`;
}

// An empty permission means none is needed (proxy-defaults, mesh and sameness-group reads).
/**
 * The ACL permission a read/write of this entry needs, as Consul names it in 403 texts: {permission:'mesh:write'} or
 * {permission:'intention:write', resource:'<dest name>'}; `orAnyService` names an access that also suffices when any
 * service rule grants it (jwt-provider reads: service:write on any service, so that sidecars can read providers).
 */
export function configEntryPermission(
  kind: string, name: string, access: 'read' | 'write',
): { permission: string; resource?: string; orAnyService?: 'write' } {
  switch (kind) {
    case 'jwt-provider':
      return access === 'read' ? { permission: 'mesh:read', orAnyService: 'write' } : { permission: 'mesh:write' };
    case 'service-intentions':
      return { permission: `intention:${access}`, resource: name };
    case 'service-defaults':
    case 'service-router':
    case 'service-splitter':
    case 'service-resolver':
      return { permission: `service:${access}`, resource: name };
    case 'proxy-defaults':
    case 'mesh':
    case 'sameness-group':
      return { permission: access === 'read' ? '' : 'mesh:write' };
    default:
      // exported-services and the other mesh-wide kinds.
      return { permission: `mesh:${access}` };
  }
}
