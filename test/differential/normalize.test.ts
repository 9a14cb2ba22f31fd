import { isJson, Normalizer, rewriteJsonScalars } from './normalize';
import { compareRuns, formatMismatches, lineDiff, type Exchange, type ScenarioRun } from './runner';

const CA = '-----BEGIN CERTIFICATE-----\nMIICEDCCAbWgAwIBAgIBBzAKBggqhkjOPQQDAjAxMS8wLQYDVQQDEyZwcmktMXBp\n3E81KA==\n-----END CERTIFICATE-----\n';
const TRUST = 'c57bf808-1e18-4a10-3bad-fa81d5a0a1f9';
const ACCEPTOR_ID = '1e4a697b-ca16-f64e-9577-55fc7f3c4708';

/** A token as real Consul builds it: base64 of Go's compact JSON, keys in struct order. */
function token(fields: Partial<Record<string, unknown>> = {}): string {
  const content = {
    CA: [CA],
    ManualServerAddresses: null,
    ServerAddresses: ['127.0.0.1:18503'],
    ServerName: `server.dc1.peering.${TRUST}.consul`,
    PeerID: ACCEPTOR_ID,
    EstablishmentSecret: '0b8b6a2e-58a7-3c25-6c09-9d0d3b4b3a11',
    Remote: { Partition: '', Datacenter: 'dc1', Locality: null },
    ...fields,
  };
  return Buffer.from(JSON.stringify(content), 'utf8').toString('base64');
}

/** Pretty-printed like Consul (Go's MarshalIndent with 4 spaces). */
const consulJson = (value: unknown): string => JSON.stringify(value, null, 4);

describe('rewriteJsonScalars', () => {
  it('keeps whitespace, key order and escapes byte for byte when nothing is replaced', () => {
    const texts = [
      consulJson({ b: 1, a: [true, null, 'x\\"y'], c: { d: 'é\u003c' } }),
      '{"a":1,"b":[1,2,{"c":"\\u003cx\\u003e"}]}',
      '[]',
      '{}',
      '"plain"',
      '  { "a" : -1.5e3 }  ',
    ];
    for (const text of texts) expect(rewriteJsonScalars(text, (raw) => raw)).toBe(text);
  });

  it('tells the replacer the key of each scalar, for array items the key of the array', () => {
    const seen: string[] = [];
    rewriteJsonScalars('{"a":"x","b":[1,{"c":2}],"d":{"e":null}}', (raw, { key, inArray }) => {
      seen.push(`${key ?? '-'}:${raw}:${inArray ? 'item' : 'member'}`);
      return raw;
    });
    expect(seen).toEqual(['a:"x":member', 'b:1:item', 'c:2:member', 'e:null:member']);
  });

  it('keeps numbers beyond 2^53 exactly (config-entry Hash values)', () => {
    const text = '{"Hash": 17929248225998702004}';
    expect(rewriteJsonScalars(text, (raw) => raw)).toBe(text);
  });

  it('rejects text that is not JSON', () => {
    expect(() => rewriteJsonScalars('{"a":', (raw) => raw)).toThrow();
    expect(isJson('true')).toBe(true);
    expect(isJson('Peering not found for "x"')).toBe(false);
  });
});

