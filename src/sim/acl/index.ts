// The ACL system of one emulated cluster (see sim-acl.ts).
export { SimAcl, type SimAclOptions } from './sim-acl';
export type { AclAccess, AclCheck, AclContentType, AclDenial, AclHttpResult, AclIdentity, AclResource } from './types';
export { ACL_DISABLED_TEXT, ACL_NOT_FOUND, anonymousDenied, goQuote, permissionName, tokenDenied } from './messages';
export { PolicyAuthorizer } from './authorizer';
export { parsePolicyRules, PolicyRulesError, type PolicyRules, type NamedRule } from './rules';
export {
  ANONYMOUS_ACCESSOR_ID, AclStore, GLOBAL_MANAGEMENT_ID, GLOBAL_MANAGEMENT_RULES, GLOBAL_READ_ONLY_ID, GLOBAL_READ_ONLY_RULES,
  type PolicyRecord, type TokenRecord,
} from './store';
export { decodeGoJson, decodeGoValue, type GoDecodeResult, type GoField, type GoType } from '../go-json';
