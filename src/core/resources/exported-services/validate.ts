import { IssueList, type Issue } from '../../issues';
import { checkBySchema } from '../../check';
import type { CheckResult } from '../../lifecycle';
import { field, joined, text } from '../../message';
import { checkOptionalString, checkPeerName, checkRequiredString, listItems } from '../../rules';
import { isUnknown } from '../../unknown';
import { exportedServicesSchema, type ExportedServicesInputs } from './schema';

type Path = readonly (string | number)[];
type Fields = Readonly<Record<string, unknown>>;

const CONSUMER_KINDS = ['peer', 'partition', 'samenessGroup'] as const;

/** Applies defaults, drops nulls and validates; never throws, never calls Consul, skips unknown values. */
export function checkExportedServices(raw: Readonly<Record<string, unknown>>): CheckResult<ExportedServicesInputs> {
  return checkBySchema(exportedServicesSchema, raw, validateExportedServices);
}

/** Every problem Consul would reject (and a few it accepts but that mean nothing), each with its attribute path. */
export function validateExportedServices(inputs: Fields): Issue[] {
  const issues = new IssueList();
  checkRequiredString(issues, ['partition'], inputs['partition']);
  if (typeof inputs['partition'] === 'string' && inputs['partition'].includes('*')) {
    issues.add('wildcard_not_allowed', ['partition'], "must name one partition, '*' is not allowed");
  }
  const exclusive = inputs['exclusive'];
  if (exclusive !== undefined && !isUnknown(exclusive) && typeof exclusive !== 'boolean') issues.add('invalid_type', ['exclusive'], 'must be true or false');
  const services = listItems(issues, ['services'], inputs['services']);
  if (inputs['services'] === undefined || (Array.isArray(inputs['services']) && services.length === 0)) {
    issues.add('required', ['services'], 'must list at least one service');
  }
  const seen = new Map<string, number>();
  services.forEach((service, index) => checkService(issues, ['services', index], service, seen));
  return issues.issues;
}

function checkService(issues: IssueList, path: Path, service: unknown, seen: Map<string, number>): void {
  if (isUnknown(service)) return;
  if (!isFields(service)) {
    issues.add('invalid_type', path, 'must be an object with name, namespace and consumers');
    return;
  }
  const { name, namespace } = service;
  checkRequiredString(issues, [...path, 'name'], name);
  checkOptionalString(issues, [...path, 'namespace'], namespace);
  if (typeof name === 'string' && name !== '*' && name.includes('*')) {
    issues.add('wildcard_not_allowed', [...path, 'name'], `'*' must be the whole name (every service), not part of it; got ${JSON.stringify(name)}`);
  }
  if (typeof namespace === 'string' && namespace !== '*' && namespace.includes('*')) {
    issues.add('wildcard_not_allowed', [...path, 'namespace'], `'*' must be the whole namespace, not part of it; got ${JSON.stringify(namespace)}`);
  } else if (namespace === '*' && typeof name === 'string' && name !== '*') {
    issues.add('invalid_value', [...path, 'namespace'], "the wildcard namespace '*' needs the wildcard service name '*'");
  }
  if (typeof name === 'string' && name !== '' && !isUnknown(namespace)) {
    const key = JSON.stringify([name, namespaceKey(namespace)]);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, path[1] as number);
    else issues.add('duplicate', [...path, 'name'], `service ${JSON.stringify(name)} is already listed at services[${first}]; list it once with all its consumers`);
  }
  const consumers = listItems(issues, [...path, 'consumers'], service['consumers']);
  if (service['consumers'] === undefined || (Array.isArray(service['consumers']) && consumers.length === 0)) {
    issues.add('required', [...path, 'consumers'], 'must list at least one consumer');
  }
  const seenConsumers = new Map<string, number>();
  consumers.forEach((consumer, index) => checkConsumer(issues, [...path, 'consumers', index], consumer, seenConsumers));
}

function checkConsumer(issues: IssueList, path: Path, consumer: unknown, seen: Map<string, number>): void {
  if (isUnknown(consumer)) return;
  if (!isFields(consumer)) {
    issues.add('invalid_type', path, text`must be an object with one of peer, partition or ${field('samenessGroup')}`);
    return;
  }
  for (const kind of CONSUMER_KINDS) checkOptionalString(issues, [...path, kind], consumer[kind]);
  const { peer, partition, samenessGroup } = consumer;
  if (typeof peer === 'string' && peer.includes('*')) {
    issues.add('wildcard_not_allowed', [...path, 'peer'], "exporting to all peers ('*') is not supported by Consul; name each peer");
  } else if (typeof peer === 'string' && peer !== '') {
    checkPeerName(issues, [...path, 'peer'], peer);
  }
  if (typeof partition === 'string' && partition.includes('*')) {
    issues.add('wildcard_not_allowed', [...path, 'partition'], "exporting to all partitions ('*') is not supported by Consul; name each partition");
  }
  if (typeof samenessGroup === 'string' && samenessGroup.includes('*')) {
    issues.add('wildcard_not_allowed', [...path, 'samenessGroup'], "'*' is not allowed; name one sameness group");
  }
  const set = CONSUMER_KINDS.filter((kind) => typeof consumer[kind] === 'string' && consumer[kind] !== '');
  const unknown = CONSUMER_KINDS.some((kind) => isUnknown(consumer[kind]));
  if (set.length > 1) {
    issues.add('conflicting_fields', path, [...text`must set exactly one of peer, partition or ${field('samenessGroup')}, got `, ...joined(set.map(field), ' and ')]);
  } else if (set.length === 0 && !unknown) {
    issues.add('required', path, text`must set one of peer, partition or ${field('samenessGroup')} (a consumer without any exports to nobody)`);
  } else if (set.length === 1 && !unknown) {
    const kind = set[0] as (typeof CONSUMER_KINDS)[number];
    const key = JSON.stringify([kind, consumer[kind]]);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, path[path.length - 1] as number);
    else issues.add('duplicate', [...path, kind], text`${field(kind)} ${JSON.stringify(consumer[kind])} is already listed at consumers[${first}]`);
  }
}

/** Namespace as Consul compares it: unset, empty and `default` are the same namespace. */
export function namespaceKey(namespace: unknown): string {
  return namespace === undefined || namespace === null || namespace === '' || namespace === 'default' ? '' : String(namespace);
}


function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
