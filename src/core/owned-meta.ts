// Meta of a shared config entry: a resource owns only the keys it lists (others' keys are kept), unless it owns the
// whole entry. Used by every config-entry resource with a meta attribute.
import { sameValue } from './diff';

type Meta = Readonly<Record<string, string>>;

/** The meta to store: the stored pairs minus the keys owned before and no longer wanted, plus every wanted pair. */
export function mergeOwnedMeta(stored: Meta | undefined, owned: Meta | undefined, desired: Meta | undefined): Record<string, string> {
  const meta: Record<string, string> = { ...stored };
  for (const name of Object.keys(owned ?? {})) if (desired?.[name] === undefined) delete meta[name];
  return Object.assign(meta, desired);
}

/**
 * The resource's view of the stored meta. Import (`owned` unknown) and exclusive: all of it (in the resource's own
 * spelling when equal); shared: the owned keys still present.
 */
export function ownedMetaView(stored: Meta | undefined, owned: Meta | undefined, whole: boolean): Meta | undefined {
  if (whole) return sameValue(owned, stored) ? owned : stored;
  if (owned === undefined) return undefined;
  return Object.fromEntries(Object.keys(owned).flatMap((name) => {
    const value = stored?.[name];
    return value === undefined ? [] : [[name, value] as const];
  }));
}

/** `{ Meta }` for a wire entry, omitted when empty. */
export function wireMeta(meta: Meta | undefined): { Meta?: Record<string, string> } {
  return meta === undefined || Object.keys(meta).length === 0 ? {} : { Meta: { ...meta } };
}
