import type { IssueList } from '../../issues';
import { checkRequiredString, listItems } from '../../rules';
import { isUnknown } from '../../unknown';

type Path = readonly (string | number)[];
type Fields = Readonly<Record<string, unknown>>;

const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JWT requirement (`jwt` of the entry or of a permission): at least one provider, each named (Consul: "JWT provider
 * name is required"); each claim check with a non-empty path and a value (Consul drops empty ones, which would come back
 * as a change on every plan). Whether the named `jwt-provider` entries exist is Consul's to say at apply time.
 */
export function checkJwt(issues: IssueList, path: Path, jwt: unknown): void {
  if (jwt === undefined || jwt === null || isUnknown(jwt)) return;
  if (!isFields(jwt)) {
    issues.add('invalid_type', path, 'must be an object with providers');
    return;
  }
  const providers = listItems(issues, [...path, 'providers'], jwt['providers']);
  if (!isUnknown(jwt['providers']) && (jwt['providers'] === undefined || providers.length === 0)) {
    issues.add('required', [...path, 'providers'], 'must list at least one JWT provider');
  }
  providers.forEach((provider, index) => checkProvider(issues, [...path, 'providers', index], provider));
}

function checkProvider(issues: IssueList, path: Path, provider: unknown): void {
  if (isUnknown(provider)) return;
  if (!isFields(provider)) {
    issues.add('invalid_type', path, 'must be an object with name and verifyClaims');
    return;
  }
  checkRequiredString(issues, [...path, 'name'], provider['name']);
  const claims = listItems(issues, [...path, 'verifyClaims'], provider['verifyClaims']);
  claims.forEach((claim, index) => checkClaim(issues, [...path, 'verifyClaims', index], claim));
}

function checkClaim(issues: IssueList, path: Path, claim: unknown): void {
  if (isUnknown(claim)) return;
  if (!isFields(claim)) {
    issues.add('invalid_type', path, 'must be an object with path and value');
    return;
  }
  const segments = listItems(issues, [...path, 'path'], claim['path']);
  if (!isUnknown(claim['path']) && segments.length === 0) issues.add('required', [...path, 'path'], 'must name the claim: at least one path segment');
  segments.forEach((segment, index) => checkRequiredString(issues, [...path, 'path', index], segment));
  checkRequiredString(issues, [...path, 'value'], claim['value']);
}
