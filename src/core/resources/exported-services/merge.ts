import type { ExportedServicesEntry } from '../../../consul';
import { mergeOwnedMeta, ownedMetaView, wireMeta } from '../../owned-meta';
import type { ExportedService, ExportedServiceConsumer, ExportedServicesState } from './schema';
import { namespaceKey } from './validate';

// Pure translation between the resource's view (services → consumers) and Consul's exported-services entry,
// and the merge rules: a resource owns (service, consumer) pairs, never whole services of others.

/** One service of the wire entry. */
export type WireExportedService = NonNullable<ExportedServicesEntry['Services']>[number];
/** One consumer of the wire entry. */
export type WireExportedConsumer = NonNullable<WireExportedService['Consumers']>[number];

/** What a resource manages in the entry: its (service, consumer) pairs and meta keys. */
export type OwnedExports = Pick<ExportedServicesState, 'services' | 'meta'>;

/** What a merge is asked to do: what is wanted now, what was owned before, and whether the entry is owned whole. */
export interface ExportsPlan {
  readonly partition: string;
  readonly desired: OwnedExports;
  readonly owned: OwnedExports;
  readonly exclusive: boolean;
}

/** Identity of a service in the entry: name and namespace (unset, empty and `default` are one namespace). */
export function serviceKey(service: { readonly name: string; readonly namespace?: string | undefined }): string {
  return JSON.stringify([service.name, namespaceKey(service.namespace)]);
}

/** Identity of a consumer: its kind and value. */
export function consumerKey(consumer: ExportedServiceConsumer): string {
  if (nonEmpty(consumer.peer)) return JSON.stringify(['peer', consumer.peer]);
  if (nonEmpty(consumer.partition)) return JSON.stringify(['partition', consumer.partition]);
  if (nonEmpty(consumer.samenessGroup)) return JSON.stringify(['samenessGroup', consumer.samenessGroup]);
  return JSON.stringify(['none']);
}

/** The (service, consumer) pair keys a services list names. */
export function pairKeys(services: readonly ExportedService[]): Set<string> {
  const keys = new Set<string>();
  for (const service of services) for (const consumer of service.consumers) keys.add(pairKey(service, consumer));
  return keys;
}

/** A wire service in the resource's shape (empty keys omitted). */
export function fromWireService(service: WireExportedService): ExportedService {
  return {
    name: service.Name,
    ...(nonEmpty(service.Namespace) ? { namespace: service.Namespace } : {}),
    consumers: (service.Consumers ?? []).map(fromWireConsumer),
  };
}

/** A resource service in Consul's shape (empty keys omitted: CE rejects empty Namespace keys). */
export function toWireService(service: ExportedService): WireExportedService {
  return {
    Name: service.name,
    ...(nonEmpty(service.namespace) ? { Namespace: service.namespace } : {}),
    Consumers: service.consumers.map(toWireConsumer),
  };
}

/**
 * The entry to store: exclusive → exactly `desired`; shared → the stored entry minus the pairs owned before and no
 * longer desired, plus every desired pair; undefined when no service is left (the entry is deleted).
 */
export function mergeExports(current: ExportedServicesEntry | undefined, plan: ExportsPlan): ExportedServicesEntry | undefined {
  const { Services: _services, Meta: storedMeta, CreateIndex: _create, ModifyIndex: _modify, Hash: _hash, ...rest } = current ?? {};
  const base = { ...rest, Kind: 'exported-services' as const, Name: plan.partition };
  const { desired, owned } = plan;
  if (plan.exclusive) {
    return desired.services.length === 0 ? undefined : { ...base, ...wireMeta(desired.meta), Services: desired.services.map(toWireService) };
  }

  const wanted = pairKeys(desired.services);
  const drop = new Set([...pairKeys(owned.services)].filter((key) => !wanted.has(key)));
  const services: WireExportedService[] = [];
  for (const stored of current?.Services ?? []) {
    const view = fromWireService(stored);
    const consumers = (stored.Consumers ?? []).filter((consumer) => !drop.has(pairKey(view, fromWireConsumer(consumer))));
    const removedAll = consumers.length === 0 && (stored.Consumers ?? []).length > 0;
    if (!removedAll) services.push({ ...stored, Consumers: consumers });
  }
  for (const service of desired.services) {
    let target = services.find((stored) => serviceKey(fromWireService(stored)) === serviceKey(service));
    if (target === undefined) {
      target = { ...toWireService(service), Consumers: [] };
      services.push(target);
    }
    const present = new Set((target.Consumers ?? []).map((consumer) => consumerKey(fromWireConsumer(consumer))));
    const added = service.consumers.filter((consumer) => !present.has(consumerKey(consumer))).map(toWireConsumer);
    if (added.length > 0) target.Consumers = [...(target.Consumers ?? []), ...added];
  }
  return services.length === 0 ? undefined : { ...base, ...wireMeta(mergeOwnedMeta(storedMeta, owned.meta, desired.meta)), Services: services };
}

/**
 * The resource's view of the entry. Import (nothing owned yet): everything. Shared: the owned pairs still present;
 * exclusive: every pair (in the resource's own order and spelling when the pairs are the same).
 */
export function exportsView(entry: ExportedServicesEntry, owned: Partial<OwnedExports> | undefined, exclusive: boolean): OwnedExports {
  const mine = owned?.services;
  const meta = ownedMetaView(entry.Meta, owned?.meta, exclusive || mine === undefined);
  const withMeta = meta === undefined ? {} : { meta };
  if (!exclusive) return { services: ownedView(entry, mine), ...withMeta };
  const all = (entry.Services ?? []).map(fromWireService);
  return { services: mine !== undefined && samePairs(mine, all) ? mine : all, ...withMeta };
}

/**
 * What of `owned` is present in the entry, in `owned`'s order and spelling (services left without a present
 * consumer are dropped); `owned` undefined → everything in the entry (import).
 */
export function ownedView(entry: ExportedServicesEntry, owned: readonly ExportedService[] | undefined): ExportedService[] {
  const all = (entry.Services ?? []).map(fromWireService);
  if (owned === undefined) return all;
  const present = pairKeys(all);
  return owned
    .map((service) => ({ ...service, consumers: service.consumers.filter((consumer) => present.has(pairKey(service, consumer))) }))
    .filter((service) => service.consumers.length > 0);
}

/** True when both lists name the same (service, consumer) pairs. */
export function samePairs(a: readonly ExportedService[], b: readonly ExportedService[]): boolean {
  const left = pairKeys(a);
  const right = pairKeys(b);
  return left.size === right.size && [...left].every((key) => right.has(key));
}

function pairKey(service: ExportedService, consumer: ExportedServiceConsumer): string {
  return `${serviceKey(service)}\u0000${consumerKey(consumer)}`;
}

function fromWireConsumer(consumer: WireExportedConsumer): ExportedServiceConsumer {
  return {
    ...(nonEmpty(consumer.Peer) ? { peer: consumer.Peer } : {}),
    ...(nonEmpty(consumer.Partition) ? { partition: consumer.Partition } : {}),
    ...(nonEmpty(consumer.SamenessGroup) ? { samenessGroup: consumer.SamenessGroup } : {}),
  };
}

function toWireConsumer(consumer: ExportedServiceConsumer): WireExportedConsumer {
  return {
    ...(nonEmpty(consumer.peer) ? { Peer: consumer.peer } : {}),
    ...(nonEmpty(consumer.partition) ? { Partition: consumer.partition } : {}),
    ...(nonEmpty(consumer.samenessGroup) ? { SamenessGroup: consumer.samenessGroup } : {}),
  };
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
