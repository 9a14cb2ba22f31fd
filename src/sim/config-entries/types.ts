// Public types of the config-entry logic, and the shape each supported kind implements.
import type { GoType } from './schema';

// Every field of Consul's Go struct is present under its Go name (strings '' when unset, numbers 0, nil
// slices/maps/pointers null), so e.g. `entry.Services[0].Consumers[0].Peer` is always a string.
/** A config entry as stored: normalised, without CreateIndex/ModifyIndex/Hash. */
export interface SimConfigEntry {
  readonly Kind: string;
  readonly Name: string;
  readonly [key: string]: unknown;
}

/** Outcome of decoding + validating a PUT /v1/config body (or a failure with Consul's status and exact text). */
export type ConfigWriteCheck =
  | { ok: true; entry: SimConfigEntry }
  | { ok: false; status: 400 | 500; message: string };

/** Lookup of other stored entries (for graph checks such as the destination's protocol). */
export type EntryLookup = (kind: string, name: string) => SimConfigEntry | undefined;

/** All stored entries of one kind (needed by graph checks that scan every intention, e.g. proxy-defaults writes). */
export type EntryLister = (kind: string) => readonly SimConfigEntry[];

/** A Go struct value as the decoder produces it (field name → value). */
export type GoStruct = Record<string, unknown>;

/** What one supported kind provides to the generic pipeline. */
export interface KindSpec {
  readonly kind: string;
  /** The Go struct the body is decoded into. */
  readonly type: Extract<GoType, { k: 'struct' }>;
  /** True when the JSON output starts with a synthetic "Kind" (the struct has no Kind field). */
  readonly kindFirst: boolean;
  /** The name every entry of this kind is stored under when its struct has no Name field (mesh: "mesh"). */
  readonly fixedName?: string;
  /** Emulator limit: text of a 500 for fields the emulator does not implement, else null. */
  unsupported?(entry: GoStruct): string | null;
  /** Consul's Normalize(): mutates the entry; an error text is answered with 500. */
  normalize(entry: GoStruct): string | null;
  /** Consul's Validate(): an error text is answered with 500. */
  validate(entry: GoStruct): string | null;
}
