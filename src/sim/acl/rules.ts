// ACL policy rules: decoding the HCL of a policy into rules, and validating them with the texts real
// Consul 1.22 answers on PUT /v1/acl/policy.
import { goQuote } from './messages';
import { checkDuplicateArguments, HclError, parseHcl, type HclItem, type HclValue } from './hcl';

/** Top-level rules holding one access level. */
export const SCALAR_RULES = ['acl', 'operator', 'mesh', 'peering', 'keyring'] as const;
/** A top-level rule holding one access level. */
export type ScalarRule = (typeof SCALAR_RULES)[number];

/** Kinds of rule blocks that carry a name (or prefix) label. */
export const BLOCK_RULES = [
  'agent', 'agent_prefix', 'key', 'key_prefix', 'node', 'node_prefix', 'service', 'service_prefix',
  'session', 'session_prefix', 'event', 'event_prefix', 'query', 'query_prefix',
] as const;
/** A kind of rule block (`service "web" { … }`). */
export type BlockRule = (typeof BLOCK_RULES)[number];

/** One rule block as written: its label, `policy`, and (service blocks) `intentions` after defaulting. */
export interface NamedRule {
  name: string;
  policy: string;
  intentions: string;
}

/** The rules of one policy, values exactly as written ('' = not set). */
export interface PolicyRules {
  scalars: Record<ScalarRule, string>;
  blocks: Record<BlockRule, NamedRule[]>;
}

/** A policy rejected by Consul: the exact text of its 500 answer. */
export class PolicyRulesError extends Error {
  override readonly name = 'PolicyRulesError';
}

/** Go type shown in validation errors for each block kind, and the field names of its label. */
const GO_RULE: Readonly<Record<string, { type: string; label: string; enterprise: boolean }>> = {
  agent: { type: 'AgentRule', label: 'Node', enterprise: false },
  key: { type: 'KeyRule', label: 'Prefix', enterprise: true },
  node: { type: 'NodeRule', label: 'Name', enterprise: true },
  service: { type: 'ServiceRule', label: 'Name', enterprise: true },
  session: { type: 'SessionRule', label: 'Node', enterprise: false },
  event: { type: 'EventRule', label: 'Event', enterprise: false },
  query: { type: 'PreparedQueryRule', label: 'Prefix', enterprise: false },
};

function baseKind(kind: BlockRule): string {
  return kind.replace(/_prefix$/, '');
}

function goRepr(kind: BlockRule, rule: NamedRule): string {
  const base = baseKind(kind);
  const go = GO_RULE[base] ?? { type: 'Rule', label: 'Name', enterprise: false };
  const fields = [`${go.label}:${goQuote(rule.name)}`, `Policy:${goQuote(rule.policy)}`];
  if (base === 'service') fields.push(`Intentions:${goQuote(rule.intentions)}`);
  if (go.enterprise) fields.push('EnterpriseRule:acl.EnterpriseRule{}');
  return `&acl.${go.type}{${fields.join(', ')}}`;
}

function typeError(path: string, value: HclValue): HclError {
  if (value.type === 'object') return new HclError(`At -: ${path}: unknown type for string *ast.ObjectList`);
  const pos = `${value.pos.line}:${value.pos.column}`;
  return new HclError(`At ${pos}: ${path}: unknown type for string ${value.type === 'list' ? '*ast.ListType' : '*ast.LiteralType'}`);
}

/** The string an HCL value decodes to for a string field (numbers become their text). */
function stringValue(path: string, value: HclValue | null): string {
  if (value === null) return '';
  if (value.type === 'literal' && value.kind !== 'bool') return value.text;
  throw typeError(path, value);
}

function emptyRules(): PolicyRules {
  const scalars = Object.fromEntries(SCALAR_RULES.map((name) => [name, ''])) as Record<ScalarRule, string>;
  const blocks = Object.fromEntries(BLOCK_RULES.map((name) => [name, []])) as unknown as Record<BlockRule, NamedRule[]>;
  return { scalars, blocks };
}

