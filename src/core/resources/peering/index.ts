export { peering, peeringStateFromConsul } from './lifecycle';
export { isGonePeering } from '../peering-shared';
export { peeringSchema, type PeeringInputs, type PeeringState } from './schema';
export { validatePeering } from './validate';
