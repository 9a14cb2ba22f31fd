// The exported-services config entry (CE): one entry named "default" listing services and the peers
// (or partitions) they are exported to.
import { multiError } from './go-text';
import { metaProblems } from './meta';
import { enterpriseMeta, f, hashField, raftIndexField, slice, str, stringMap, struct } from './schema';
import type { GoStruct, KindSpec } from './types';

const serviceConsumer = struct('ServiceConsumer', [
  f('Partition', str(), 'omitempty'),
  f('Peer', str(), 'omitempty', { aliases: ['peer_name'] }),
  f('SamenessGroup', str(), 'omitempty', { aliases: ['sameness_group'] }),
]);

const exportedService = struct('ExportedService', [
  f('Name', str()),
  f('Namespace', str(), 'omitempty'),
  f('Consumers', slice(serviceConsumer), 'omitempty'),
]);

const exportedServicesEntry = struct('ExportedServicesConfigEntry', [
  f('Name', str()),
  f('Services', slice(exportedService), 'omitempty'),
  f('Meta', stringMap, 'omitempty'),
  hashField,
  enterpriseMeta,
  raftIndexField,
]);

function services(entry: GoStruct): GoStruct[] {
  return Array.isArray(entry['Services']) ? (entry['Services'] as GoStruct[]) : [];
}

function consumers(service: GoStruct): GoStruct[] {
  return Array.isArray(service['Consumers']) ? (service['Consumers'] as GoStruct[]) : [];
}

function validateServices(entry: GoStruct): string | null {
  const list = services(entry);
  for (let i = 0; i < list.length; i++) {
    const svc = list[i] as GoStruct;
    const name = svc['Name'] as string;
    if (name === '') return `Services[${i}]: service name cannot be empty`;
    if (svc['Namespace'] === '*' && name !== '*') return `Services[${i}]: service name must be wildcard if namespace is wildcard`;
    const cs = consumers(svc);
    if (cs.length === 0) return `Services[${i}]: must have at least one consumer`;
    for (let j = 0; j < cs.length; j++) {
      const c = cs[j] as GoStruct;
      const set = ['Peer', 'Partition', 'SamenessGroup'].filter((k) => c[k] !== '').length;
      const at = `Services[${i}].Consumers[${j}]`;
      if (set > 1) return `${at}: must define at most one of Peer, Partition, or SamenessGroup`;
      if (c['Partition'] === '*') return `${at}: exporting to all partitions (wildcard) is not supported`;
      if (c['Peer'] === '*') return `${at}: exporting to all peers (wildcard) is not supported`;
    }
  }
  return null;
}

/** exported-services: decoding schema, CE normalisation (service namespaces dropped) and validation. */
export const exportedServicesSpec: KindSpec = {
  kind: 'exported-services',
  type: exportedServicesEntry,
  kindFirst: true,
  normalize(entry) {
    for (const svc of services(entry)) svc['Namespace'] = '';
    return null;
  },
  validate(entry) {
    if (entry['Name'] !== 'default') return 'exported-services Name must be "default"';
    const meta = metaProblems(entry['Meta']);
    if (meta.length > 0) return multiError(meta);
    const list = services(entry);
    for (let i = 0; i < list.length; i++) {
      const cs = consumers(list[i] as GoStruct);
      for (let j = 0; j < cs.length; j++) {
        if ((cs[j] as GoStruct)['SamenessGroup'] !== '') {
          return `Services[${i}].Consumers[${j}]: sameness-groups are an enterprise-only feature`;
        }
      }
    }
    return validateServices(entry);
  },
};
