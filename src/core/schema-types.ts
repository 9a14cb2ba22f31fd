// TypeScript types inferred from a schema written `as const satisfies ResourceSchema`: what a user passes (ArgsOf),
// what `check` returns (InputsOf: defaults applied) and what the provider keeps (StateOf: plus computed attributes).
// No resource writes an interface of its own shape: adding a field to the schema adds it to every type.
import type { FieldSpec, FieldType, Fields } from './schema';

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Names of the fields of `F` whose mode is `M`. */
type ModeKeys<F extends Fields, M extends FieldSpec['mode']> = { [K in keyof F]: F[K]['mode'] extends M ? K : never }[keyof F];

/** Names of the optional fields of `F` that have a default. */
type DefaultedKeys<F extends Fields> = { [K in keyof F]: F[K] extends { readonly default: string | number | boolean } ? K : never }[keyof F];

/** How deep a value is taken: what users write, what `check` returns, or the stored state (nested computed ones optional). */
type Stage = 'args' | 'inputs' | 'state';

/** The value of one attribute of type `T` at `stage`. */
export type ValueOf<T extends FieldType, S extends Stage> =
  T extends { readonly kind: 'string' } ? string
    : T extends { readonly kind: 'bool' } ? boolean
      : T extends { readonly kind: 'number' } ? number
        : T extends { readonly kind: 'map' } ? Readonly<Record<string, string>>
          : T extends { readonly kind: 'list'; readonly of: infer Of extends FieldType } ? readonly ValueOf<Of, S>[]
            : T extends { readonly kind: 'object'; readonly fields: infer Nested extends Fields } ? ObjectOf<Nested, S, true>
              : never;

type Required<F extends Fields, K extends keyof F, S extends Stage> = { readonly [P in K]: ValueOf<F[P]['type'], S> };
type Optional<F extends Fields, K extends keyof F, S extends Stage> = { readonly [P in K]?: ValueOf<F[P]['type'], S> | undefined };

/** An object of fields `F` at stage `S`; `nested` objects keep their computed fields optional (a list item before its first read). */
type ObjectOf<F extends Fields, S extends Stage, Nested extends boolean> = Simplify<
  S extends 'args'
    ? Required<F, ModeKeys<F, 'required'>, S> & Optional<F, ModeKeys<F, 'optional'>, S>
    : Required<F, ModeKeys<F, 'required'> | (ModeKeys<F, 'optional'> & DefaultedKeys<F>), S>
      & Optional<F, Exclude<ModeKeys<F, 'optional'>, DefaultedKeys<F>>, S>
      & (S extends 'state'
        ? (Nested extends true ? Optional<F, ModeKeys<F, 'computed'>, S> : Required<F, ModeKeys<F, 'computed'>, S>)
        : unknown)
>;

/** The arguments a user writes for fields `F`: required ones required, optional and defaulted ones optional, no computed ones. */
export type ArgsOf<F extends Fields> = ObjectOf<F, 'args', false>;

/** The arguments after `check`: defaults applied (so defaulted fields are present), no computed ones. */
export type InputsOf<F extends Fields> = ObjectOf<F, 'inputs', false>;

/** The state of an object: its inputs plus every computed attribute (nested computed ones optional). */
export type StateOf<F extends Fields> = ObjectOf<F, 'state', false>;

/** The object type of the items of a list-of-objects field `K` of `F`, at the state stage (e.g. one intention source). */
export type ItemOf<F extends Fields, K extends keyof F> = F[K]['type'] extends { readonly kind: 'list'; readonly of: infer Of extends FieldType }
  ? ValueOf<Of, 'state'> : never;
