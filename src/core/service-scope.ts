// Where a service-named config entry lives (service-intentions, service-defaults): its name, and on Consul Enterprise
// its partition and namespace. The ref, the resource ID and the import ID of such entries, written once.
import type { ConfigEntryKind } from '../consul';
import type { ConfigEntryRef } from './config-entry-driver';

/** A service's place: its name, and its partition and namespace (Enterprise). */
export interface ServiceScope {
  readonly name: string;
  readonly partition?: string | undefined;
  readonly namespace?: string | undefined;
}

/** A partition or namespace as Consul compares them: unset, empty and `default` are the same (`''`). */
export function scopeKey(value: string | undefined): string {
  return value === undefined || value === '' || value === 'default' ? '' : value;
}

/** The `kind` entry named after `service`; an empty or `default` partition/namespace is never sent (Consul CE rejects them). */
export function serviceEntryRef<K extends ConfigEntryKind>(kind: K, service: ServiceScope): ConfigEntryRef<K> {
  const scope = (value: string | undefined): string | undefined => (value === undefined ? undefined : scopeKey(value));
  return { kind, name: service.name, partition: scope(service.partition), namespace: scope(service.namespace) };
}

/** The resource ID of a service-named entry: `NAME`, or `PARTITION/NAMESPACE/NAME` when either is set. */
export function serviceId(service: ServiceScope): string {
  const partition = scopeKey(service.partition);
  const namespace = scopeKey(service.namespace);
  if (partition === '' && namespace === '') return service.name;
  return `${partition || 'default'}/${namespace || 'default'}/${service.name}`;
}

/** `NAME` or `PARTITION/NAMESPACE/NAME` as a service's place. */
export function parseServiceId(id: string): { name: string; partition?: string; namespace?: string } {
  const parts = id.split('/');
  if (parts.length !== 3) return { name: id };
  const [partition = '', namespace = '', name = ''] = parts;
  return { name, partition, namespace };
}
