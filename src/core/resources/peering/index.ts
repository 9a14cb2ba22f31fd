export { peering, tokenChanges } from './lifecycle';
export { peeringStateFromConsul } from './state';
export { isGonePeering } from '../peering-shared';
export { FINGERPRINT_META_KEY, peeringSchema, type PeeringArgs, type PeeringInputs, type PeeringState } from './schema';
export { validatePeering } from './validate';
