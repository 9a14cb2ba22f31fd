import type * as pulumi from '@pulumi/pulumi';
import type { ConsulSettings } from '../consul';

/** `T` where every value, however deep, may be a Pulumi input (a plain value, a promise or an output). */
export type DeepInput<T> =
  [T] extends [Primitive] ? pulumi.Input<T>
    : T extends Primitive ? pulumi.Input<T>
      : T extends readonly (infer Item)[] ? pulumi.Input<readonly DeepInput<Item>[]>
        : T extends object ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
          : pulumi.Input<T>;

type Primitive = string | number | boolean | undefined | null;

/** Inputs of a resource for Pulumi: each of the core's arguments (`ArgsOf` of its schema) as a deep input, optional ones optional. */
export type ArgsOf<Args> = { [K in keyof Args]: DeepInput<Args[K]> };

/** Outputs of a resource for Pulumi: every attribute of the core `State` as an output. */
export type OutputsOf<State> = { readonly [K in keyof State]-?: pulumi.Output<State[K]> };

/**
 * Connection settings of one Consul cluster, as in the Terraform provider block (camelCase). Unset settings fall back
 * to Consul's environment variables (`CONSUL_HTTP_ADDR`, `CONSUL_HTTP_TOKEN`, ...). Stored as a secret.
 */
export type ConnectionArgs = { readonly [K in keyof ConsulSettings]?: pulumi.Input<NonNullable<ConsulSettings[K]>> | undefined };

/** The `connection` argument every resource of this package takes (omit it to use the stack config / environment). */
export interface ConnectionOption {
  /**
   * Cluster to manage the object in. Omitted: the stack config `consul-peering:address`, `consul-peering:token`, ...
   * and then Consul's environment variables. Kept in state only as a secret (encrypted), never in plain text.
   */
  readonly connection?: pulumi.Input<ConnectionArgs> | undefined;
}
