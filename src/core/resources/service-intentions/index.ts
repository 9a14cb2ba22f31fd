/** ServiceIntentions: one destination's service-intentions entry, shared by several owners through check-and-set merges. */
export { serviceIntentions, serviceIntentionsRef } from './lifecycle';
export {
  serviceIntentionsSchema, type ServiceIntentionsArgs, type ServiceIntentionsInputs, type ServiceIntentionsState, type IntentionSource, type IntentionPermission,
  type IntentionHttp, type IntentionHeader,
} from './schema';
export { checkServiceIntentions, validateServiceIntentions } from './validate';
export { mergeIntentions, intentionsView, sameIntentions, sourceKey, type IntentionsPlan, type OwnedIntentions } from './merge';
