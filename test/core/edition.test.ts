// The core's edition rule, pure: which inputs only Consul Enterprise can take (from the schema's `enterpriseOnly`
// attributes), and the issues they make against a CE cluster.
import {
  ceIssues, enterpriseValues, ISSUE_CODES, exportedServicesSchema, peeringSchema, peeringTokenSchema, serviceIntentionsSchema,
} from '../../src/core';
import { UNKNOWN } from '../../src/core/unknown';

const CE = { edition: 'ce', version: '1.22.7' } as const;

describe('enterpriseValues', () => {
  it('accepts the default partition and namespace everywhere, and unset or empty values', () => {
    expect(enterpriseValues(peeringTokenSchema.fields, { peerName: 'p', partition: 'default' })).toEqual([]);
    expect(enterpriseValues(peeringSchema.fields, { peerName: 'p', partition: '' })).toEqual([]);
    expect(enterpriseValues(exportedServicesSchema.fields, {
      partition: 'default', services: [{ name: 'web', namespace: 'default', consumers: [{ peer: 'p' }, { partition: 'Default' }] }],
    })).toEqual([]);
    expect(enterpriseValues(serviceIntentionsSchema.fields, {
      name: 'api', partition: 'default', namespace: 'default', sources: [{ name: 'web', peer: 'p', namespace: 'default' }],
    })).toEqual([]);
  });

  it('finds every other partition and namespace and every sameness group, each at its path', () => {
    expect(enterpriseValues(exportedServicesSchema.fields, {
      partition: 'team',
      services: [
        { name: 'web', namespace: 'team-a', consumers: [{ peer: 'p' }, { samenessGroup: 'default' }] },
        { name: 'api', consumers: [{ partition: 'other' }] },
      ],
    })).toEqual([
      { path: ['partition'], value: 'team' },
      { path: ['services', 0, 'namespace'], value: 'team-a' },
      { path: ['services', 0, 'consumers', 1, 'samenessGroup'], value: 'default' },
      { path: ['services', 1, 'consumers', 0, 'partition'], value: 'other' },
    ]);
    expect(enterpriseValues(serviceIntentionsSchema.fields, {
      name: 'api', namespace: 'ns', sources: [{ name: 'web', samenessGroup: 'g' }, { name: 'db', partition: 'p2' }],
    }).map((value) => value.path)).toEqual([['namespace'], ['sources', 0, 'samenessGroup'], ['sources', 1, 'partition']]);
    expect(enterpriseValues(peeringTokenSchema.fields, { peerName: 'p', partition: 'team' })).toEqual([{ path: ['partition'], value: 'team' }]);
  });

  it('skips values not known yet', () => {
    expect(enterpriseValues(exportedServicesSchema.fields, { partition: UNKNOWN, services: [UNKNOWN, { name: 'x', namespace: UNKNOWN, consumers: UNKNOWN }] })).toEqual([]);
  });

  it('ignores attributes that are not enterprise-only, whatever they hold', () => {
    expect(enterpriseValues(peeringTokenSchema.fields, { peerName: 'team', meta: { partition: 'x' } })).toEqual([]);
  });
});

describe('ceIssues', () => {
  it('makes one needs_enterprise issue per value, naming the value, the cluster and its version', () => {
    const issues = ceIssues([{ path: ['services', 0, 'namespace'], value: 'team-a' }], 'http://127.0.0.1:8500', CE);
    expect(issues).toEqual([{
      code: 'needs_enterprise', path: ['services', 0, 'namespace'],
      message: '"team-a" needs Consul Enterprise: the cluster at http://127.0.0.1:8500 runs Consul CE 1.22.7, which has one partition and one '
        + 'namespace, both "default", and no sameness groups',
      data: { edition: 'ce', version: '1.22.7' },
    }]);
    expect(ISSUE_CODES.needs_enterprise).toMatch(/Consul Enterprise/);
  });
});
