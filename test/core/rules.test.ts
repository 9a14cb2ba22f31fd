import { IssueList } from '../../src/core';
import { checkConfigEntryMeta, checkMeta } from '../../src/core/rules';

const run = (check: typeof checkMeta, value: unknown): string[] => {
  const issues = new IssueList();
  check(issues, ['meta'], value);
  return issues.issues.map((issue) => `${issue.path.join('.')}: ${issue.code}`);
};

describe('meta rules', () => {
  it('peering meta follows Consul\'s node-meta rules (characters, reserved prefix)', () => {
    expect(run(checkMeta, { 'a.b': 'x', 'consul-x': 'y', ok: 'z' })).toEqual(['meta.a.b: invalid_value', 'meta.consul-x: invalid_value']);
  });

  it('config-entry meta only limits count and byte lengths', () => {
    expect(run(checkConfigEntryMeta, { 'a.b': 'x', 'consul-x': 'y' })).toEqual([]);
    expect(run(checkConfigEntryMeta, { k: 'é'.repeat(257) })).toEqual(['meta.k: too_long']);
    expect(run(checkConfigEntryMeta, Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])))).toEqual(['meta: too_many']);
  });
});
