import type { FieldSpec, ResourceSchema } from '../../schema';
import type { ArgsOf, InputsOf, ItemOf, StateOf } from '../../schema-types';

const optionalString = (description: string) => ({ type: { kind: 'string' }, mode: 'optional', description }) as const;
const enterpriseString = (description: string) => ({ ...optionalString(description), enterpriseOnly: true }) as const;

const consumerFields = {
  peer: optionalString('Name of the local peering the service is exported to. Exactly one of `peer`, `partition` and `sameness_group` is set.'),
  partition: enterpriseString('Admin partition of this cluster the service is exported to (Enterprise).'),
  samenessGroup: enterpriseString('Sameness group the service is exported to (Enterprise).'),
} as const satisfies Record<string, FieldSpec>;

const serviceFields = {
  name: { type: { kind: 'string' }, mode: 'required', description: 'Name of the service to export; `*` exports every service.' },
  namespace: enterpriseString('Namespace of the service (Enterprise; Consul CE ignores it).'),
  consumers: {
    type: { kind: 'list', of: { kind: 'object', fields: consumerFields } },
    mode: 'required',
    description: 'Who may import the service: at least one consumer.',
  },
} as const satisfies Record<string, FieldSpec>;

/** `consulpeering_exported_services` / `ExportedServices`: the schema every adapter derives its types from. */
export const exportedServicesSchema = {
  typeName: 'exported_services',
  className: 'ExportedServices',
  description: 'Exports services of one admin partition to peers (or partitions, sameness groups). Consul keeps one '
    + 'exported-services entry per partition: by default this resource owns only the (service, consumer) pairs it lists '
    + 'and merges them into that entry with check-and-set writes, so several stacks can export into one partition without '
    + 'overwriting each other; destroying it removes only its own pairs (and the entry when nothing is left). With '
    + '`exclusive = true` it owns the whole entry. Importing by `PARTITION` adopts every pair currently in the entry '
    + '(exclusive = false): a later apply that lists fewer pairs removes the others from Consul.',
  fields: {
    partition: {
      type: { kind: 'string' }, mode: 'optional', default: 'default', forcesReplacement: true, enterpriseOnly: true,
      description: 'Admin partition whose exported-services entry is managed (the entry is named after it; `default` on Consul CE).',
    },
    services: {
      type: { kind: 'list', of: { kind: 'object', fields: serviceFields } },
      mode: 'required',
      description: 'Services to export, each with its consumers. Unless `exclusive`, services and consumers written by '
        + 'others into the same entry are left alone.',
    },
    meta: {
      type: { kind: 'map', limits: 'config-entry-meta' }, mode: 'optional',
      description: 'Meta of the exported-services entry; unless `exclusive`, only these keys are managed (others\' keys are kept).',
    },
    exclusive: {
      type: { kind: 'bool' }, mode: 'optional', default: false,
      description: 'Own the whole exported-services entry: write exactly `services` and `meta` (removing everything else) and delete '
        + 'the entry on destroy.',
    },
  },
  importIdForms: ['PARTITION'],
  example: {
    name: 'to_dc2', caption: 'export "web" and "api" to the peer "dc2"; other stacks\' services in the same entry are kept.',
    args: { services: [{ name: 'web', consumers: [{ peer: 'dc2' }] }, { name: 'api', consumers: [{ peer: 'dc2' }] }] },
  },
  updateNote: 'Changing `services`, `meta` or `exclusive` updates the entry in place: pairs no longer listed are removed, new ones '
    + 'added, others\' pairs kept (unless exclusive). Changing `partition` replaces the resource.',
} as const satisfies ResourceSchema;

/** Arguments of `consulpeering_exported_services` / `ExportedServices` as a user writes them. */
export type ExportedServicesArgs = ArgsOf<typeof exportedServicesSchema.fields>;
/** Arguments after `check` (`partition` and `exclusive` defaulted). */
export type ExportedServicesInputs = InputsOf<typeof exportedServicesSchema.fields>;
/** State of an ExportedServices resource: the pairs it owns (no computed attributes). */
export type ExportedServicesState = StateOf<typeof exportedServicesSchema.fields>;
/** One exported service and who may consume it. */
export type ExportedService = ItemOf<typeof exportedServicesSchema.fields, 'services'>;
/** One consumer of an exported service: exactly one of a peer, a partition or a sameness group. */
export type ExportedServiceConsumer = ExportedService['consumers'][number];
