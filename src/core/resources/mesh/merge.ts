import type { MeshEntry } from '../../../consul';
import { mergeOwnedMeta, ownedMetaView, wireMeta } from '../../owned-meta';
import type { MeshState } from './schema';

// Pure translation between the resource's settings and Consul's mesh entry, and the merge rule: a resource owns the
// settings (leaves) it sets and the meta keys it lists, never the others' settings of the same entry.

/** One setting: its path in the resource (camelCase) and in the wire entry. */
interface Leaf {
  readonly path: readonly string[];
  readonly wire: readonly string[];
}

const direction = (resource: string, wire: string): Leaf[] => [
  { path: ['tls', resource, 'tlsMinVersion'], wire: ['TLS', wire, 'TLSMinVersion'] },
  { path: ['tls', resource, 'tlsMaxVersion'], wire: ['TLS', wire, 'TLSMaxVersion'] },
  { path: ['tls', resource, 'cipherSuites'], wire: ['TLS', wire, 'CipherSuites'] },
];

/** Every setting the resource manages. */
const LEAVES: readonly Leaf[] = [
  { path: ['peering', 'peerThroughMeshGateways'], wire: ['Peering', 'PeerThroughMeshGateways'] },
  { path: ['allowEnablingPermissiveMutualTls'], wire: ['AllowEnablingPermissiveMutualTLS'] },
  { path: ['transparentProxy', 'meshDestinationsOnly'], wire: ['TransparentProxy', 'MeshDestinationsOnly'] },
  ...direction('incoming', 'Incoming'),
  ...direction('outgoing', 'Outgoing'),
  { path: ['http', 'sanitizeXForwardedClientCert'], wire: ['HTTP', 'SanitizeXForwardedClientCert'] },
];

/** What a resource manages in the entry: its settings and meta keys. */
export type OwnedMesh = Omit<MeshState, 'partition'>;

type Tree = Record<string, unknown>;

function get(tree: unknown, path: readonly string[]): unknown {
  let at = tree;
  for (const key of path) at = typeof at === 'object' && at !== null ? (at as Tree)[key] : undefined;
  return at ?? undefined;
}

function set(tree: Tree, path: readonly string[], value: unknown): void {
  let at = tree;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    at = at[key] = typeof next === 'object' && next !== null ? { ...(next as Tree) } : {};
  }
  at[path[path.length - 1] as string] = value;
}

/** Removes the leaf at `path`, and the objects it leaves empty. */
function remove(tree: Tree, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !(head in tree)) return;
  if (rest.length === 0) {
    delete tree[head];
    return;
  }
  const child = tree[head];
  if (typeof child !== 'object' || child === null) return;
  const copy = { ...(child as Tree) };
  remove(copy, rest);
  if (Object.keys(copy).length === 0) delete tree[head];
  else tree[head] = copy;
}

/** A setting at its zero value (Consul renders some unset settings as false or an empty list). */
function isZero(value: unknown): boolean {
  return value === undefined || value === null || value === false || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The settings of `owned` that are set, as leaves. */
function ownedLeaves(owned: Partial<OwnedMesh>): Leaf[] {
  return LEAVES.filter((leaf) => get(owned, leaf.path) !== undefined);
}

/** The entry to store: the stored one minus the settings owned before and no longer set, plus every setting now set; undefined when nothing is left. */
export function mergeMesh(current: MeshEntry | undefined, owned: Partial<OwnedMesh>, desired: Partial<OwnedMesh>): MeshEntry | undefined {
  const { Meta: storedMeta, CreateIndex: _create, ModifyIndex: _modify, Hash: _hash, ...rest } = current ?? {};
  const entry: Tree = { ...rest, Kind: 'mesh' };
  for (const leaf of ownedLeaves(owned)) if (get(desired, leaf.path) === undefined) remove(entry, leaf.wire);
  for (const leaf of ownedLeaves(desired)) set(entry, leaf.wire, get(desired, leaf.path));
  const meta = mergeOwnedMeta(storedMeta, owned.meta, desired.meta);
  const left = LEAVES.some((leaf) => !isZero(get(entry, leaf.wire))) || Object.keys(meta).length > 0
    || Object.keys(entry).some((key) => !KNOWN_KEYS.has(key));
  return left ? { ...(entry as MeshEntry), ...wireMeta(meta) } : undefined;
}

/** Top-level keys of the entry whose settings the merge knows (anything else is another writer's setting). */
const KNOWN_KEYS = new Set(['Kind', 'Partition', 'Namespace', ...LEAVES.map((leaf) => leaf.wire[0] as string)]);

/**
 * The resource's view of the entry: the owned settings as stored (a setting removed outside reads as absent), and the
 * owned meta keys still present; `owned` undefined (import) → every setting that is not at its zero value, all meta.
 */
export function meshView(entry: MeshEntry, owned: Partial<OwnedMesh> | undefined): OwnedMesh {
  const view: Tree = {};
  const leaves = owned === undefined ? LEAVES.filter((leaf) => !isZero(get(entry, leaf.wire))) : ownedLeaves(owned);
  for (const leaf of leaves) {
    const stored = get(entry, leaf.wire);
    const mine = get(owned, leaf.path);
    // Consul drops empty lists (omitempty): an owned empty list reads back as the same empty list.
    if (Array.isArray(mine) && mine.length === 0 && isZero(stored)) set(view, leaf.path, []);
    else if (stored !== undefined) set(view, leaf.path, stored);
  }
  const meta = ownedMetaView(entry.Meta, owned?.meta, owned === undefined);
  if (meta !== undefined && (owned !== undefined || Object.keys(meta).length > 0)) view['meta'] = meta;
  return view as OwnedMesh;
}

/** True when the view holds no setting at all (nothing of the resource left in the entry). */
export function isEmptyView(view: OwnedMesh): boolean {
  return ownedLeaves(view).length === 0 && Object.keys(view.meta ?? {}).length === 0;
}
