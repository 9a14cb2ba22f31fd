export { peeringToken } from './lifecycle';
export { peeringTokenSchema, type PeeringTokenArgs, type PeeringTokenInputs, type PeeringTokenState } from './schema';
export { validatePeeringToken } from './validate';