describe('Normalizer', () => {
  it('maps each distinct UUID to a placeholder by first appearance, equal IDs staying equal', () => {
    const n = new Normalizer();
    const other = 'bbe5ce8d-04b4-b30d-4a21-168adc35cde2';
    expect(n.json(consulJson({ ID: other, PeerID: ACCEPTOR_ID }))).toBe(consulJson({ ID: '<uuid-1>', PeerID: '<uuid-2>' }));
    expect(n.json(consulJson({ ID: ACCEPTOR_ID.toUpperCase() }))).toBe(consulJson({ ID: '<uuid-2>' }));
    // Another run that sees the IDs in the same relation gets the same text.
    const m = new Normalizer();
    m.json(consulJson({ ID: '11111111-2222-3333-4444-555555555555', PeerID: '66666666-7777-8888-9999-000000000000' }));
    expect(m.json(consulJson({ ID: '66666666-7777-8888-9999-000000000000' }))).toBe(consulJson({ ID: '<uuid-2>' }));
  });

  it('names aliased UUIDs (AccessorIDs) in plain-text errors', () => {
    const n = new Normalizer();
    n.alias('A386ADCE-3cce-ad9f-43e0-c5280d0c7cc7', 'accessor:none@a');
    expect(n.body("Permission denied: token with AccessorID 'a386adce-3cce-ad9f-43e0-c5280d0c7cc7' lacks permission 'peering:read'", 'text/plain; charset=utf-8'))
      .toBe("Permission denied: token with AccessorID '<accessor:none@a>' lacks permission 'peering:read'");
  });

  it('replaces CreateIndex/ModifyIndex, keeping whether the entry was modified since creation', () => {
    const n = new Normalizer();
    expect(n.json(consulJson({ CreateIndex: 18, ModifyIndex: 18 }))).toBe('{\n    "CreateIndex": <index>,\n    "ModifyIndex": <index>\n}');
    expect(n.json(consulJson({ CreateIndex: 18, ModifyIndex: 22 }))).toBe('{\n    "CreateIndex": <index>,\n    "ModifyIndex": <index+>\n}');
    expect(n.json(consulJson([{ CreateIndex: 5, ModifyIndex: 9 }, { CreateIndex: 9, ModifyIndex: 9 }])))
      .toBe(consulJson([{ CreateIndex: 'I', ModifyIndex: 'M' }, { CreateIndex: 'I', ModifyIndex: 'I' }]).replace(/"I"/g, '<index>').replace(/"M"/g, '<index+>'));
    // Other numbers are values, not volatile.
    expect(n.json(consulJson({ Precedence: 9 }))).toBe(consulJson({ Precedence: 9 }));
  });

  it('maps Hash values by first appearance, so an unchanged entry keeps its placeholder', () => {
    const n = new Normalizer();
    const first = n.json('{"Hash": 3785531629973774836}');
    const second = n.json('{"Hash": 7929248225998702004}');
    const again = n.json('{"Hash": 3785531629973774836}');
    expect([first, second, again]).toEqual(['{"Hash": <hash-1>}', '{"Hash": <hash-2>}', '{"Hash": <hash-1>}']);
  });

  it('replaces timestamps but keeps Go zero time and null (they mean "never")', () => {
    const n = new Normalizer();
    const body = consulJson({ LastHeartbeat: null, LastReceive: '2026-11-22T10:19:06.718626803Z', LastSend: '0001-01-01T00:00:00Z', DeletedAt: '2026-11-22T10:19:06+01:00' });
    expect(n.json(body)).toBe(consulJson({ LastHeartbeat: null, LastReceive: '<timestamp>', LastSend: '0001-01-01T00:00:00Z', DeletedAt: '<timestamp>' }));
  });

  it('replaces PEM blocks, escaped inside JSON strings and raw in text', () => {
    const n = new Normalizer();
    expect(n.json(consulJson({ PeerCAPems: [CA, CA] }))).toBe(consulJson({ PeerCAPems: ['<pem:CERTIFICATE>', '<pem:CERTIFICATE>'] }));
    expect(n.text(`roots:\n${CA}end`)).toBe('roots:\n<pem:CERTIFICATE>end');
  });

  it('replaces loopback ports >= 1024 by first appearance and keeps low ports', () => {
    const n = new Normalizer();
    expect(n.json(consulJson({ PeerServerAddresses: ['127.0.0.1:18503', '127.0.0.1:20001', '127.0.0.1:18503'] })))
      .toBe(consulJson({ PeerServerAddresses: ['127.0.0.1:<port-1>', '127.0.0.1:<port-2>', '127.0.0.1:<port-1>'] }));
    expect(n.text('dial tcp 127.0.0.1:1: connect: connection refused')).toBe('dial tcp 127.0.0.1:1: connect: connection refused');
  });

  it('names the trust-domain UUID of peering server names', () => {
    const n = new Normalizer();
    const text = `cannot create a peering within the same cluster "server.dc1.peering.${TRUST}.consul". Refer to the docs`;
    expect(n.text(text)).toBe('cannot create a peering within the same cluster "server.dc1.peering.<trust-domain-1>.consul". Refer to the docs');
    expect(n.json(consulJson({ PeerServerName: `server.dc1.peering.${TRUST}.consul` }))).toBe(consulJson({ PeerServerName: 'server.dc1.peering.<trust-domain-1>.consul' }));
  });

  it('decodes peering tokens and compares their keys and normalised structure, not their secrets', () => {
    const n = new Normalizer();
    const first = n.json(consulJson({ PeeringToken: token() }));
    expect(first).toBe(
      '{\n    "PeeringToken": <peering-token {"CA":["<pem:CERTIFICATE>"],"ManualServerAddresses":null,"ServerAddresses":["127.0.0.1:<port-1>"],' +
        '"ServerName":"server.dc1.peering.<trust-domain-1>.consul","PeerID":"<uuid-1>","EstablishmentSecret":"<uuid-2>",' +
        '"Remote":{"Partition":"","Datacenter":"dc1","Locality":null}}>\n}',
    );
    // The acceptor's read shows the same ID as the token's PeerID.
    expect(n.json(consulJson({ ID: ACCEPTOR_ID }))).toBe(consulJson({ ID: '<uuid-1>' }));
    // A rotated token: same PeerID, new secret, external addresses as ManualServerAddresses.
    const rotated = n.json(consulJson({ PeeringToken: token({ EstablishmentSecret: '99999999-58a7-3c25-6c09-9d0d3b4b3a11', ManualServerAddresses: ['127.0.0.1:1'] }) }));
    expect(rotated).toContain('"ManualServerAddresses":["127.0.0.1:1"]');
    expect(rotated).toContain('"PeerID":"<uuid-1>","EstablishmentSecret":"<uuid-3>"');
    // A token with keys missing or in another order does not normalise to the same text.
    const { Remote: _remote, ...withoutRemote } = JSON.parse(Buffer.from(token(), 'base64').toString('utf8')) as Record<string, unknown>;
    const short = Buffer.from(JSON.stringify(withoutRemote)).toString('base64');
    expect(new Normalizer().json(consulJson({ PeeringToken: short }))).not.toBe(new Normalizer().json(consulJson({ PeeringToken: token() })));
  });

  it('marks tokens that are not base64 JSON', () => {
    expect(new Normalizer().json('{"PeeringToken": "not a token"}')).toBe('{"PeeringToken": <peering-token: not base64 JSON (11 chars)>}');
  });

  it('replaces the random name suffix of the run by X', () => {
    const n = new Normalizer({ suffixes: ['hluyvt'] });
    expect(n.body('Peering not found for "peer-b-hluyvt"', 'text/plain; charset=utf-8')).toBe('Peering not found for "peer-b-X"');
    expect(n.json(consulJson({ Name: 'peer-b-hluyvt' }))).toBe(consulJson({ Name: 'peer-b-X' }));
  });

  it('replaces the suffix and node names in object keys too (service names as map keys), and node names in values', () => {
    const n = new Normalizer({ suffixes: ['qwerty'] });
    n.literal('dc1-server-a1b2c3', '<node:a>');
    expect(n.json(consulJson({ 'web-qwerty': ['v1'], consul: [] }))).toBe(consulJson({ 'web-X': ['v1'], consul: [] }));
    expect(n.json(consulJson({ Node: 'dc1-server-a1b2c3', ID: 'x' }))).toBe(consulJson({ Node: '<node:a>', ID: 'x' }));
    expect(n.text('node dc1-server-a1b2c3 of web-qwerty')).toBe('node <node:a> of web-X');
  });

  it('collapses a multierror of one retried failure, but not a single error or distinct errors', () => {
    const n = new Normalizer();
    const item = '\t* failed to exchange peering secret through address "127.0.0.1:1": rpc error: code = Unavailable desc = connection refused';
    expect(n.text(`17 errors occurred:\n${item}\n${item}\n${item}\n\n`)).toBe(`<n> errors occurred:\n${item}\n\n`);
    expect(n.text(`3 errors occurred:\n${item}\n${item}\n${item}\n\n`)).toBe(`<n> errors occurred:\n${item}\n\n`);
    const single = '1 error occurred:\n\t* Meta exceeds maximum element count 64\n\n';
    expect(n.text(single)).toBe(single);
    const distinct = '2 errors occurred:\n\t* a\n\t* b\n\n';
    expect(n.text(distinct)).toBe(distinct);
  });

  it('normalises bodies by content type: JSON only when it says JSON and parses', () => {
    const n = new Normalizer();
    expect(n.body('', 'application/json; charset=utf-8')).toBe('');
    expect(n.body('true', 'application/json')).toBe('true');
    expect(n.body('{"ModifyIndex": 3}', 'text/plain; charset=utf-8')).toBe('{"ModifyIndex": 3}');
    expect(n.body('{"ModifyIndex": 3}', 'application/json')).toBe('{"ModifyIndex": <index>}');
  });

  it('gives two real recordings of the same exchange the same text', () => {
    const recorded = (id: string, peer: string, trust: string, port: number, stamp: string, index: number, hash: string): string =>
      `{\n    "ID": "${id}",\n    "Name": "peer-a-${peer}",\n    "PeerID": "${ACCEPTOR_ID}",\n    "PeerServerName": "server.dc1.peering.${trust}.consul",\n` +
      `    "PeerServerAddresses": [\n        "127.0.0.1:${port}"\n    ],\n    "LastReceive": "${stamp}",\n    "Hash": ${hash},\n` +
      `    "CreateIndex": ${index},\n    "ModifyIndex": ${index + 4}\n}`;
    const a = new Normalizer({ suffixes: ['ghijkl'] }).json(recorded('bbe5ce8d-04b4-b30d-4a21-168adc35cde2', 'ghijkl', TRUST, 18503, '2026-11-22T10:19:06.718626803Z', 18, '123'));
    const b = new Normalizer({ suffixes: ['zyxwvu'] }).json(recorded('0d0d0d0d-04b4-b30d-4a21-168adc35cde2', 'zyxwvu', '94bb9853-73b7-e283-85b9-bba5285aa2dd', 31999, '2026-11-23T00:00:00Z', 40, '987654321'));
    expect(a).toBe(b);
    expect(a).not.toMatch(/\d{4}-\d{2}-\d{2}T|18503|ghijkl|bbe5ce8d/);
  });
});

