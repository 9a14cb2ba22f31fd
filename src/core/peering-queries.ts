// The read-only peering queries, written once for every front end: Terraform's data sources
// (`consulpeering_peering`, `consulpeering_peerings`) and Pulumi's functions (`getPeering`, `getPeerings`).
// Their attributes are the Peering resource's, less the arguments that steer its apply; the reads go through the
// Peering resource's own mapping (one list request for all peerings).
import { isGone, type OperationContext } from './lifecycle';
import { peeringSchema } from './resources/peering/schema';
import type { FieldSpec, Fields } from './schema';

const computed = (field: FieldSpec): FieldSpec => ({ type: field.type, description: field.description, mode: 'computed', ...(field.sensitive === true ? { sensitive: true } : {}) });
const { peerName, partition } = peeringSchema.fields;

/** Arguments and attributes of one peering read by name (either side of it). */
export const PEERING_QUERY_FIELDS: Fields = {
  peerName: { type: peerName.type, mode: 'required', description: 'Name of the peering to read (either side of it).' },
  partition: { type: partition.type, mode: 'optional', description: partition.description },
  ...Object.fromEntries(Object.entries(peeringSchema.fields as Fields)
    .filter(([name, field]) => field.applyOnly !== true && name !== 'peerName' && name !== 'partition')
    .map(([name, field]) => [name, computed(field)])),
};

/** Arguments and attributes of the list of a partition's peerings. */
export const PEERINGS_QUERY_FIELDS: Fields = {
  partition: { type: partition.type, mode: 'optional', description: partition.description },
  peerings: {
    type: { kind: 'list', of: { kind: 'object', fields: Object.fromEntries(Object.entries(PEERING_QUERY_FIELDS).map(([name, field]) => [name, computed(field)])) } },
    mode: 'computed',
    description: 'Every peering of the partition that is not being deleted or terminated, each with the attributes of one peering.',
  },
};

/** What the one-peering query says of a peering. */
export const PEERING_QUERY_DESCRIPTION = 'Reads one peering of the cluster by name, on either side (the acceptor\'s or the dialer\'s), with its live status.';
/** What the list query says. */
export const PEERINGS_QUERY_DESCRIPTION = 'Lists the peerings of the cluster (one partition).';

/** The peering `peerName` as the one-peering query returns it, or why it was not found. */
export async function queryPeering(context: OperationContext, peerName: string, partition: string | undefined): Promise<Record<string, unknown> | { readonly notFound: string }> {
  const { peering } = await import('./resources/peering/lifecycle');
  const { peeringResourceId } = await import('./resources/peering-shared');
  const prior = { peerName, ...(partition === undefined ? {} : { partition }) };
  const result = await peering.read(context, peeringResourceId(prior), prior);
  if (isGone(result)) return { notFound: result.reason };
  return pick(PEERING_QUERY_FIELDS, { ...result, partition });
}

/** Every peering of `partition` that is not being deleted or terminated, by name (one list request). */
export async function queryPeerings(context: OperationContext, partition: string | undefined): Promise<Record<string, unknown>[]> {
  const { peeringStateFromConsul } = await import('./resources/peering/state');
  const { isGonePeering } = await import('./resources/peering-shared');
  const listed = await context.client.listPeerings({ ...(partition === undefined ? {} : { partition }), signal: context.signal });
  return listed.filter((entry) => !isGonePeering(entry))
    .map((entry) => pick(PEERING_QUERY_FIELDS, { ...peeringStateFromConsul(entry, undefined, partition), partition }))
    .sort((a, b) => String(a['peerName']).localeCompare(String(b['peerName'])));
}

function pick(fields: Fields, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(fields).filter((name) => values[name] !== undefined).map((name) => [name, values[name]]));
}
