/** The framework-neutral core: the four resources and the contract the adapters build on. */
export * from './lifecycle';
export * from './issues';
export * from './schema';
export type { ArgsOf, InputsOf, ItemOf, StateOf, ValueOf } from './schema-types';
export { checkBySchema, schemaIssues } from './check';
export { CoreError, ERROR_CODES, errorMessage, type ErrorCode } from './errors';
export { field, joined, renderMessage, text, type FieldName, type MessageParts, type Spelling } from './message';
export { CONNECTION_SETTING_NAMES, PROVIDER_SETTINGS, settingFields, type ProviderSettingName, type SettingSpec } from './provider-settings';
export * from './unknown';
export { diffBySchema, sameValue } from './diff';
export { parseDuration, poll, type PollStep } from './wait';
export * from './resources/peering-token';
export * from './resources/peering';
export * from './resources/exported-services';
export * from './resources/service-intentions';
export * from './resources/mesh';
export * from './resources/service-defaults';
export * from './components/cluster-peering';
export * from './components/cluster-mesh';
export { COMPONENTS } from './components/registry';
export type { ComponentSchema } from './components/plan';
export { RESOURCES, resourceEntry, type ResourceClassName, type ResourceEntry } from './registry';
export { renderResourceDoc, renderResourcesDoc, TERRAFORM_PROVIDER } from './docs';
export { renderErrorsDoc, renderProviderSettingsDoc } from './docs-catalogue';
export type { ExampleValue, ResourceExample } from './docs-examples';
export * from './permissions';
export { PlanSession, planIssues } from './plan-session';
export { ceIssues, editionIssues, enterpriseValues, settingsEditionProblems, type EnterpriseValue, type SettingProblem } from './edition';
export { DEFAULT_BATCH_TIMING, PreflightBatcher, type BatchTiming } from './preflight-batcher';
export {
  isSealedToken, MIN_PASSPHRASE_LENGTH, openToken, PASSPHRASE_ENV, passphraseProblem, sealedInputIssues, sealToken, tokenFacts, TokenSealError, type TokenFacts,
} from './token-text';
