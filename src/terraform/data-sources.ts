// The data sources are the core's peering queries (core/peering-queries.ts); this only translates values.
import type { OperationContext } from '../core/lifecycle';
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

/** Reads `consulpeering_peering` or `consulpeering_peerings`. */
export async function readDataSource(_peering: Definition, context: OperationContext, typeName: string, config: TfValue): Promise<StateOutcome> {
  const data = DATA_TYPES.get(typeName);
  if (data === undefined) return { state: null, diagnostics: [{ severity: 'error', summary: `Unknown data source ${typeName}` }] };
  const args = asValues(config);
  const partition = text(args['partition']);
  const { queryPeering, queryPeerings } = await import('../core/peering-queries');
  if (typeName.endsWith('_peering')) {
    const name = String(args['peerName'] ?? '');
    const found = await queryPeering(context, name, partition);
    if ('notFound' in found) return { state: null, diagnostics: [{ severity: 'error', summary: `Peering ${JSON.stringify(name)} not found`, detail: String(found.notFound), path: [{ attribute: 'peer_name' }] }] };
    return { state: { ...fromCore(PEERING_DATA_FIELDS, found), partition: args['partition'] ?? null }, diagnostics: [] };
  }
  const peerings = (await queryPeerings(context, partition)).map((entry) => fromCore(PEERING_DATA_FIELDS, entry));
  return { state: { partition: args['partition'] ?? null, peerings }, diagnostics: [] };
}
