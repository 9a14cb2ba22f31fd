import { applyConfigEntry, readConfigEntryOrAbsent, type ConfigEntryRef } from '../../config-entry-driver';
import { diffBySchema } from '../../diff';
import { isIssue, parseImportParts } from '../../import-id';
import { inputsForApply, type DefinitionOf, type OperationContext } from '../../lifecycle';
import { parseServiceId, serviceEntryRef, serviceId, type ServiceScope } from '../../service-scope';
import { isEmptyServiceDefaultsView, mergeServiceDefaults, serviceDefaultsView, type OwnedServiceDefaults } from './merge';
import { serviceDefaultsSchema, type ServiceDefaultsArgs, type ServiceDefaultsInputs, type ServiceDefaultsState } from './schema';
import { checkServiceDefaults } from './validate';

// HTTP requests per operation (no check-and-set conflict; each conflict adds 1 GET + 1 PUT/DELETE, see the driver):
//   create  1 GET + 1 PUT              (only the GET when the entry already holds every setting)
//   read    1 GET
//   update  1 GET + 1 PUT              (only the GET when nothing changes in Consul)
//   delete  1 GET + 1 PUT              (1 GET + 1 DELETE when nothing is left in the entry)
// Invalid inputs fail before any request.

/** The service-defaults entry of a service; empty or `default` partition/namespace are never sent (Consul CE rejects them). */
export function serviceDefaultsRef(service: ServiceScope): ConfigEntryRef<'service-defaults'> {
  return serviceEntryRef('service-defaults', service);
}

/** `consulpeering_service_defaults` / `ServiceDefaults`: check, diff and CRUD against Consul. */
export const serviceDefaults: DefinitionOf<typeof serviceDefaultsSchema> = {
  schema: serviceDefaultsSchema,

  check: checkServiceDefaults,

  diff(state, inputs) {
    return diffBySchema(serviceDefaultsSchema, { ...state }, { ...inputs });
  },

  id(inputs) {
    return serviceId(inputs);
  },

  async create(context, raw) {
    const inputs = validInputs(raw);
    await write(context, inputs, {});
    return inputs;
  },

  async read(context, id, prior) {
    const service = { ...parseServiceId(id), ...scopeOf(prior ?? {}) };
    const entry = await readConfigEntryOrAbsent(context, serviceDefaultsRef(service));
    if (entry === undefined) return { gone: true, reason: `the service-defaults entry of ${JSON.stringify(service.name)} does not exist` };
    const owned = prior === undefined || Object.keys(ownedOf(prior)).length === 0 ? undefined : ownedOf(prior);
    const view = serviceDefaultsView(entry, owned);
    if (isEmptyServiceDefaultsView(view)) {
      return { gone: true, reason: `none of the settings of this resource remain in the service-defaults entry of ${JSON.stringify(service.name)} (removed outside it)` };
    }
    return { ...service, ...view };
  },

  async update(context, state, raw) {
    const inputs = validInputs(raw);
    await write(context, inputs, ownedOf(state));
    return inputs;
  },

  async delete(context, state) {
    await applyConfigEntry(context, serviceDefaultsRef(state), (current) => mergeServiceDefaults(current, state.name, ownedOf(state), {}));
  },

  permissions: (inputs, access) => [{ resource: 'service', segment: inputs.name, access, field: 'name' }],

  parseImportId(id) {
    const parts = parseImportParts(id, serviceDefaultsSchema.importIdForms);
    if (isIssue(parts)) return parts;
    return { id, prior: parseServiceId(id) };
  },
};

/** Name, partition and namespace of a state, as set. */
function scopeOf(state: Partial<ServiceDefaultsState>): Partial<Pick<ServiceDefaultsState, 'name' | 'partition' | 'namespace'>> {
  return {
    ...(state.name === undefined ? {} : { name: state.name }),
    ...(state.partition === undefined ? {} : { partition: state.partition }),
    ...(state.namespace === undefined ? {} : { namespace: state.namespace }),
  };
}

/** The settings and meta keys a state owns. */
function ownedOf(state: Partial<ServiceDefaultsState>): Partial<OwnedServiceDefaults> {
  const { name: _name, partition: _partition, namespace: _namespace, ...owned } = state;
  return owned;
}

/** Merges `inputs` into the service's entry, dropping what `owned` set that is no longer set. */
async function write(context: OperationContext, inputs: ServiceDefaultsInputs, owned: Partial<OwnedServiceDefaults>): Promise<void> {
  await applyConfigEntry(context, serviceDefaultsRef(inputs), (current) => mergeServiceDefaults(current, inputs.name, owned, ownedOf(inputs)));
}

function validInputs(raw: ServiceDefaultsArgs): ServiceDefaultsInputs {
  return inputsForApply(serviceDefaultsSchema.className, checkServiceDefaults, raw);
}
