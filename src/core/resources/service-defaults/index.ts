/** ServiceDefaults: a service's protocol and mesh gateway mode in its service-defaults entry, shared through check-and-set merges. */
export { serviceDefaults, serviceDefaultsRef } from './lifecycle';
export { MESH_GATEWAY_MODES, SERVICE_PROTOCOLS, serviceDefaultsSchema, type ServiceDefaultsArgs, type ServiceDefaultsInputs, type ServiceDefaultsState } from './schema';
export { checkServiceDefaults, validateServiceDefaults } from './validate';
export { mergeServiceDefaults, serviceDefaultsView, type OwnedServiceDefaults } from './merge';
