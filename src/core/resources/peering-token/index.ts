export { peeringToken } from './lifecycle';
export { peeringTokenSchema, type PeeringTokenInputs, type PeeringTokenState } from './schema';
export { validatePeeringToken } from './validate';
