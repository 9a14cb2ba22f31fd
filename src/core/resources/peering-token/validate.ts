import { IssueList, type Issue } from '../../issues';
import { checkOptionalDuration, checkOptionalString, checkPeerName, checkRequiredString, listItems } from '../../rules';
import { isUnknown } from '../../unknown';

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):(\d{1,5})$/;

/** Every problem Consul would reject in PeeringToken arguments (unknown values skipped). */
export function validatePeeringToken(inputs: Record<string, unknown>): Issue[] {
  const issues = new IssueList();
  checkRequiredString(issues, ['peerName'], inputs['peerName']);
  checkPeerName(issues, ['peerName'], inputs['peerName']);
  checkOptionalString(issues, ['partition'], inputs['partition']);
  checkOptionalString(issues, ['rotationTrigger'], inputs['rotationTrigger']);
  checkOptionalDuration(issues, ['reissueAfter'], inputs['reissueAfter']);
  listItems(issues, ['serverExternalAddresses'], inputs['serverExternalAddresses']).forEach((address, index) => {
    if (isUnknown(address)) return;
    const match = typeof address === 'string' ? HOST_PORT.exec(address) : null;
    const port = match === null ? 0 : Number(match[2]);
    if (match === null || port < 1 || port > 65535) {
      issues.add('invalid_value', ['serverExternalAddresses', index], `must be host:port with a port from 1 to 65535, got ${JSON.stringify(address)}`);
    }
  });
  return issues.issues;
}
