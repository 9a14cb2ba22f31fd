// Authorisation decisions of a token's merged policies, with Consul CE semantics under a default
// policy of "deny" (each rule below verified against real Consul 1.22, see test/sim/acl.test.ts):
// - several policies (and repeated blocks for the same name) merge: deny > write > list > read;
// - a segment is decided by its exact rule, else by the longest matching prefix rule;
// - `intention:*` on a service comes from that service rule's `intentions` (a rule without it has
//   `read` when its policy is read/write, else `deny`); `policy = "write"` does not grant intention:write;
// - `peering` and `mesh` fall back to `operator` when the policy has no rule of their own;
// - no applicable rule → deny.
import { BLOCK_RULES, SCALAR_RULES, type BlockRule, type NamedRule, type PolicyRules, type ScalarRule } from './rules';
import type { AclCheck } from './types';

type Level = 'deny' | 'read' | 'list' | 'write';

/** Whether `a` replaces `b` when two rules for the same thing are merged. */
function takesPrecedence(a: string, b: string): boolean {
  for (const level of ['deny', 'write', 'list', 'read']) {
    if (a === level) return true;
    if (b === level) return false;
  }
  return false;
}

function toLevel(value: string | undefined): Level | null {
  const lower = value?.toLowerCase();
  return lower === 'deny' || lower === 'read' || lower === 'list' || lower === 'write' ? lower : null;
}

/** Decision of one level for one access: true/false, or null when the level does not decide. */
function decide(level: Level | null, access: AclCheck['access']): boolean | null {
  if (level === null) return null;
  if (level === 'deny') return false;
  if (access === 'read') return true;
  if (access === 'list') return level === 'list' || level === 'write';
  return level === 'write';
}

interface MergedRules {
  scalars: Record<ScalarRule, string>;
  blocks: Record<BlockRule, Map<string, NamedRule>>;
}

function merge(policies: readonly PolicyRules[]): MergedRules {
  const scalars = Object.fromEntries(SCALAR_RULES.map((name) => [name, ''])) as Record<ScalarRule, string>;
  const blocks = Object.fromEntries(BLOCK_RULES.map((name) => [name, new Map<string, NamedRule>()])) as unknown as Record<
    BlockRule,
    Map<string, NamedRule>
  >;
  for (const policy of policies) {
    for (const name of SCALAR_RULES) {
      // A value that is not exactly deny/write/list/read (e.g. "READ") is dropped here, as in Consul.
      if (takesPrecedence(policy.scalars[name], scalars[name])) scalars[name] = policy.scalars[name];
    }
    for (const kind of BLOCK_RULES) {
      const merged = blocks[kind];
      for (const rule of policy.blocks[kind]) {
        const existing = merged.get(rule.name);
        if (existing === undefined) {
          merged.set(rule.name, { ...rule });
          continue;
        }
        if (takesPrecedence(rule.policy, existing.policy)) existing.policy = rule.policy;
        if (takesPrecedence(rule.intentions, existing.intentions)) existing.intentions = rule.intentions;
      }
    }
  }
  return { scalars, blocks };
}

const SEGMENT_KINDS: Readonly<Record<string, { exact: BlockRule; prefix: BlockRule }>> = {
  service: { exact: 'service', prefix: 'service_prefix' },
  intention: { exact: 'service', prefix: 'service_prefix' },
  node: { exact: 'node', prefix: 'node_prefix' },
  key: { exact: 'key', prefix: 'key_prefix' },
  agent: { exact: 'agent', prefix: 'agent_prefix' },
  query: { exact: 'query', prefix: 'query_prefix' },
  event: { exact: 'event', prefix: 'event_prefix' },
  session: { exact: 'session', prefix: 'session_prefix' },
};

/** The decisions of one token (its policies merged). */
export class PolicyAuthorizer {
  private readonly rules: MergedRules;

  constructor(policies: readonly PolicyRules[]) {
    this.rules = merge(policies);
  }

  /** Whether the check is allowed (default deny). */
  allowed(check: AclCheck): boolean {
    return this.decision(check) ?? false;
  }

  private decision(check: AclCheck): boolean | null {
    const { scalars } = this.rules;
    const kinds = SEGMENT_KINDS[check.resource];
    if (kinds !== undefined && check.anySegment) {
      const rules = [...this.rules.blocks[kinds.exact].values(), ...this.rules.blocks[kinds.prefix].values()];
      return rules.some((rule) => decide(toLevel(check.resource === 'intention' ? rule.intentions : rule.policy), check.access) === true) || null;
    }
    if (kinds !== undefined) {
      const rule = this.mostSpecific(kinds.exact, kinds.prefix, check.segment ?? '');
      if (rule === null) return null;
      return decide(toLevel(check.resource === 'intention' ? rule.intentions : rule.policy), check.access);
    }
    switch (check.resource) {
      case 'peering':
      case 'mesh':
        return decide(toLevel(scalars[check.resource]) ?? toLevel(scalars.operator), check.access);
      case 'operator':
      case 'acl':
      case 'keyring':
        return decide(toLevel(scalars[check.resource]), check.access);
      default:
        return null;
    }
  }

  /** The exact rule for `segment`, else the rule of its longest matching prefix, else null. */
  private mostSpecific(exact: BlockRule, prefix: BlockRule, segment: string): NamedRule | null {
    const exactRule = this.rules.blocks[exact].get(segment);
    if (exactRule !== undefined) return exactRule;
    let best: NamedRule | null = null;
    for (const rule of this.rules.blocks[prefix].values()) {
      if (segment.startsWith(rule.name) && (best === null || rule.name.length > best.name.length)) best = rule;
    }
    return best;
  }
}
