// ClusterPeering for CDK for Terraform: the core's plan (src/core/components/cluster-peering.ts: which resources, in
// which order) turned into the generated bindings' resources, each side's on the provider that side names. The same
// plan makes Pulumi's ClusterPeering and is written out by hand in modules/cluster-peering.
import type { TerraformProvider, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { clusterPeeringPlan, isOutputReference, type PlanExport } from '../core/components/cluster-peering';
import type { ResourceClassName } from '../core/registry';
import { ExportedServices } from './generated/exported-services';
import { Peering } from './generated/peering';
import { PeeringToken } from './generated/peering-token';
import { ServiceIntentions } from './generated/service-intentions';

/** A service one side exports to the other, and the other side's services allowed to call it. */
export interface ClusterPeeringExport {
  readonly service: string;
  readonly namespace?: string;
  readonly allowFrom?: string[];
}

/** One side of the peering: the provider of its cluster, the name the other side gives it, what it exports. */
export interface ClusterPeeringSide {
  readonly provider: TerraformProvider;
  readonly name: string;
  readonly partition?: string;
  readonly meta?: { [key: string]: string };
  readonly exports?: ClusterPeeringExport[];
}

/** The construct's configuration (the component's inputs: see docs/resources.md, ClusterPeering). */
export interface ClusterPeeringConfig {
  readonly acceptor: ClusterPeeringSide;
  readonly dialer: ClusterPeeringSide;
  readonly serverExternalAddresses?: string[];
  readonly rotationTrigger?: string;
  readonly waitForActive?: boolean;
  readonly activeTimeout?: string;
}

type Binding = new (scope: Construct, id: string, config: never) => TerraformResource;

/** The binding of each resource the plan may name. */
const BINDINGS: Readonly<Record<ResourceClassName, Binding>> = {
  PeeringToken: PeeringToken as unknown as Binding, Peering: Peering as unknown as Binding,
  ExportedServices: ExportedServices as unknown as Binding, ServiceIntentions: ServiceIntentions as unknown as Binding,
};

/** The id part of an intentions resource: the service, with its namespace when set. */
const serviceKey = (item: PlanExport<unknown>): string => (item.namespace === undefined ? String(item.service) : `${String(item.namespace)}.${String(item.service)}`);

/** Token (acceptor) → peering (dialer, waits until ACTIVE) → each side's exports → intentions, as child resources. */
export class ClusterPeering extends Construct {
  /** The generated token (sensitive; sealed in state when the providers have a passphrase). */
  readonly peeringToken: string;
  /** State of the dialer's peering (ACTIVE once established). */
  readonly state: string;
  /** ID of the acceptor's side of the peering. */
  readonly peeringId: string;

  /** Declares the plan's resources, each on its side's provider and depending on what the plan says it waits for. */
  constructor(scope: Construct, id: string, config: ClusterPeeringConfig) {
    super(scope, id);
    const declared = new Map<string, TerraformResource>();
    for (const planned of clusterPeeringPlan<unknown>(config, serviceKey)) {
      const args = Object.fromEntries(Object.entries(planned.args).filter(([, value]) => value !== undefined).map(([key, value]) => {
        if (!isOutputReference(value)) return [key, value];
        return [key, (declared.get(value.from) as unknown as Record<string, unknown> | undefined)?.[value.output]];
      }));
      const dependsOn = planned.after.map((key) => declared.get(key)).filter((resource) => resource !== undefined);
      const Binding = BINDINGS[planned.className];
      declared.set(planned.key, new Binding(this, planned.key, { ...args, provider: config[planned.side].provider, dependsOn } as never));
    }
    const token = declared.get('token') as PeeringToken;
    this.peeringToken = token.peeringToken;
    this.peeringId = token.peeringId;
    this.state = (declared.get('peering') as Peering).state;
  }
}
