import type { FieldSpec, ResourceSchema } from '../../schema';

/** One consumer of an exported service: exactly one of a peer, a partition or a sameness group. */
export interface ExportedServiceConsumer {
  /** Name of a local peering (the peer sees the service as imported). */
  readonly peer?: string | undefined;
  /** Admin partition of this cluster (Enterprise; CE stores it but it means nothing there). */
  readonly partition?: string | undefined;
  /** Sameness group (Enterprise). */
  readonly samenessGroup?: string | undefined;
}

/** One exported service and who may consume it. */
export interface ExportedService {
  /** Service name; `*` exports every service of the namespace. */
  readonly name: string;
  /** Namespace of the service (Enterprise; CE drops it). */
  readonly namespace?: string | undefined;
  readonly consumers: readonly ExportedServiceConsumer[];
}

/** Arguments of `consulpeering_exported_services` / `ExportedServices`. */
export interface ExportedServicesInputs {
  /** Partition whose exported-services entry is managed; the entry's Name (`default` on CE). */
  readonly partition: string;
  readonly services: readonly ExportedService[];
  /** Own the whole entry instead of only the listed (service, consumer) pairs. */
  readonly exclusive: boolean;
}

/** State of an ExportedServices resource: the pairs it owns (no computed attributes). */
export type ExportedServicesState = ExportedServicesInputs;

const optionalString = (description: string): FieldSpec => ({ type: { kind: 'string' }, mode: 'optional', description });

const consumerFields: Record<string, FieldSpec> = {
  peer: optionalString('Name of the local peering the service is exported to. Exactly one of `peer`, `partition` and `sameness_group` is set.'),
  partition: optionalString('Admin partition of this cluster the service is exported to (Enterprise).'),
  samenessGroup: optionalString('Sameness group the service is exported to (Enterprise).'),
};

const serviceFields: Record<string, FieldSpec> = {
  name: { type: { kind: 'string' }, mode: 'required', description: 'Name of the service to export; `*` exports every service.' },
  namespace: optionalString('Namespace of the service (Enterprise; Consul CE ignores it).'),
  consumers: {
    type: { kind: 'list', of: { kind: 'object', fields: consumerFields } },
    mode: 'required',
    description: 'Who may import the service: at least one consumer.',
  },
};

/** `consulpeering_exported_services` / `ExportedServices`: the schema every adapter derives its types from. */
export const exportedServicesSchema: ResourceSchema = {
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
      type: { kind: 'string' }, mode: 'optional', default: 'default', forcesReplacement: true,
      description: 'Admin partition whose exported-services entry is managed (the entry is named after it; `default` on Consul CE).',
    },
    services: {
      type: { kind: 'list', of: { kind: 'object', fields: serviceFields } },
      mode: 'required',
      description: 'Services to export, each with its consumers. Unless `exclusive`, services and consumers written by '
        + 'others into the same entry are left alone.',
    },
    exclusive: {
      type: { kind: 'bool' }, mode: 'optional', default: false,
      description: 'Own the whole exported-services entry: write exactly `services` (removing everything else) and delete '
        + 'the entry on destroy.',
    },
  },
  importIdForms: ['PARTITION'],
  example: {
    name: 'to_dc2', caption: 'export "web" and "api" to the peer "dc2"; other stacks\' services in the same entry are kept.',
    args: { services: [{ name: 'web', consumers: [{ peer: 'dc2' }] }, { name: 'api', consumers: [{ peer: 'dc2' }] }] },
  },
  updateNote: 'Changing `services` or `exclusive` updates the entry in place: pairs no longer listed are removed, new ones '
    + 'added, others\' pairs kept (unless exclusive). Changing `partition` replaces the resource.',
};
