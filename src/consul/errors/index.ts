import { ConsulHttpError } from './consul-http-error';

export { ConsulError } from './consul-error';
export { ConsulHttpError, type ConsulHttpErrorDetails } from './consul-http-error';
export { ConsulNetworkError } from './consul-network-error';
export { ConsulTimeoutError } from './consul-timeout-error';
export { ConsulAbortedError } from './consul-aborted-error';
export { ConsulResponseError } from './consul-response-error';
export { ConsulConfigError } from './consul-config-error';
export { ConsulEditionError } from './consul-edition-error';

/** True when `error` is Consul's 404: the peering or config entry does not exist. */
export function isNotFound(error: unknown): boolean {
  return ConsulHttpError.isConsulHttpError(error) && error.isNotFound();
}

/** True when `error` is an ACL denial (missing permission or unknown token). */
export function isPermissionDenied(error: unknown): boolean {
  return ConsulHttpError.isConsulHttpError(error) && error.isPermissionDenied();
}
