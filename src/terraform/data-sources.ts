// The data sources read peerings through the core's Peering read and mapping (the same attributes as the
// resource), so no wire mapping lives here; `consulpeering_peerings` maps one list request.
import { isGone, type OperationContext } from '../core/lifecycle';
import { DATA_TYPES, PEERING_DATA_FIELDS, type Definition } from './catalog';
import type { TfValue } from './cty';
import { issueDiagnostic, type Diagnostic } from './diagnostics';
import type { StateOutcome } from './resources';
import { fromCore, toCore } from './values';

type Values = { [name: string]: TfValue };
const asValues = (value: TfValue): Values => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Values) : {});
const text = (value: TfValue | undefined): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Validates a data source's arguments with the core's Peering rules (peer name, partition). */
export function validateDataConfig(peering: Definition, typeName: string, config: TfValue): Diagnostic[] {
  const data = DATA_TYPES.get(typeName);
  if (data === undefined) return [{ severity: 'error', summary: `Unknown data source ${typeName}` }];
  const args = toCore(data.fields, config, true);
  const { issues } = peering.check({ ...args, peeringToken: undefined });
  return issues.filter((issue) => issue.path[0] !== undefined && issue.path[0] in args).map((issue) => issueDiagnostic(data.type, issue));
}

async function readOne(peering: Definition, context: OperationContext, peerName: string, partition: string | undefined): Promise<Values | string> {
  const prior = { peerName, ...(partition === undefined ? {} : { partition }) };
  const result = await peering.read(context, peering.id(prior), prior);
  if (isGone(result)) return result.reason;
  return fromCore(PEERING_DATA_FIELDS, { ...result, partition });
}

/** Reads `consulpeering_peering` or `consulpeering_peerings`. */
export async function readDataSource(peering: Definition, context: OperationContext, typeName: string, config: TfValue): Promise<StateOutcome> {
  const data = DATA_TYPES.get(typeName);
  if (data === undefined) return { state: null, diagnostics: [{ severity: 'error', summary: `Unknown data source ${typeName}` }] };
  const args = asValues(config);
  const partition = text(args['partition']);
  if (typeName.endsWith('_peering')) {
    const name = String(args['peerName'] ?? '');
    const found = await readOne(peering, context, name, partition);
    if (typeof found === 'string') return { state: null, diagnostics: [{ severity: 'error', summary: `Peering ${JSON.stringify(name)} not found`, detail: found, path: [{ attribute: 'peer_name' }] }] };
    return { state: { ...found, partition: args['partition'] ?? null }, diagnostics: [] };
  }
  const { isGonePeering, peeringStateFromConsul } = await import('../core/resources/peering');
  const listed = await context.client.listPeerings({ ...(partition === undefined ? {} : { partition }), signal: context.signal });
  const peerings = listed.filter((entry) => !isGonePeering(entry))
    .map((entry) => fromCore(PEERING_DATA_FIELDS, { ...peeringStateFromConsul(entry, undefined, partition), partition }));
  peerings.sort((a, b) => String(a['peerName']).localeCompare(String(b['peerName'])));
  return { state: { partition: args['partition'] ?? null, peerings }, diagnostics: [] };
}
