// The sameness-group config entry as Consul CE has it: decoded like any entry (so decoding errors come first),
// then refused by Validate ("an enterprise-only feature"). Exported-services consumers and intention sources
// may name a sameness group; on CE those are refused too (see their kinds).
import { bool, enterpriseMeta, f, hashField, raftIndexField, slice, str, stringMap, struct } from './schema';
import type { KindSpec } from './types';

const member = struct('SamenessGroupMember', [f('Partition', str(), 'omitempty'), f('Peer', str(), 'omitempty')]);

const samenessGroupEntry = struct('SamenessGroupConfigEntry', [
  f('Name', str()),
  f('DefaultForFailover', bool, 'omitempty', { aliases: ['default_for_failover'] }),
  f('IncludeLocal', bool, 'omitempty', { aliases: ['include_local'] }),
  f('Members', slice(member)),
  f('Meta', stringMap, 'omitempty'),
  hashField,
  enterpriseMeta,
  raftIndexField,
]);

/** sameness-group on CE: decoded, then always refused. */
export const samenessGroupSpec: KindSpec = {
  kind: 'sameness-group',
  type: samenessGroupEntry,
  kindFirst: true,
  normalize: () => null,
  validate: () => 'sameness-groups are an enterprise-only feature',
};
