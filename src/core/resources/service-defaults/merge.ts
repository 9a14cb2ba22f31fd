import type { ServiceDefaultsEntry } from '../../../consul';
import { mergeOwnedMeta, wireMeta } from '../../owned-meta';
import { anySettingLeft, holdsNoSetting, mergeSettings, ownedEntryView, type SettingLeaf } from '../../owned-settings';
import type { ServiceDefaultsState } from './schema';

// Pure translation between the resource's settings and a service's service-defaults entry, and the merge rule: a
// resource owns `protocol`, `mesh_gateway.mode` and the meta keys it sets, never the entry's other settings.

/** Every setting the resource manages. */
const LEAVES: readonly SettingLeaf[] = [
  { path: ['protocol'], wire: ['Protocol'] },
  { path: ['meshGateway', 'mode'], wire: ['MeshGateway', 'Mode'] },
];

/** What a resource manages in the entry: its settings and meta keys. */
export type OwnedServiceDefaults = Pick<ServiceDefaultsState, 'protocol' | 'meshGateway' | 'meta'>;

/** Keys of the entry that hold nothing when they are empty objects (Consul renders them so when unset). */
const EMPTY_WHEN_UNSET = ['TransparentProxy', 'MeshGateway', 'Expose'];
/** Keys that never count as another writer's setting. */
const BOOKKEEPING = new Set(['Kind', 'Name', 'Partition', 'Namespace', 'Protocol', 'MeshGateway', 'Meta', 'CreateIndex', 'ModifyIndex', 'Hash']);

/** The entry to store: the stored one minus the settings owned before and no longer set, plus every setting now set; undefined when nothing is left. */
export function mergeServiceDefaults(
  current: ServiceDefaultsEntry | undefined, name: string, owned: Partial<OwnedServiceDefaults>, desired: Partial<OwnedServiceDefaults>,
): ServiceDefaultsEntry | undefined {
  const { Meta: storedMeta, CreateIndex: _create, ModifyIndex: _modify, Hash: _hash, ...rest } = current ?? {};
  const entry = mergeSettings({ ...rest, Kind: 'service-defaults' as const, Name: name }, LEAVES, owned, desired);
  const meta = mergeOwnedMeta(storedMeta, owned.meta, desired.meta);
  const others = Object.entries(entry).some(([key, value]) => !BOOKKEEPING.has(key) && !isUnsetValue(key, value));
  return anySettingLeft(entry, LEAVES) || Object.keys(meta).length > 0 || others ? { ...entry, ...wireMeta(meta) } : undefined;
}

/** True for what Consul renders for an unset setting: zero values and the empty objects it always adds. */
function isUnsetValue(key: string, value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  return EMPTY_WHEN_UNSET.includes(key) && typeof value === 'object' && Object.values(value).every((item) => item === '' || item === null || item === undefined);
}

/** The resource's view of the entry: the owned settings as stored, the owned meta keys still present; `owned` undefined (import) → all set. */
export function serviceDefaultsView(entry: ServiceDefaultsEntry, owned: Partial<OwnedServiceDefaults> | undefined): OwnedServiceDefaults {
  return ownedEntryView(entry, entry.Meta, LEAVES, owned) as OwnedServiceDefaults;
}

/** True when the view holds no setting at all (nothing of the resource left in the entry). */
export function isEmptyServiceDefaultsView(view: OwnedServiceDefaults): boolean {
  return holdsNoSetting(view, LEAVES);
}