describe('comparison', () => {
  const exchange = (overrides: Partial<Exchange> = {}): Exchange => ({
    step: 1, label: 'read', cluster: 'a', method: 'GET', path: '/v1/peering/x', status: 200, contentType: 'application/json',
    index: true, allow: null, body: '{\n    "State": "ACTIVE"\n}', receivedBody: '', attempts: 1, elapsedMs: 1, ...overrides,
  });
  const run = (exchanges: Exchange[], backend = 'consul'): ScenarioRun => ({ scenario: 's', backend, exchanges, problems: [], durationMs: 1 });

  it('ignores attempts, timings and the raw body, and reports every compared field that differs', () => {
    expect(compareRuns(run([exchange()]), run([exchange({ attempts: 9, elapsedMs: 500, receivedBody: 'x' })]))).toEqual([]);
    const mismatches = compareRuns(run([exchange()]), run([exchange({ status: 500, index: false, body: 'boom' })], 'emulator'));
    expect(mismatches.map((m) => m.fields)).toEqual([['status', 'index', 'body']]);
    const report = formatMismatches(run([exchange()]), run([exchange({ status: 500, index: false, body: 'boom' })], 'emulator'), mismatches);
    expect(report).toContain('#1 step 1 "read" (a GET /v1/peering/x)');
    expect(report).toContain('status: reference 200, candidate 500');
    expect(report).toContain('- {');
    expect(report).toContain('+ boom');
  });

  it('compares poll targets and facts, and reports missing exchanges', () => {
    const polled = exchange({ poll: { until: 'State=ACTIVE', reached: true } });
    expect(compareRuns(run([polled]), run([exchange({ poll: { until: 'State=ACTIVE', reached: false } })]))[0]?.fields).toEqual(['poll']);
    expect(compareRuns(run([exchange({ facts: '{"a":true}' })]), run([exchange({ facts: '{"a":false}' })]))[0]?.fields).toEqual(['facts']);
    expect(compareRuns(run([exchange(), exchange({ step: 2 })]), run([exchange()]))[0]?.fields).toEqual(['(missing exchange)']);
  });

  it('shows a line diff with context around changes only', () => {
    const reference = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const candidate = reference.replace('line 10', 'line ten');
    const diff = lineDiff(reference, candidate, 2);
    expect(diff).toEqual(['  …', '  line 8', '  line 9', '+ line ten', '- line 10', '  line 11', '  line 12', '  …']);
  });
});

describe('Normalizer: ACL objects', () => {
  it('maps base64 Hash strings too, keeping them quoted', () => {
    const n = new Normalizer();
    expect(n.json('{"Hash": "dGhpcyBpcyBhIGhhc2g=", "Other": "dGhpcyBpcyBhIGhhc2g="}')).toBe('{"Hash": "<hash-1>", "Other": "dGhpcyBpcyBhIGhhc2g="}');
  });
});
