import { applyConfigEntry, readConfigEntryOrAbsent, type ConfigEntryRef } from '../../config-entry-driver';
import { diffBySchema } from '../../diff';
import { parseImportParts, isIssue } from '../../import-id';
import { inputsForApply, type Gone, type OperationContext, type ResourceDefinition } from '../../lifecycle';
import { mergeExports, ownedView, samePairs, fromWireService } from './merge';
import { exportedServicesSchema, type ExportedService, type ExportedServicesInputs, type ExportedServicesState } from './schema';
import { checkExportedServices } from './validate';

// HTTP requests per operation (no check-and-set conflict; each conflict adds 1 GET + 1 PUT/DELETE, see the driver):
//   create  1 GET + 1 PUT              (only the GET when the entry already holds every pair)
//   read    1 GET
//   update  1 GET + 1 PUT              (only the GET when nothing changes in Consul)
//   delete  1 GET + 1 PUT              (1 GET + 1 DELETE when no pair is left, or when exclusive)
// Invalid inputs fail before any request.

/** The exported-services entry of a partition; `default` is never sent as `?partition=` (Consul CE rejects it). */
export function exportedServicesRef(partition: string): ConfigEntryRef<'exported-services'> {
  return { kind: 'exported-services', name: partition, partition: partition === 'default' ? '' : partition, namespace: '' };
}

/** `consulpeering_exported_services` / `ExportedServices`: check, diff and CRUD against Consul. */
export const exportedServices: ResourceDefinition<ExportedServicesInputs, ExportedServicesState> = {
  schema: exportedServicesSchema,

  check: checkExportedServices,

  diff(state, inputs) {
    return diffBySchema(exportedServicesSchema, { ...state }, { ...inputs });
  },

  id(inputs) {
    return inputs.partition;
  },

  async create(context, raw) {
    const inputs = validInputs(raw);
    await write(context, inputs, []);
    return inputs;
  },

  async read(context, id, prior) {
    const partition = prior?.partition ?? id;
    const exclusive = prior?.exclusive ?? false;
    const entry = await readConfigEntryOrAbsent(context, exportedServicesRef(partition));
    if (entry === undefined) return gone(`the exported-services entry of partition ${JSON.stringify(partition)} does not exist`);
    let services: readonly ExportedService[];
    if (exclusive) {
      const all = (entry.Services ?? []).map(fromWireService);
      services = prior?.services !== undefined && samePairs(prior.services, all) ? prior.services : all;
    } else {
      services = ownedView(entry, prior?.services);
    }
    if (services.length === 0) {
      return gone(`none of the exports of this resource remain in the exported-services entry of partition ${JSON.stringify(partition)} (removed outside it)`);
    }
    return { partition, services, exclusive };
  },

  async update(context, state, raw) {
    const inputs = validInputs(raw);
    await write(context, inputs, state.services);
    return inputs;
  },

  async delete(context, state) {
    const ref = exportedServicesRef(state.partition);
    const plan = { partition: state.partition, desired: [], owned: state.services, exclusive: state.exclusive };
    await applyConfigEntry(context, ref, (current) => mergeExports(current, plan));
  },

  permissions: (_inputs, access) => [{ resource: 'mesh', access, field: 'services' }],

  parseImportId(id) {
    const parts = parseImportParts(id, exportedServicesSchema.importIdForms);
    if (isIssue(parts)) return parts;
    const [partition = id] = parts;
    return { id: partition, prior: { partition, exclusive: false } };
  },
};

/** Merges `inputs` into the partition's entry, dropping the pairs of `owned` that are no longer listed. */
async function write(context: OperationContext, inputs: ExportedServicesInputs, owned: readonly ExportedService[]): Promise<void> {
  const plan = { partition: inputs.partition, desired: inputs.services, owned, exclusive: inputs.exclusive };
  await applyConfigEntry(context, exportedServicesRef(inputs.partition), (current) => mergeExports(current, plan));
}

function validInputs(raw: ExportedServicesInputs): ExportedServicesInputs {
  return inputsForApply(exportedServicesSchema.className, checkExportedServices, raw);
}

function gone(reason: string): Gone {
  return { gone: true, reason };
}
