export { peering } from './lifecycle';
export { peeringSchema, type PeeringInputs, type PeeringState } from './schema';
export { validatePeering } from './validate';
