// Settings of a shared config entry owned one by one (the mesh entry, a service's service-defaults): a resource owns
// the settings it sets, each a leaf of the entry at a known path, and never the others' settings of the same entry.
// Pure: the merge into the stored entry and the resource's view of it (its meta keys through owned-meta.ts).
import { ownedMetaView } from './owned-meta';

/** One setting: its path in the resource (camelCase) and in the wire entry. */
export interface SettingLeaf {
  readonly path: readonly string[];
  readonly wire: readonly string[];
}

type Tree = Record<string, unknown>;

const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at `path` of a nested object (undefined when any step is missing). */
export function valueAt(tree: unknown, path: readonly string[]): unknown {
  let at = tree;
  for (const key of path) at = isTree(at) ? at[key] : undefined;
  return at ?? undefined;
}

/** Sets `value` at `path`, copying the objects on the way (the tree's own objects are never changed). */
function setAt(tree: Tree, path: readonly string[], value: unknown): void {
  let at = tree;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    at = at[key] = isTree(next) ? { ...next } : {};
  }
  at[path[path.length - 1] as string] = value;
}

/** Removes the leaf at `path`, and the objects it leaves empty. */
function removeAt(tree: Tree, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !(head in tree)) return;
  if (rest.length === 0) {
    delete tree[head];
    return;
  }
  const child = tree[head];
  if (!isTree(child)) return;
  const copy = { ...child };
  removeAt(copy, rest);
  if (Object.keys(copy).length === 0) delete tree[head];
  else tree[head] = copy;
}

/** A setting at its zero value (Consul renders some unset settings as false, an empty text or an empty list). */
export function isZero(value: unknown): boolean {
  return value === undefined || value === null || value === false || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The leaves `settings` sets (not undefined). */
export function leavesSet(leaves: readonly SettingLeaf[], settings: unknown): SettingLeaf[] {
  return leaves.filter((leaf) => valueAt(settings, leaf.path) !== undefined);
}

/** The stored entry with the leaves `owned` set and `desired` no longer sets removed, and every leaf `desired` sets written. */
export function mergeSettings<E extends object>(entry: E, leaves: readonly SettingLeaf[], owned: unknown, desired: unknown): E {
  const out = { ...entry } as Tree;
  for (const leaf of leavesSet(leaves, owned)) if (valueAt(desired, leaf.path) === undefined) removeAt(out, leaf.wire);
  for (const leaf of leavesSet(leaves, desired)) setAt(out, leaf.wire, valueAt(desired, leaf.path));
  return out as E;
}

/** True when some leaf of the entry is not at its zero value. */
export function anySettingLeft(entry: unknown, leaves: readonly SettingLeaf[]): boolean {
  return leaves.some((leaf) => !isZero(valueAt(entry, leaf.wire)));
}

/**
 * The resource's view of the entry's settings: the owned leaves as stored (a leaf removed outside reads as absent), the
 * owned objects kept even when empty (`mesh_gateway = {}` reads back as itself); `owned` undefined (import) → every
 * leaf not at its zero value.
 */
export function settingsView(entry: unknown, leaves: readonly SettingLeaf[], owned: unknown): Tree {
  const view: Tree = {};
  const chosen = owned === undefined ? leaves.filter((leaf) => !isZero(valueAt(entry, leaf.wire))) : leavesSet(leaves, owned);
  for (const leaf of chosen) {
    const stored = valueAt(entry, leaf.wire);
    const mine = valueAt(owned, leaf.path);
    // Consul drops empty lists (omitempty): an owned empty list reads back as the same empty list.
    if (Array.isArray(mine) && mine.length === 0 && isZero(stored)) setAt(view, leaf.path, []);
    else if (stored !== undefined) setAt(view, leaf.path, stored);
  }
  keepOwnedObjects(owned, view);
  return view;
}

/** Adds to `view` the objects `owned` holds with nothing set in them (empty blocks owned as such) that the view lacks. */
function keepOwnedObjects(owned: unknown, view: Tree): void {
  if (!isTree(owned)) return;
  for (const [key, value] of Object.entries(owned)) {
    if (!isTree(value) || key === 'meta') continue;
    if (isTree(view[key])) keepOwnedObjects(value, view[key] as Tree);
    else if (holdsNothing(value)) view[key] = objectsOf(value);
  }
}

/** The nested objects of an object holding nothing, without its unset leaves. */
function objectsOf(value: Tree): Tree {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => isTree(item)).map(([key, item]) => [key, objectsOf(item as Tree)]));
}

/** True for an object whose leaves are all unset (at any depth). */
function holdsNothing(value: unknown): boolean {
  if (!isTree(value)) return value === undefined || value === null;
  return Object.values(value).every(holdsNothing);
}

/** What a resource owns of such an entry: settings, and meta keys. */
type OwnedWithMeta = { readonly meta?: Readonly<Record<string, string>> | undefined };

/**
 * The resource's view of the entry: {@link settingsView} plus the owned meta keys still present; `owned` undefined
 * (import) → every setting not at its zero value and all meta.
 */
export function ownedEntryView(entry: unknown, storedMeta: Readonly<Record<string, string>> | undefined, leaves: readonly SettingLeaf[], owned: OwnedWithMeta | undefined): Tree {
  const view = settingsView(entry, leaves, owned);
  const meta = ownedMetaView(storedMeta, owned?.meta, owned === undefined);
  if (meta !== undefined && (owned !== undefined || Object.keys(meta).length > 0)) view['meta'] = meta;
  return view;
}

/** True when a view holds no setting and no meta key (nothing of the resource left in the entry). */
export function holdsNoSetting(view: OwnedWithMeta, leaves: readonly SettingLeaf[]): boolean {
  return leavesSet(leaves, view).length === 0 && Object.keys(view.meta ?? {}).length === 0;
}
