// The ACL objects of one emulated cluster: policies and tokens, the built-in ones included, and their
// JSON form as Consul 1.22 answers it (key order and omitted-when-empty fields as observed).
import { createHash, randomBytes } from 'node:crypto';
import { parsePolicyRules, type PolicyRules } from './rules';

/** ID of the built-in `global-management` policy. */
export const GLOBAL_MANAGEMENT_ID = '00000000-0000-0000-0000-000000000001';
/** ID of the built-in `builtin/global-read-only` policy. */
export const GLOBAL_READ_ONLY_ID = '00000000-0000-0000-0000-000000000002';
/** AccessorID of the anonymous token (its SecretID is `anonymous`). */
export const ANONYMOUS_ACCESSOR_ID = '00000000-0000-0000-0000-000000000002';

function builtinRules(level: 'read' | 'write'): string {
  const block = (kind: string, extra = ''): string => `${kind} "" {\n\tpolicy = "${level}"\n${extra}}`;
  return [
    '',
    `acl = "${level}"`,
    block('agent_prefix'),
    block('event_prefix'),
    block('key_prefix'),
    `keyring = "${level}"`,
    block('node_prefix'),
    `operator = "${level}"`,
    `mesh = "${level}"`,
    `peering = "${level}"`,
    block('query_prefix'),
    block('service_prefix', `\tintentions = "${level}"\n`),
    block('session_prefix'),
  ].join('\n');
}

/** The `Rules` text of `global-management`, as Consul shows it. */
export const GLOBAL_MANAGEMENT_RULES = builtinRules('write');
/** The `Rules` text of `builtin/global-read-only`, as Consul shows it. */
export const GLOBAL_READ_ONLY_RULES = builtinRules('read');

/** A stored policy. */
export interface PolicyRecord {
  id: string;
  name: string;
  description: string;
  rules: string;
  datacenters: string[];
  parsed: PolicyRules;
  hash: string;
  createIndex: number;
  modifyIndex: number;
}

/** A stored token. */
export interface TokenRecord {
  accessorId: string;
  secretId: string;
  description: string;
  /** Linked policy IDs, in order; links to deleted policies are skipped when shown. */
  policyIds: string[];
  local: boolean;
  createTime: string;
  hash: string;
  createIndex: number;
  modifyIndex: number;
  /** The initial management token (global-management, whatever its policies say). */
  management: boolean;
}

/** A random UUID in Consul's form (8-4-4-4-12 lower-case hex, no version bits). */
export function randomUuid(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether `value` is a UUID as Consul's ACL endpoints accept it. */
export function isUuid(value: string): boolean {
  return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value);
}

/** An RFC 3339 timestamp with nanoseconds, trailing zeros trimmed, like Go's time.RFC3339Nano. */
export function goTimestamp(now = new Date()): string {
  const nanos = String(now.getUTCMilliseconds() * 1_000_000 + Number(process.hrtime.bigint() % 1_000_000n)).padStart(9, '0');
  const fraction = nanos.replace(/0+$/, '');
  return `${now.toISOString().slice(0, 19)}${fraction === '' ? '' : `.${fraction}`}Z`;
}

function hashOf(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64');
}

/** Policies and tokens of one cluster, with the raft-like indexes of their writes. */
export class AclStore {
  readonly policies = new Map<string, PolicyRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  /** Highest index of a policy write (X-Consul-Index of policy reads). */
  policiesIndex = 0;
  /** Highest index of a token write (X-Consul-Index of token reads). */
  tokensIndex = 0;

  constructor(private readonly nextIndex: () => number) {}

