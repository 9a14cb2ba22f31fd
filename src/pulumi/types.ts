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

/** Inputs of a resource for Pulumi: each attribute of the core `Inputs` as a deep input; `Defaulted` keys (schema defaults) optional. */
export type ArgsOf<Inputs, Defaulted extends keyof Inputs = never> =
  { [K in keyof Omit<Inputs, Defaulted>]: DeepInput<Omit<Inputs, Defaulted>[K]> }
  & { [K in keyof Pick<Inputs, Defaulted>]?: DeepInput<Inputs[K]> | undefined };

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
