import type { MeshEntry } from '../../../consul';
import { mergeOwnedMeta, wireMeta } from '../../owned-meta';
import { anySettingLeft, holdsNoSetting, mergeSettings, ownedEntryView, type SettingLeaf } from '../../owned-settings';
import type { MeshState } from './schema';

// Pure translation between the resource's settings and Consul's mesh entry, and the merge rule: a resource owns the
// settings (leaves) it sets and the meta keys it lists, never the others' settings of the same entry.

const direction = (resource: string, wire: string): SettingLeaf[] => [
  { path: ['tls', resource, 'tlsMinVersion'], wire: ['TLS', wire, 'TLSMinVersion'] },
  { path: ['tls', resource, 'tlsMaxVersion'], wire: ['TLS', wire, 'TLSMaxVersion'] },
  { path: ['tls', resource, 'cipherSuites'], wire: ['TLS', wire, 'CipherSuites'] },
];

/** Every setting the resource manages. */
const LEAVES: readonly SettingLeaf[] = [
  { path: ['peering', 'peerThroughMeshGateways'], wire: ['Peering', 'PeerThroughMeshGateways'] },
  { path: ['allowEnablingPermissiveMutualTls'], wire: ['AllowEnablingPermissiveMutualTLS'] },
  { path: ['transparentProxy', 'meshDestinationsOnly'], wire: ['TransparentProxy', 'MeshDestinationsOnly'] },
  ...direction('incoming', 'Incoming'),
  ...direction('outgoing', 'Outgoing'),
  { path: ['http', 'sanitizeXForwardedClientCert'], wire: ['HTTP', 'SanitizeXForwardedClientCert'] },
];

/** What a resource manages in the entry: its settings and meta keys. */
export type OwnedMesh = Omit<MeshState, 'partition'>;

/** The entry to store: the stored one minus the settings owned before and no longer set, plus every setting now set; undefined when nothing is left. */
export function mergeMesh(current: MeshEntry | undefined, owned: Partial<OwnedMesh>, desired: Partial<OwnedMesh>): MeshEntry | undefined {
  const { Meta: storedMeta, CreateIndex: _create, ModifyIndex: _modify, Hash: _hash, ...rest } = current ?? {};
  const entry = mergeSettings({ ...rest, Kind: 'mesh' as const }, LEAVES, owned, desired);
  const meta = mergeOwnedMeta(storedMeta, owned.meta, desired.meta);
  const left = anySettingLeft(entry, LEAVES) || Object.keys(meta).length > 0 || Object.keys(entry).some((key) => !KNOWN_KEYS.has(key));
  return left ? { ...entry, ...wireMeta(meta) } : undefined;
}

/** Top-level keys of the entry whose settings the merge knows (anything else is another writer's setting). */
const KNOWN_KEYS = new Set(['Kind', 'Partition', 'Namespace', ...LEAVES.map((leaf) => leaf.wire[0] as string)]);

/**
 * The resource's view of the entry: the owned settings as stored (a setting removed outside reads as absent), and the
 * owned meta keys still present; `owned` undefined (import) → every setting that is not at its zero value, all meta.
 */
export function meshView(entry: MeshEntry, owned: Partial<OwnedMesh> | undefined): OwnedMesh {
  return ownedEntryView(entry, entry.Meta, LEAVES, owned) as OwnedMesh;
}

/** True when the view holds no setting at all (nothing of the resource left in the entry). */
export function isEmptyView(view: OwnedMesh): boolean {
  return holdsNoSetting(view, LEAVES);
}