  /** Creates the built-in policies, the initial management token and the anonymous token. */
  bootstrap(managementSecret: string): TokenRecord {
    this.putPolicy({
      id: GLOBAL_MANAGEMENT_ID,
      name: 'global-management',
      description: 'A built-in policy that grants read and write access to all Consul features',
      rules: GLOBAL_MANAGEMENT_RULES,
      datacenters: [],
    });
    this.putPolicy({
      id: GLOBAL_READ_ONLY_ID,
      name: 'builtin/global-read-only',
      description: 'A built-in policy that grants read-only access to all Consul features',
      rules: GLOBAL_READ_ONLY_RULES,
      datacenters: [],
    });
    const management = this.putToken({
      accessorId: randomUuid(),
      secretId: managementSecret,
      description: 'Initial Management Token',
      policyIds: [GLOBAL_MANAGEMENT_ID],
      local: false,
    });
    management.management = true;
    this.putToken({ accessorId: ANONYMOUS_ACCESSOR_ID, secretId: 'anonymous', description: 'Anonymous Token', policyIds: [], local: false });
    return management;
  }

  /** Creates or replaces a policy (rules must already be valid). */
  putPolicy(fields: Pick<PolicyRecord, 'id' | 'name' | 'description' | 'rules' | 'datacenters'>): PolicyRecord {
    const index = this.nextIndex();
    const existing = this.policies.get(fields.id);
    const record: PolicyRecord = {
      ...fields,
      parsed: parsePolicyRules(fields.rules),
      hash: hashOf([fields.name, fields.description, fields.rules, fields.datacenters]),
      createIndex: existing?.createIndex ?? index,
      modifyIndex: index,
    };
    this.policies.set(record.id, record);
    this.policiesIndex = index;
    return record;
  }

  /** Deletes a policy. */
  deletePolicy(id: string): void {
    this.policies.delete(id);
    this.policiesIndex = this.nextIndex();
  }

  /** The policy named `name`, if any. */
  policyByName(name: string): PolicyRecord | undefined {
    return [...this.policies.values()].find((policy) => policy.name === name);
  }

  /** Creates or replaces a token. */
  putToken(fields: Pick<TokenRecord, 'accessorId' | 'secretId' | 'description' | 'policyIds' | 'local'>): TokenRecord {
    const index = this.nextIndex();
    const existing = this.tokens.get(fields.accessorId);
    const record: TokenRecord = {
      ...fields,
      createTime: existing?.createTime ?? goTimestamp(),
      hash: hashOf([fields.description, fields.policyIds, fields.local]),
      createIndex: existing?.createIndex ?? index,
      modifyIndex: index,
      management: existing?.management ?? false,
    };
    this.tokens.set(record.accessorId, record);
    this.tokensIndex = index;
    return record;
  }

  /** Deletes a token. */
  deleteToken(accessorId: string): void {
    this.tokens.delete(accessorId);
    this.tokensIndex = this.nextIndex();
  }

  /** The token whose SecretID is `secret`, if any. */
  tokenBySecret(secret: string): TokenRecord | undefined {
    return [...this.tokens.values()].find((token) => token.secretId === secret);
  }

  /** The parsed rules of a token's existing policies, in link order. */
  rulesOf(token: TokenRecord): PolicyRules[] {
    return token.policyIds.flatMap((id) => {
      const policy = this.policies.get(id);
      return policy === undefined ? [] : [policy.parsed];
    });
  }

  /** A policy as the policy endpoints answer it. */
  policyJson(policy: PolicyRecord): Record<string, unknown> {
    return {
      ID: policy.id,
      Name: policy.name,
      Description: policy.description,
      Rules: policy.rules,
      ...(policy.datacenters.length > 0 ? { Datacenters: policy.datacenters } : {}),
      Hash: policy.hash,
      CreateIndex: policy.createIndex,
      ModifyIndex: policy.modifyIndex,
    };
  }

  /** A token as the token endpoints answer it (`<hidden>` secret for readers without acl:write). */
  tokenJson(token: TokenRecord, hideSecret = false): Record<string, unknown> {
    const links = token.policyIds.flatMap((id) => {
      const policy = this.policies.get(id);
      return policy === undefined ? [] : [{ ID: policy.id, Name: policy.name }];
    });
    return {
      AccessorID: token.accessorId,
      SecretID: hideSecret ? '<hidden>' : token.secretId,
      Description: token.description,
      ...(links.length > 0 ? { Policies: links } : {}),
      Local: token.local,
      CreateTime: token.createTime,
      Hash: token.hash,
      CreateIndex: token.createIndex,
      ModifyIndex: token.modifyIndex,
    };
  }
}
