/** The framework-neutral core: the four resources and the contract the adapters build on. */
export * from './lifecycle';
export * from './issues';
export * from './schema';
export * from './unknown';
export { diffBySchema, sameValue } from './diff';
export { parseDuration, poll, type PollStep } from './wait';
export * from './resources/peering-token';
export * from './resources/peering';
export * from './resources/exported-services';
export * from './resources/service-intentions';
export { RESOURCES } from './registry';
export { renderResourceDoc, renderResourcesDoc, TERRAFORM_PROVIDER } from './docs';
export * from './permissions';
export { DEFAULT_BATCH_TIMING, PreflightBatcher, type BatchTiming } from './preflight-batcher';
export {
  isSealedToken, MIN_PASSPHRASE_LENGTH, openToken, PASSPHRASE_ENV, passphraseProblem, sealedInputIssues, sealToken, tokenFacts, TokenSealError, type TokenFacts,
} from './token-text';
