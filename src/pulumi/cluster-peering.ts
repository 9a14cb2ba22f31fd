import * as pulumi from '@pulumi/pulumi';
import { ExportedServices, Peering, PeeringToken, ServiceIntentions } from './resources';
import type { ConnectionArgs } from './types';

/** A service one cluster exports to the other, and the services of the other cluster allowed to call it. */
export interface ServiceExport {
  /** Name of the service (`*` exports every service). */
  readonly service: string;
  /** Namespace of the service (Enterprise). */
  readonly namespace?: string | undefined;
  /** Services of the other cluster allowed to call this one: one `allow` intention each. Omitted: no intentions are written. */
  readonly allowFrom?: readonly string[] | undefined;
}

/** One cluster of a {@link ClusterPeering}. */
export interface ClusterPeeringSide {
  /** The peer name the other cluster gives this one (a lower-case DNS label, e.g. this cluster's datacenter). */
  readonly name: pulumi.Input<string>;
  /** How to reach this cluster; omitted: the stack config (`consul-peering:*`), then Consul's environment variables. Stored as a secret. */
  readonly connection?: pulumi.Input<ConnectionArgs> | undefined;
  /** Admin partition of this side (Consul Enterprise). */
  readonly partition?: pulumi.Input<string> | undefined;
  /** Metadata of this side's peering record. */
  readonly meta?: pulumi.Input<Readonly<Record<string, pulumi.Input<string>>>> | undefined;
  /** Services of this cluster exported to the other one. */
  readonly exports?: readonly ServiceExport[] | undefined;
}

/** Arguments of a {@link ClusterPeering}. */
export interface ClusterPeeringArgs {
  /** The cluster that generates the token (PeeringToken). */
  readonly acceptor: ClusterPeeringSide;
  /** The cluster that establishes the peering with it (Peering). */
  readonly dialer: ClusterPeeringSide;
  /** host:port addresses the dialer should use for the acceptor's servers (NAT, load balancers). */
  readonly serverExternalAddresses?: pulumi.Input<readonly pulumi.Input<string>[]> | undefined;
  /** Any value; changing it rotates the token and re-establishes the peering in place. */
  readonly rotationTrigger?: pulumi.Input<string> | undefined;
  /** Wait for ACTIVE before exports and intentions are written (default true). */
  readonly waitForActive?: pulumi.Input<boolean> | undefined;
  /** How long to wait for ACTIVE (default "2m"). */
  readonly activeTimeout?: pulumi.Input<string> | undefined;
}

/** Pulumi type token of the component. */
export const CLUSTER_PEERING_TYPE = 'consulpeering:index:ClusterPeering';

/**
 * Both sides of a peering in one program: token on the acceptor → establish on the dialer → wait ACTIVE → exports on
 * each side → intentions for the exported services, in that order (and the reverse on destroy).
 */
export class ClusterPeering extends pulumi.ComponentResource {
  /** The acceptor's token resource. */
  readonly token: PeeringToken;
  /** The dialer's peering resource. */
  readonly peering: Peering;
  /** Exported-services resources (one per side that exports something). */
  readonly exports: readonly ExportedServices[];
  /** Intentions resources (one per exported service with `allowFrom`). */
  readonly intentions: readonly ServiceIntentions[];
  /** The token (secret). */
  readonly peeringToken: pulumi.Output<string>;
  /** State of the dialer's peering (ACTIVE once established). */
  readonly state: pulumi.Output<string>;
  /** ID of the acceptor's side of the peering. */
  readonly peeringId: pulumi.Output<string>;

  /** Declares the token, the peering, the exports and the intentions as children. */
  constructor(name: string, args: ClusterPeeringArgs, opts?: pulumi.ComponentResourceOptions) {
    super(CLUSTER_PEERING_TYPE, name, {}, opts);
    const { acceptor, dialer } = args;
    this.token = new PeeringToken(`${name}-token`, {
      peerName: dialer.name,
      partition: acceptor.partition,
      meta: acceptor.meta,
      serverExternalAddresses: args.serverExternalAddresses,
      rotationTrigger: args.rotationTrigger,
      connection: acceptor.connection,
    }, { parent: this });
    this.peering = new Peering(`${name}-peering`, {
      peerName: acceptor.name,
      peeringToken: this.token.peeringToken,
      partition: dialer.partition,
      meta: dialer.meta,
      waitForActive: args.waitForActive,
      activeTimeout: args.activeTimeout,
      connection: dialer.connection,
    }, { parent: this, dependsOn: [this.token] });

    const exportResources: ExportedServices[] = [];
    const intentions: ServiceIntentions[] = [];
    const sides = [['acceptor', acceptor, dialer.name], ['dialer', dialer, acceptor.name]] as const;
    for (const [role, side, peerName] of sides) {
      const services = side.exports ?? [];
      if (services.length === 0) continue;
      const exported = new ExportedServices(`${name}-${role}-exports`, {
        partition: side.partition,
        services: services.map((item) => ({ name: item.service, namespace: item.namespace, consumers: [{ peer: peerName }] })),
        connection: side.connection,
      }, { parent: this, dependsOn: [this.peering] });
      exportResources.push(exported);
      for (const item of services) {
        if (item.allowFrom === undefined || item.allowFrom.length === 0) continue;
        const suffix = item.namespace === undefined ? item.service : `${item.namespace}.${item.service}`;
        intentions.push(new ServiceIntentions(`${name}-${role}-${suffix}-intentions`, {
          name: item.service,
          namespace: item.namespace,
          partition: side.partition,
          sources: item.allowFrom.map((source) => ({ name: source, peer: peerName, action: 'allow' })),
          connection: side.connection,
        }, { parent: this, dependsOn: [exported] }));
      }
    }
    this.exports = exportResources;
    this.intentions = intentions;
    this.peeringToken = this.token.peeringToken;
    this.state = this.peering.state;
    this.peeringId = this.token.peeringId;
    this.registerOutputs({ state: this.state, peeringId: this.peeringId });
  }
}
