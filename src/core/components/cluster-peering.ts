// ClusterPeering, the component: both sides of one peering plus the exports and intentions that make it useful, as
// data (its arguments and outputs, like a resource's fields) and as a plan (which resources, with which arguments, in
// which order). Front ends turn the plan into their own resources: the Pulumi plugin's Construct today.
import { meshSchema } from '../resources/mesh/schema';
import { peeringSchema } from '../resources/peering/schema';
import { peeringTokenSchema } from '../resources/peering-token/schema';
import type { Fields } from '../schema';
import type { ComponentSchema, PlannedResource as PlanResource } from './plan';

export { isOutputReference, type OutputReference, type PlanClassName } from './plan';

const serviceExportFields = {
  service: { type: { kind: 'string' }, mode: 'required', description: 'Name of the service (`*` exports every service).' },
  namespace: { type: { kind: 'string' }, mode: 'optional', enterpriseOnly: true, description: 'Namespace of the service (Consul Enterprise).' },
  allowFrom: {
    type: { kind: 'list', of: { kind: 'string' } }, mode: 'optional',
    description: 'Services of the other cluster allowed to call this one: one `allow` intention each. Omitted: no intentions are written.',
  },
} as const satisfies Fields;

const sideFields = {
  name: {
    type: { kind: 'string' }, mode: 'required',
    description: 'The peer name the other cluster gives this one (a lower-case DNS label, e.g. this cluster\'s datacenter).',
  },
  partition: { ...peeringTokenSchema.fields.partition, forcesReplacement: false, description: 'Admin partition of this side (Consul Enterprise).' },
  meta: { ...peeringTokenSchema.fields.meta, forcesReplacement: false, description: 'Metadata of this side\'s peering record.' },
  exports: {
    type: { kind: 'list', of: { kind: 'object', fields: serviceExportFields } }, mode: 'optional',
    description: 'Services of this cluster exported to the other one.',
  },
} as const satisfies Fields;

/** The ClusterPeering component as data: its arguments (`inputs`) and what it exposes (`outputs`). */
export const clusterPeeringSchema = {
  className: 'ClusterPeering',
  hclModule: 'modules/cluster-peering',
  description: 'Both sides of a peering in one program: a token on the acceptor, the peering established on the dialer, a '
    + 'wait until ACTIVE, then each side\'s exports and the intentions that let the other side\'s services in, in that '
    + 'order (and the reverse on destroy). Each side names the provider of its cluster.',
  inputs: {
    acceptor: { type: { kind: 'object', fields: sideFields }, mode: 'required', description: 'The cluster that generates the token (PeeringToken).' },
    dialer: { type: { kind: 'object', fields: sideFields }, mode: 'required', description: 'The cluster that establishes the peering with it (Peering).' },
    serverExternalAddresses: { ...peeringTokenSchema.fields.serverExternalAddresses },
    rotationTrigger: { ...peeringTokenSchema.fields.rotationTrigger, description: 'Any value; changing it rotates the token and re-establishes the peering in place.' },
    waitForActive: { ...peeringSchema.fields.waitForActive, description: 'Wait for ACTIVE before exports and intentions are written.' },
    activeTimeout: { ...peeringSchema.fields.activeTimeout },
    peerThroughMeshGateways: {
      ...meshSchema.fields.peering.type.fields.peerThroughMeshGateways,
      description: 'Peer through mesh gateways: a Mesh on each side sets the mesh entry\'s peering.peerThroughMeshGateways before the '
        + 'token is generated (a mesh gateway must be registered in each cluster). Unset or false: the mesh entries are not touched.',
    },
  },
  outputs: {
    peeringToken: { ...peeringTokenSchema.fields.peeringToken, description: 'The token (secret).' },
    state: { type: { kind: 'string' }, mode: 'computed', description: 'State of the dialer\'s peering (ACTIVE once established).' },
    peeringId: { ...peeringTokenSchema.fields.peeringId },
  },
} as const satisfies ComponentSchema;

