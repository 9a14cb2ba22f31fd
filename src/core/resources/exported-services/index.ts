/** ExportedServices: one partition's exported-services entry, shared by several owners through check-and-set merges. */
export { exportedServices, exportedServicesRef } from './lifecycle';
export {
  exportedServicesSchema, type ExportedServicesArgs, type ExportedServicesInputs, type ExportedServicesState, type ExportedService, type ExportedServiceConsumer,
} from './schema';
export { checkExportedServices, validateExportedServices } from './validate';
export { exportsView, mergeExports, ownedView, samePairs, type ExportsPlan, type OwnedExports } from './merge';
