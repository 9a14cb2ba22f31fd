import { applyConfigEntry, readConfigEntryOrAbsent, type ConfigEntryRef } from '../../config-entry-driver';
import { diffBySchema } from '../../diff';
import { parseImportParts, isIssue } from '../../import-id';
import { inputsForApply, type DefinitionOf, type Gone, type OperationContext } from '../../lifecycle';
import { exportsView, mergeExports, type OwnedExports } from './merge';
import { exportedServicesSchema, type ExportedServicesArgs, type ExportedServicesInputs } from './schema';
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
export const exportedServices: DefinitionOf<typeof exportedServicesSchema> = {
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
    await write(context, inputs, NOTHING_OWNED);
    return inputs;
  },

  async read(context, id, prior) {
    const partition = prior?.partition ?? id;
    const exclusive = prior?.exclusive ?? false;
    const entry = await readConfigEntryOrAbsent(context, exportedServicesRef(partition));
    if (entry === undefined) return gone(`the exported-services entry of partition ${JSON.stringify(partition)} does not exist`);
    const view = exportsView(entry, prior, exclusive);
    if (view.services.length === 0) {
      return gone(`none of the exports of this resource remain in the exported-services entry of partition ${JSON.stringify(partition)} (removed outside it)`);
    }
    return { partition, exclusive, ...view };
  },

  async update(context, state, raw) {
    const inputs = validInputs(raw);
    await write(context, inputs, state);
    return inputs;
  },

  async delete(context, state) {
    const ref = exportedServicesRef(state.partition);
    const plan = { partition: state.partition, desired: NOTHING_OWNED, owned: state, exclusive: state.exclusive };
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

/** What a resource owns before its first write. */
const NOTHING_OWNED: OwnedExports = { services: [] };

/** Merges `inputs` into the partition's entry, dropping what `owned` held that is no longer listed. */
async function write(context: OperationContext, inputs: ExportedServicesInputs, owned: OwnedExports): Promise<void> {
  const plan = { partition: inputs.partition, desired: inputs, owned, exclusive: inputs.exclusive };
  await applyConfigEntry(context, exportedServicesRef(inputs.partition), (current) => mergeExports(current, plan));
}

function validInputs(raw: ExportedServicesArgs): ExportedServicesInputs {
  return inputsForApply(exportedServicesSchema.className, checkExportedServices, raw);
}

function gone(reason: string): Gone {
  return { gone: true, reason };
}