function decodeBlock(kind: BlockRule, item: HclItem, index: number): NamedRule | null {
  const labels = item.keys.slice(1);
  const [label] = labels;
  if (item.assign) {
    if (item.value?.type === 'literal') {
      throw new HclError(`At ${item.value.pos.line}:${item.value.pos.column}: unknown slice type: *ast.LiteralType`);
    }
    return null; // `service = { … }` / lists: not used by ACL policies
  }
  if (label === undefined) return null; // a block without a label grants nothing
  const rule: NamedRule = { name: label.text, policy: '', intentions: '' };
  if (labels.length > 1 || item.value?.type !== 'object') return rule; // nested labels leave the fields empty
  for (const inner of item.value.items) {
    const [key] = inner.keys;
    if (key === undefined || inner.keys.length !== 1) continue;
    if (key.text === 'policy') rule.policy = stringValue(`root.${kind}[${index}].Policy`, inner.value);
    else if (key.text === 'intentions' && baseKind(kind) === 'service') {
      rule.intentions = stringValue(`root.${kind}[${index}].Intentions`, inner.value);
    }
  }
  return rule;
}

function decode(items: readonly HclItem[]): PolicyRules {
  const rules = emptyRules();
  for (const item of items) {
    const [key] = item.keys;
    if (key === undefined) continue;
    const name = key.text;
    if ((SCALAR_RULES as readonly string[]).includes(name)) {
      if (!item.assign) {
        const label = item.keys[1];
        if (label !== undefined) throw new HclError(`At ${label.pos.line}:${label.pos.column}: root.${name}: unknown type for string *ast.ObjectList`);
        throw new HclError(`At -: root.${name}: unknown type for string *ast.ObjectList`);
      }
      rules.scalars[name as ScalarRule] = stringValue(`root.${name}`, item.value);
    } else if ((BLOCK_RULES as readonly string[]).includes(name)) {
      const list = rules.blocks[name as BlockRule];
      const rule = decodeBlock(name as BlockRule, item, list.length);
      if (rule !== null) list.push(rule);
    }
    // Unknown top-level keys are ignored, as Consul does.
  }
  return rules;
}

const LEVELS = new Set(['read', 'write', 'deny']);

function validate(rules: PolicyRules): void {
  if (!isValidScalar(rules.scalars.acl)) throw new PolicyRulesError(`Invalid acl policy: ${goQuote(rules.scalars.acl)}`);
  for (const kind of BLOCK_RULES) {
    for (const rule of rules.blocks[kind]) {
      const policy = rule.policy.toLowerCase();
      const valid = LEVELS.has(policy) || (baseKind(kind) === 'key' && policy === 'list');
      if (!valid) throw new PolicyRulesError(`Invalid ${kind} policy: ${goRepr(kind, rule)}`);
      if (baseKind(kind) === 'service' && rule.intentions !== '' && !LEVELS.has(rule.intentions.toLowerCase())) {
        throw new PolicyRulesError(`Invalid ${kind} intentions policy: ${goRepr(kind, rule)}`);
      }
    }
  }
  for (const name of ['keyring', 'operator', 'mesh', 'peering'] as const) {
    if (!isValidScalar(rules.scalars[name])) throw new PolicyRulesError(`Invalid ${name} policy: ${goQuote(rules.scalars[name])}`);
  }
}

function isValidScalar(value: string): boolean {
  return value === '' || LEVELS.has(value.toLowerCase());
}

/** A service rule without `intentions` gets `read` from a read/write policy, else `deny`. */
function defaultIntentions(rules: PolicyRules): void {
  for (const kind of ['service', 'service_prefix'] as const) {
    for (const rule of rules.blocks[kind]) {
      if (rule.intentions === '') rule.intentions = rule.policy === 'read' || rule.policy === 'write' ? 'read' : 'deny';
    }
  }
}

/**
 * Parses and validates policy rules; throws PolicyRulesError with the exact text real Consul answers
 * (`Failed to parse ACL rules: …` for syntax, `Invalid peering policy: "list"` … for values).
 */
export function parsePolicyRules(text: string): PolicyRules {
  let rules: PolicyRules;
  try {
    const items = parseHcl(text);
    checkDuplicateArguments(items);
    rules = decode(items);
  } catch (error) {
    if (error instanceof HclError) throw new PolicyRulesError(`Failed to parse ACL rules: ${error.message}`);
    throw error;
  }
  validate(rules);
  defaultIntentions(rules);
  return rules;
}
