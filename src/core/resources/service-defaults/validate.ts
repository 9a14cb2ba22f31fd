import { checkBySchema } from '../../check';
import { IssueList, type Issue } from '../../issues';
import type { CheckResult } from '../../lifecycle';
import { field, text } from '../../message';
import { checkOptionalString, checkRequiredString } from '../../rules';
import { isUnknown } from '../../unknown';
import { MESH_GATEWAY_MODES, SERVICE_PROTOCOLS, serviceDefaultsSchema, type ServiceDefaultsInputs } from './schema';

type Fields = Readonly<Record<string, unknown>>;

/** Applies defaults, drops nulls and validates; never throws, never calls Consul, skips unknown values. */
export function checkServiceDefaults(raw: Readonly<Record<string, unknown>>): CheckResult<ServiceDefaultsInputs> {
  return checkBySchema(serviceDefaultsSchema, raw, validateServiceDefaults);
}

/** Every problem Consul would reject (and a mesh gateway mode it would store but ignore), each with its attribute path. */
export function validateServiceDefaults(inputs: Fields): Issue[] {
  const issues = new IssueList();
  checkRequiredString(issues, ['name'], inputs['name']);
  for (const scope of ['partition', 'namespace', 'protocol'] as const) checkOptionalString(issues, [scope], inputs[scope]);
  const name = inputs['name'];
  if (typeof name === 'string' && name.includes('*')) issues.add('wildcard_not_allowed', ['name'], "must name one service, '*' is not allowed");
  const protocol = inputs['protocol'];
  if (typeof protocol === 'string' && !(SERVICE_PROTOCOLS as readonly string[]).includes(protocol)) {
    issues.add('invalid_value', ['protocol'], `must be one of ${SERVICE_PROTOCOLS.join(', ')} (lower case); got ${JSON.stringify(protocol)}`);
  }
  const gateway = inputs['meshGateway'];
  let mode: unknown;
  if (gateway !== undefined && !isUnknown(gateway)) {
    if (typeof gateway !== 'object' || gateway === null || Array.isArray(gateway)) issues.add('invalid_type', ['meshGateway'], 'must be an object');
    else mode = (gateway as Fields)['mode'];
  }
  checkOptionalString(issues, ['meshGateway', 'mode'], mode);
  if (typeof mode === 'string' && !(MESH_GATEWAY_MODES as readonly string[]).includes(mode)) {
    issues.add('invalid_value', ['meshGateway', 'mode'], `must be one of ${MESH_GATEWAY_MODES.join(', ')}; got ${JSON.stringify(mode)} (Consul would store it and ignore it)`);
  }
  const setsSomething = protocol !== undefined || mode !== undefined || isUnknown(gateway) || inputs['meta'] !== undefined;
  if (!setsSomething) issues.add('required', [], text`must set at least one of protocol, ${field('meshGateway')}.mode or meta`);
  return issues.issues;
}
