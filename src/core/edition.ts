// Edition awareness, the rule written once: the schema marks the attributes only Consul Enterprise has
// (`enterpriseOnly`: partitions, namespaces, sameness groups). A partition or namespace named `default` is CE's own
// and always fine (the client then sends nothing); any other value, and any sameness group, needs Enterprise. The
// cluster is asked which edition it runs only when the inputs hold such a value, once per cluster per process
// (the client remembers), and plans and previews fail naming each attribute before anything is written.
import type { ConsulClient } from '../consul/client';
import { ceDescription, isDefaultScope, type EditionInfo } from '../consul/edition';
import { makeIssue, type Issue, type PathPart } from './issues';
import type { FieldType, Fields } from './schema';
import { isUnknown } from './unknown';

/** One value in the inputs that only Consul Enterprise can take. */
export interface EnterpriseValue {
  readonly path: readonly PathPart[];
  readonly value: string;
}

/** Attributes whose value `default` names CE's own partition or namespace (any other enterprise-only attribute, e.g. a sameness group, has none). */
const DEFAULT_NAMED = new Set(['partition', 'namespace']);

/** Every value of an `enterpriseOnly` attribute that CE cannot take, at any depth; unknown values skipped. */
export function enterpriseValues(fields: Fields, inputs: Readonly<Record<string, unknown>>, at: readonly PathPart[] = []): EnterpriseValue[] {
  const found: EnterpriseValue[] = [];
  for (const [name, field] of Object.entries(fields)) {
    if (field.mode === 'computed') continue;
    const value = inputs[name];
    const path = [...at, name];
    if (field.enterpriseOnly === true && typeof value === 'string' && value !== '') {
      if (!(DEFAULT_NAMED.has(name) && isDefaultScope(value))) found.push({ path, value });
    }
    found.push(...nestedValues(field.type, value, path));
  }
  return found;
}

function nestedValues(type: FieldType, value: unknown, path: readonly PathPart[]): EnterpriseValue[] {
  if (isUnknown(value) || value === undefined || value === null) return [];
  if (type.kind === 'list' && Array.isArray(value)) return value.flatMap((item, index) => nestedValues(type.of, item, [...path, index]));
  if (type.kind === 'object' && typeof value === 'object' && !Array.isArray(value)) {
    return enterpriseValues(type.fields, value as Record<string, unknown>, path);
  }
  return [];
}

/** The issues (`needs_enterprise`) of enterprise-only values against a CE cluster, each at its attribute. */
export function ceIssues(values: readonly EnterpriseValue[], cluster: string, info: EditionInfo): Issue[] {
  return values.map((value) => makeIssue('needs_enterprise', value.path, `${JSON.stringify(value.value)} needs Consul Enterprise: ${ceDescription(cluster, info)}`,
    { edition: info.edition, version: info.version }));
}

/**
 * Plan/preview-time edition check of one resource's inputs: no request when nothing in them needs Enterprise, else the
 * cluster's edition (remembered by the client for the process) and, on CE, one issue per such value. When the cluster
 * cannot tell its edition there are no issues: the apply meets Consul's own answer.
 */
export async function editionIssues(client: ConsulClient, fields: Fields, inputs: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<Issue[]> {
  const values = enterpriseValues(fields, inputs);
  if (values.length === 0) return [];
  const info = await knownEdition(client, signal);
  return info?.edition === 'ce' ? ceIssues(values, client.config.baseUrl, info) : [];
}

/** A provider setting that CE cannot honour: its name, where its value came from, and why. */
export interface SettingProblem {
  /** `partition` or `namespace`. */
  readonly setting: 'partition' | 'namespace';
  /** The provider setting (`partition`) or the environment variable (`CONSUL_PARTITION`) it came from. */
  readonly source: string;
  readonly message: string;
}

/** The configured partition and namespace (settings or `CONSUL_PARTITION`/`CONSUL_NAMESPACE`) checked against the edition. */
export async function settingsEditionProblems(client: ConsulClient, signal?: AbortSignal): Promise<SettingProblem[]> {
  const { config } = client;
  const configured = ([['partition', config.partition, config.partitionSource], ['namespace', config.namespace, config.namespaceSource]] as const)
    .filter(([, value]) => !isDefaultScope(value));
  if (configured.length === 0) return [];
  const info = await knownEdition(client, signal);
  if (info?.edition !== 'ce') return [];
  return configured.map(([setting, value, source = setting]) => ({
    setting, source,
    message: `${source === setting ? `the provider setting ${setting}` : `${source} (the provider's ${setting})`} is ${JSON.stringify(value)}, which needs `
      + `Consul Enterprise: ${ceDescription(config.baseUrl, info)}. Set it to "default" or leave it unset.`,
  }));
}

async function knownEdition(client: ConsulClient, signal: AbortSignal | undefined): Promise<EditionInfo | undefined> {
  try {
    return await client.edition({ signal });
  } catch {
    return undefined;
  }
}
