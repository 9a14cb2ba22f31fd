// ClusterPeering for the CDKs (cdktf and CDK Terrain): the core's plan (src/core/components/cluster-peering.ts: which
// resources, in which order) turned into a framework's generated bindings, each side's resources on the provider that
// side names. This file imports only `constructs`; consul-peering/cdktf and consul-peering/cdktn each hand it their
// own bindings (declare.ts declares a plan; ClusterMesh in cluster-mesh.ts does the same with its own). The same plan
// makes Pulumi's ClusterPeering and is written out by hand in modules/cluster-peering.
import { Construct } from 'constructs';
import { clusterPeeringPlan } from '../core/components/cluster-peering';
import { declarePlan, serviceKey, type ClusterPeeringBindings } from './declare';

export { bindingsOf, type ClusterPeeringBindings, type ResourceBinding } from './declare';

/** A service one side exports to the other, and the other side's services allowed to call it. */
export interface ClusterPeeringExport {
  readonly service: string;
  readonly namespace?: string;
  readonly allowFrom?: string[];
}

/** One side of the peering: the provider of its cluster, the name the other side gives it, what it exports. */
export interface ClusterPeeringSide<Provider> {
  readonly provider: Provider;
  readonly name: string;
  readonly partition?: string;
  readonly meta?: { [key: string]: string };
  readonly exports?: ClusterPeeringExport[];
}

/** The construct's configuration (the component's inputs: see docs/resources.md, ClusterPeering). */
export interface ClusterPeeringConfig<Provider> {
  readonly acceptor: ClusterPeeringSide<Provider>;
  readonly dialer: ClusterPeeringSide<Provider>;
  readonly serverExternalAddresses?: string[];
  readonly rotationTrigger?: string;
  readonly waitForActive?: boolean;
  readonly activeTimeout?: string;
  /** A Mesh on each side peering through mesh gateways, before the token (a mesh gateway must be registered in each cluster). */
  readonly peerThroughMeshGateways?: boolean;
}

/** Token (acceptor) → peering (dialer, waits until ACTIVE) → each side's exports → intentions, as child resources. */
export abstract class ClusterPeeringConstruct<Provider> extends Construct {
  /** The generated token (sensitive; sealed in state when the providers have a passphrase). */
  readonly peeringToken: string;
  /** State of the dialer's peering (ACTIVE once established). */
  readonly state: string;
  /** ID of the acceptor's side of the peering. */
  readonly peeringId: string;

  /** Declares the plan's resources with `bindings`, each on its side's provider, depending on what the plan says it waits for. */
  protected constructor(scope: Construct, id: string, config: ClusterPeeringConfig<Provider>, bindings: ClusterPeeringBindings) {
    super(scope, id);
    const declared = declarePlan(this, clusterPeeringPlan<unknown>(config, serviceKey), (side) => config[side].provider, bindings);
    const token = declared.get('token');
    this.peeringToken = String(token?.peeringToken);
    this.peeringId = String(token?.peeringId);
    this.state = String(declared.get('peering')?.state);
  }
}
