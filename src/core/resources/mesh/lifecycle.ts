import { applyConfigEntry, readConfigEntryOrAbsent, type ConfigEntryRef } from '../../config-entry-driver';
import { diffBySchema } from '../../diff';
import { isIssue, parseImportParts } from '../../import-id';
import { inputsForApply, type DefinitionOf, type OperationContext } from '../../lifecycle';
import { isEmptyView, meshView, mergeMesh, type OwnedMesh } from './merge';
import { meshSchema, type MeshArgs, type MeshInputs, type MeshState } from './schema';
import { checkMesh } from './validate';

// HTTP requests per operation (no check-and-set conflict; each conflict adds 1 GET + 1 PUT/DELETE, see the driver):
//   create  1 GET + 1 PUT              (only the GET when the entry already holds every setting)
//   read    1 GET
//   update  1 GET + 1 PUT              (only the GET when nothing changes in Consul)
//   delete  1 GET + 1 PUT              (1 GET + 1 DELETE when nothing is left in the entry)
// Invalid inputs fail before any request.

/** The mesh entry of a partition (Consul names it `mesh`); `default` is never sent as `?partition=` (Consul CE rejects it). */
export function meshRef(partition: string): ConfigEntryRef<'mesh'> {
  return { kind: 'mesh', name: 'mesh', partition: partition === 'default' ? '' : partition, namespace: '' };
}

/** `consulpeering_mesh` / `Mesh`: check, diff and CRUD against Consul. */
export const mesh: DefinitionOf<typeof meshSchema> = {
  schema: meshSchema,

  check: checkMesh,

  diff(state, inputs) {
    return diffBySchema(meshSchema, { ...state }, { ...inputs });
  },

  id(inputs) {
    return inputs.partition;
  },

  async create(context, raw) {
    const inputs = validInputs(raw);
    await write(context, inputs, {});
    return inputs;
  },

  async read(context, id, prior) {
    const partition = prior?.partition ?? id;
    const entry = await readConfigEntryOrAbsent(context, meshRef(partition));
    if (entry === undefined) return { gone: true, reason: `the mesh entry of partition ${JSON.stringify(partition)} does not exist` };
    const owned = prior === undefined || isImport(prior) ? undefined : ownedOf(prior);
    const view = meshView(entry, owned);
    if (isEmptyView(view)) {
      return { gone: true, reason: `none of the settings of this resource remain in the mesh entry of partition ${JSON.stringify(partition)} (removed outside it)` };
    }
    return { partition, ...view };
  },

  async update(context, state, raw) {
    const inputs = validInputs(raw);
    await write(context, inputs, ownedOf(state));
    return inputs;
  },

  async delete(context, state) {
    await applyConfigEntry(context, meshRef(state.partition), (current) => mergeMesh(current, ownedOf(state), {}));
  },

  permissions: (_inputs, access) => [{ resource: 'mesh', access, field: 'peering' }],

  parseImportId(id) {
    const parts = parseImportParts(id, meshSchema.importIdForms);
    if (isIssue(parts)) return parts;
    const [partition = id] = parts;
    return { id: partition, prior: { partition } };
  },
};

/** The settings and meta keys a state owns. */
function ownedOf(state: Partial<MeshState>): Partial<OwnedMesh> {
  const { partition: _partition, ...owned } = state;
  return owned;
}

/** An import's prior state names only the partition: every setting in the entry is adopted. */
function isImport(prior: Partial<MeshState>): boolean {
  return Object.keys(ownedOf(prior)).length === 0;
}

/** Merges `inputs` into the partition's mesh entry, dropping what `owned` set that is no longer set. */
async function write(context: OperationContext, inputs: MeshInputs, owned: Partial<OwnedMesh>): Promise<void> {
  await applyConfigEntry(context, meshRef(inputs.partition), (current) => mergeMesh(current, owned, ownedOf(inputs)));
}

function validInputs(raw: MeshArgs): MeshInputs {
  return inputsForApply(meshSchema.className, checkMesh, raw);
}
