// The ClusterPeering component as the plugin's Construct builds it: the core's plan (which resources, in which order)
// turned into the SDK's resources, each side's on the provider that side names. Programs in every language get it
// through the generated SDK's remote component class.
import * as pulumi from '@pulumi/pulumi';
import {
  clusterPeeringPlan, clusterPeeringSchema, type ClusterPeeringPlanArgs, type PeeringSide, type PlanSide,
} from '../../core/components/cluster-peering';
import type { Peering, PeeringToken } from '../generated';
import { declarePlan, isRecord, serviceKey } from './declare-plan';

/** One side as Construct receives it: the plan's fields plus the provider of its cluster. */
interface SideInputs extends PlanSide<pulumi.Input<unknown>> {
  readonly provider?: pulumi.ProviderResource | undefined;
}

/** The component's inputs as Construct receives them. */
export interface ClusterPeeringInputs extends ClusterPeeringPlanArgs<pulumi.Input<unknown>> {
  readonly acceptor: SideInputs;
  readonly dialer: SideInputs;
}

/**
 * The structure the plan needs must be plain values in the program (the sides, their export lists): a clear error
 * naming the input otherwise, before anything is registered.
 */
function sideOf(inputs: Readonly<Record<string, unknown>>, role: PeeringSide): SideInputs {
  const side = inputs[role];
  if (!isRecord(side)) throw new Error(`ClusterPeering: ${role} must be an object known when the program runs (name, provider, exports, ...)`);
  const exports = side['exports'];
  if (exports !== undefined && !Array.isArray(exports)) throw new Error(`ClusterPeering: ${role}.exports must be a list known when the program runs`);
  for (const [index, item] of (exports ?? []).entries()) {
    if (!isRecord(item) || item['service'] === undefined) throw new Error(`ClusterPeering: ${role}.exports[${index}] must be an object with a service`);
    const allowFrom = item['allowFrom'];
    if (allowFrom !== undefined && !Array.isArray(allowFrom)) throw new Error(`ClusterPeering: ${role}.exports[${index}].allowFrom must be a list known when the program runs`);
  }
  return side as unknown as SideInputs;
}

/** Token → peering → exports → intentions, as children on each side's provider; outputs the token, state and peering ID. */
export class ClusterPeeringComponent extends pulumi.ComponentResource {
  /** The token (secret). */
  readonly peeringToken: pulumi.Output<string>;
  /** State of the dialer's peering (ACTIVE once established). */
  readonly state: pulumi.Output<string>;
  /** ID of the acceptor's side of the peering. */
  readonly peeringId: pulumi.Output<string>;

  /** Declares the plan's resources as children, each after the ones the plan says it waits for. */
  constructor(name: string, inputs: Readonly<Record<string, unknown>>, opts?: pulumi.ComponentResourceOptions) {
    super(`consulpeering:index:${clusterPeeringSchema.className}`, name, {}, opts);
    const sides = { acceptor: sideOf(inputs, 'acceptor'), dialer: sideOf(inputs, 'dialer') };
    const args: ClusterPeeringInputs = { ...inputs, ...sides };
    const declared = declarePlan(this, name, clusterPeeringPlan(args, serviceKey), (side) => sides[side].provider);
    const token = declared.get('token') as PeeringToken;
    const peering = declared.get('peering') as Peering;
    this.peeringToken = pulumi.secret(token.peeringToken);
    this.state = peering.state;
    this.peeringId = token.peeringId;
    this.registerOutputs({ peeringToken: this.peeringToken, state: this.state, peeringId: this.peeringId });
  }
}
