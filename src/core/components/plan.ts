// What every component's plan is made of: resources with their arguments, the cluster (side) each lives on, the
// resources it waits for, and references to other planned resources' outputs. ClusterPeering (a pair: acceptor and
// dialer) and ClusterMesh (N clusters: an index) share these; front ends turn them into their own resources.
import type { ResourceClassName } from '../registry';
import type { Fields } from '../schema';

/**
 * A component's data, written once: its inputs and outputs (Pulumi's package schema, the CDK constructs' props and
 * docs/resources.md derive from them) and where its HCL counterpart lives.
 */
export interface ComponentSchema {
  readonly className: string;
  readonly description: string;
  /** The folder of the HCL module that does the same (its variables are the inputs in snake_case). */
  readonly hclModule: string;
  readonly inputs: Fields;
  readonly outputs: Fields;
}

/** An argument taken from another planned resource's output (the token handed to the dialer). */
export interface OutputReference {
  readonly from: string;
  readonly output: string;
}

/** The resources a component plan may name (front ends map each to their own class). */
export type PlanClassName = Extract<ResourceClassName, 'PeeringToken' | 'Peering' | 'ExportedServices' | 'ServiceIntentions' | 'Mesh'>;

/** One resource of the plan: its name suffix (unique within the component), kind, cluster, arguments and what it waits for. */
export interface PlannedResource<Side = 'acceptor' | 'dialer'> {
  readonly key: string;
  readonly className: PlanClassName;
  readonly side: Side;
  /** Arguments: the front end's values, nested lists and objects of them, and {@link OutputReference}s. */
  readonly args: Readonly<Record<string, unknown>>;
  readonly after: readonly string[];
}

/** A service as an intentions resource's key needs it (names may still be values of the front end). */
export interface ServiceRef<V> {
  readonly service: V;
  readonly namespace?: V | undefined;
}

/** True when `value` is an {@link OutputReference} of the plan. */
export function isOutputReference(value: unknown): value is OutputReference {
  return typeof value === 'object' && value !== null && 'from' in value && 'output' in value && Object.keys(value).length === 2;
}
