import { IssueList, type Issue } from '../../issues';
import { checkMeta, checkOptionalString, checkPeerName, checkRequiredString } from '../../rules';
import { isUnknown } from '../../unknown';
import { parseDuration } from '../../wait';

/** Every problem in Peering arguments that would fail the apply (unknown values skipped). */
export function validatePeering(inputs: Record<string, unknown>): Issue[] {
  const issues = new IssueList();
  checkRequiredString(issues, ['peerName'], inputs['peerName']);
  checkPeerName(issues, ['peerName'], inputs['peerName']);
  checkRequiredString(issues, ['peeringToken'], inputs['peeringToken']);
  const token = inputs['peeringToken'];
  if (typeof token === 'string' && token !== '' && !looksLikeToken(token)) {
    issues.add('invalid_value', ['peeringToken'], 'is not a Consul peering token (expected the base64 text a PeeringToken produces)');
  }
  checkMeta(issues, ['meta'], inputs['meta']);
  checkOptionalString(issues, ['partition'], inputs['partition']);
  const wait = inputs['waitForActive'];
  if (!isUnknown(wait) && wait !== undefined && typeof wait !== 'boolean') issues.add('invalid_type', ['waitForActive'], 'must be true or false');
  const timeout = inputs['activeTimeout'];
  if (!isUnknown(timeout) && timeout !== undefined && (typeof timeout !== 'string' || parseDuration(timeout) === null)) {
    issues.add('invalid_value', ['activeTimeout'], `must be a duration such as "90s", "2m" or "1m30s", got ${JSON.stringify(timeout)}`);
  }
  return issues.issues;
}

/** A token is base64 of a JSON object with server addresses and a peer ID; never echoes the value. */
function looksLikeToken(token: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return false;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;
    return typeof parsed['PeerID'] === 'string' && (Array.isArray(parsed['ServerAddresses']) || Array.isArray(parsed['ManualServerAddresses']));
  } catch {
    return false;
  }
}