/** Which side of the peering a planned resource lives on (its cluster, so its provider). */
export type PeeringSide = 'acceptor' | 'dialer';

/** One resource of a ClusterPeering's plan, on the acceptor's or the dialer's side. */
export type PlannedResource = PlanResource<PeeringSide>;

/** A service export as the plan needs it: its structure known (names and callers may still be values of the front end). */
export interface PlanExport<V> {
  readonly service: V;
  readonly namespace?: V | undefined;
  readonly allowFrom?: readonly V[] | undefined;
}

/** One side as the plan needs it. */
export interface PlanSide<V> {
  readonly name: V;
  readonly partition?: V | undefined;
  readonly meta?: V | undefined;
  readonly exports?: readonly PlanExport<V>[] | undefined;
}

/** The component's arguments as the plan needs them; `V` is the front end's value type (Pulumi: an Input). */
export interface ClusterPeeringPlanArgs<V> {
  readonly acceptor: PlanSide<V>;
  readonly dialer: PlanSide<V>;
  readonly serverExternalAddresses?: V | undefined;
  readonly rotationTrigger?: V | undefined;
  readonly waitForActive?: V | undefined;
  readonly activeTimeout?: V | undefined;
  readonly peerThroughMeshGateways?: V | undefined;
}

/**
 * The resources of a ClusterPeering: with `peerThroughMeshGateways`, a Mesh on each side first; token (acceptor) →
 * peering (dialer, with the token) → each side's exports to the other → one intentions resource per exported service
 * with callers. `serviceKey` names an intentions resource from its export (front ends pass the service name, with the
 * namespace when set).
 */
export function clusterPeeringPlan<V>(args: ClusterPeeringPlanArgs<V>, serviceKey: (item: PlanExport<V>) => string): PlannedResource[] {
  const { acceptor, dialer } = args;
  const throughGateways = args.peerThroughMeshGateways !== undefined && args.peerThroughMeshGateways !== false;
  const meshes: PlannedResource[] = !throughGateways ? [] : (['acceptor', 'dialer'] as const).map((side) => ({
    key: `${side}-mesh`, className: 'Mesh', side, after: [],
    args: { partition: args[side].partition, peering: { peerThroughMeshGateways: args.peerThroughMeshGateways } },
  }));
  const plan: PlannedResource[] = [
    ...meshes,
    {
      key: 'token', className: 'PeeringToken', side: 'acceptor', after: throughGateways ? ['acceptor-mesh'] : [],
      args: { peerName: dialer.name, partition: acceptor.partition, meta: acceptor.meta, serverExternalAddresses: args.serverExternalAddresses, rotationTrigger: args.rotationTrigger },
    },
    {
      key: 'peering', className: 'Peering', side: 'dialer', after: throughGateways ? ['token', 'dialer-mesh'] : ['token'],
      args: {
        peerName: acceptor.name, peeringToken: { from: 'token', output: 'peeringToken' }, partition: dialer.partition, meta: dialer.meta,
        waitForActive: args.waitForActive, activeTimeout: args.activeTimeout,
      },
    },
  ];
  const sides = [['acceptor', acceptor, dialer.name], ['dialer', dialer, acceptor.name]] as const;
  for (const [side, own, peerName] of sides) {
    const services = own.exports ?? [];
    if (services.length === 0) continue;
    const exportsKey = `${side}-exports`;
    plan.push({
      key: exportsKey, className: 'ExportedServices', side, after: ['peering'],
      args: {
        partition: own.partition,
        services: services.map((item) => ({ name: item.service, namespace: item.namespace, consumers: [{ peer: peerName }] })),
      },
    });
    for (const item of services) {
      if (item.allowFrom === undefined || item.allowFrom.length === 0) continue;
      plan.push({
        key: `${side}-${serviceKey(item)}-intentions`, className: 'ServiceIntentions', side, after: [exportsKey],
        args: {
          name: item.service, namespace: item.namespace, partition: own.partition,
          sources: item.allowFrom.map((source) => ({ name: source, peer: peerName, action: 'allow' })),
        },
      });
    }
  }
  return plan;
}
