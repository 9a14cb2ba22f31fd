// ClusterPeering for the CDKs (cdktf and CDK Terrain): the core's plan (src/core/components/cluster-peering.ts: which
// resources, in which order) turned into a framework's generated bindings, each side's resources on the provider that
// side names. This file imports only `constructs`; consul-peering/cdktf and consul-peering/cdktn each hand it their
// own bindings. The same plan makes Pulumi's ClusterPeering and is written out by hand in modules/cluster-peering.
import { Construct } from 'constructs';
import { clusterPeeringPlan, isOutputReference, type PlanClassName, type PlanExport } from '../core/components/cluster-peering';

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

/** What the construct reads back from the token and the peering it declares (attributes of the generated classes). */
interface DeclaredOutputs { readonly peeringToken?: string; readonly peeringId?: string; readonly state?: string }

/** A generated resource class, as the construct calls it. */
export type ResourceBinding = new (scope: Construct, id: string, config: never) => Construct;

/** One framework's generated class for each resource the plan may name. */
export type ClusterPeeringBindings = Readonly<Record<PlanClassName, ResourceBinding>>;

/** The bindings from a framework's generated classes (their config types differ; the plan's arguments fit them all). */
export const bindingsOf = (classes: Readonly<Record<PlanClassName, unknown>>): ClusterPeeringBindings => classes as ClusterPeeringBindings;

/** The id part of an intentions resource: the service, with its namespace when set. */
const serviceKey = (item: PlanExport<unknown>): string => (item.namespace === undefined ? String(item.service) : `${String(item.namespace)}.${String(item.service)}`);

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
    const declared = new Map<string, Construct & DeclaredOutputs>();
    for (const planned of clusterPeeringPlan<unknown>(config, serviceKey)) {
      const args = Object.fromEntries(Object.entries(planned.args).filter(([, value]) => value !== undefined).map(([key, value]) => {
        if (!isOutputReference(value)) return [key, value];
        return [key, (declared.get(value.from) as unknown as Record<string, unknown> | undefined)?.[value.output]];
      }));
      const dependsOn = planned.after.map((key) => declared.get(key)).filter((resource) => resource !== undefined);
      const Binding = bindings[planned.className];
      declared.set(planned.key, new Binding(this, planned.key, { ...args, provider: config[planned.side].provider, dependsOn } as never));
    }
    const token = declared.get('token');
    this.peeringToken = String(token?.peeringToken);
    this.peeringId = String(token?.peeringId);
    this.state = String(declared.get('peering')?.state);
  }
}
