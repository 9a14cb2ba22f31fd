import { IssueList, type Issue } from '../../issues';
import { checkOptionalDuration, checkOptionalString, checkPeerName, checkRequiredString } from '../../rules';
import { isUnknown } from '../../unknown';
import { isSealedToken, tokenFacts } from '../../token-text';
import { FINGERPRINT_META_KEY } from './schema';

/** Every problem in Peering arguments that would fail the apply (unknown values skipped). */
export function validatePeering(inputs: Record<string, unknown>): Issue[] {
  const issues = new IssueList();
  checkRequiredString(issues, ['peerName'], inputs['peerName']);
  checkPeerName(issues, ['peerName'], inputs['peerName']);
  checkRequiredString(issues, ['peeringToken'], inputs['peeringToken']);
  const token = inputs['peeringToken'];
  if (typeof token === 'string' && token !== '' && tokenFacts(token) === undefined) {
    issues.add('invalid_value', ['peeringToken'], isSealedToken(token)
      ? 'is a damaged sealed peering token (it was cut or edited)'
      : 'is not a Consul peering token (expected the base64 text a PeeringToken produces, or its sealed form)');
  }
  const meta = inputs['meta'];
  if (typeof meta === 'object' && meta !== null && !isUnknown(meta)) {
    const keys = Object.keys(meta);
    if (keys.includes(FINGERPRINT_META_KEY)) issues.add('invalid_value', ['meta', FINGERPRINT_META_KEY], 'is reserved: the provider keeps the token fingerprint there');
    if (keys.length === 64) issues.add('too_many', ['meta'], 'may hold at most 63 pairs here (Consul allows 64; one holds the token fingerprint)');
  }
  checkOptionalString(issues, ['partition'], inputs['partition']);
  const wait = inputs['waitForActive'];
  if (!isUnknown(wait) && wait !== undefined && typeof wait !== 'boolean') issues.add('invalid_type', ['waitForActive'], 'must be true or false');
  checkOptionalDuration(issues, ['activeTimeout'], inputs['activeTimeout']);
  return issues.issues;
}
