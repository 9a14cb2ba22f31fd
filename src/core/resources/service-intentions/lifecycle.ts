import { applyConfigEntry, readConfigEntryOrAbsent, type ConfigEntryRef } from '../../config-entry-driver';
import { diffBySchema } from '../../diff';
import { isIssue, parseImportParts } from '../../import-id';
import { inputsForApply, type DefinitionOf, type Gone, type OperationContext } from '../../lifecycle';
import { parseServiceId, serviceEntryRef, serviceId, type ServiceScope } from '../../service-scope';
import { intentionsView, mergeIntentions, precedenceByKey, sameIntentions, sourceKey, type OwnedIntentions } from './merge';
import { serviceIntentionsSchema, type ServiceIntentionsArgs, type ServiceIntentionsInputs, type ServiceIntentionsState } from './schema';
import { checkServiceIntentions } from './validate';

// HTTP requests per operation (no check-and-set conflict; each conflict adds 1 GET + 1 PUT/DELETE, see the driver):
//   create  1 GET + 1 PUT + 1 GET   (the last GET reads back Consul's precedence; only 1 GET when nothing changes)
//   read    1 GET
//   update  1 GET + 1 PUT + 1 GET   (only 1 GET when nothing changes in Consul)
//   delete  1 GET + 1 PUT           (1 GET + 1 DELETE when no source is left, or when exclusive)
// Invalid inputs fail before any request.

/** The service-intentions entry of a destination; empty or `default` partition/namespace are never sent (CE rejects them). */
export function serviceIntentionsRef(destination: ServiceScope): ConfigEntryRef<'service-intentions'> {
  return serviceEntryRef('service-intentions', destination);
}

/** `consulpeering_service_intentions` / `ServiceIntentions`: check, diff and CRUD against Consul. */
export const serviceIntentions: DefinitionOf<typeof serviceIntentionsSchema> = {
  schema: serviceIntentionsSchema,

  check: checkServiceIntentions,

  diff(state, inputs) {
    return diffBySchema(serviceIntentionsSchema, comparable(state), comparable(inputs));
  },

  id(inputs) {
    return serviceId(inputs);
  },

  async create(context, raw) {
    return write(context, validInputs(raw), { sources: [] });
  },

  async read(context, id, prior) {
    const fromId = parseServiceId(id);
    const destination = {
      name: prior?.name ?? fromId.name,
      partition: prior?.partition ?? fromId.partition,
      namespace: prior?.namespace ?? fromId.namespace,
    };
    const exclusive = prior?.exclusive ?? false;
    const entry = await readConfigEntryOrAbsent(context, serviceIntentionsRef(destination));
    if (entry === undefined) return gone(`the service-intentions entry of ${JSON.stringify(destination.name)} does not exist`);
    const owned = {
      ...(prior?.sources === undefined ? {} : { sources: prior.sources }), ...(prior?.meta === undefined ? {} : { meta: prior.meta }),
      ...(prior?.jwt === undefined ? {} : { jwt: prior.jwt }),
    };
    const view = intentionsView(entry, owned, exclusive, destination);
    if (view.sources.length === 0) {
      return gone(`none of the sources of this resource remain in the service-intentions entry of ${JSON.stringify(destination.name)} (removed outside it)`);
    }
    return {
      name: destination.name,
      ...(destination.partition === undefined ? {} : { partition: destination.partition }),
      ...(destination.namespace === undefined ? {} : { namespace: destination.namespace }),
      ...(view.meta === undefined ? {} : { meta: view.meta }),
      ...(view.jwt === undefined ? {} : { jwt: view.jwt }),
      sources: view.sources,
      exclusive,
    };
  },

  async update(context, state, raw) {
    return write(context, validInputs(raw), { sources: state.sources, meta: state.meta, jwt: state.jwt });
  },

  async delete(context, state) {
    const owned = { sources: state.sources, meta: state.meta, jwt: state.jwt };
    const plan = { ...destinationOf(state), desired: { sources: [] }, owned, exclusive: state.exclusive };
    await applyConfigEntry(context, serviceIntentionsRef(state), (current) => mergeIntentions(current, plan), { same: sameIntentions });
  },

  permissions: (inputs, access) => [{ resource: 'intention', segment: inputs.name, access, field: 'name' }],

  parseImportId(id) {
    const parts = parseImportParts(id, serviceIntentionsSchema.importIdForms);
    if (isIssue(parts)) return parts;
    const { name, partition, namespace } = parseServiceId(id);
    return {
      id,
      prior: { name, ...(partition === undefined ? {} : { partition }), ...(namespace === undefined ? {} : { namespace }), exclusive: false },
    };
  },
};

/** Merges `inputs` into the destination's entry (dropping what `owned` had and `inputs` no longer lists); precedence read back. */
async function write(context: OperationContext, inputs: ServiceIntentionsInputs, owned: OwnedIntentions): Promise<ServiceIntentionsState> {
  const desired = { sources: inputs.sources, meta: inputs.meta, jwt: inputs.jwt };
  const plan = { ...destinationOf(inputs), desired, owned, exclusive: inputs.exclusive };
  const outcome = await applyConfigEntry(context, serviceIntentionsRef(inputs), (current) => mergeIntentions(current, plan), {
    same: sameIntentions, readBack: true,
  });
  const precedence = precedenceByKey(outcome.entry, inputs);
  return {
    ...inputs,
    sources: inputs.sources.map((source) => {
      const value = precedence.get(sourceKey(source, inputs));
      return value === undefined ? source : { ...source, precedence: value };
    }),
  };
}

function destinationOf(inputs: Pick<ServiceIntentionsInputs, 'name' | 'partition' | 'namespace'>) {
  return { name: inputs.name, partition: inputs.partition, namespace: inputs.namespace };
}

/** State/inputs for comparison: unset, empty and `default` partition/namespace alike (precedence is computed). */
function comparable(value: ServiceIntentionsArgs): Record<string, unknown> {
  const scope = (item: unknown): unknown => (item === '' || item === 'default' ? undefined : item);
  return { ...value, partition: scope(value.partition), namespace: scope(value.namespace) };
}

function validInputs(raw: ServiceIntentionsArgs): ServiceIntentionsInputs {
  return inputsForApply(serviceIntentionsSchema.className, checkServiceIntentions, raw);
}

function gone(reason: string): Gone {
  return { gone: true, reason };
}
