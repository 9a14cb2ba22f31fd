#!/usr/bin/env node
/**
 * Serialization round trip of the Pulumi dynamic providers in plain Node (Jest's module sandbox breaks Pulumi's
 * closure serializer, and the engine never runs providers under Jest): each provider of the built package is
 * serialized with `@pulumi/pulumi/runtime` `serializeFunction` exactly as `dynamic.Resource` does, loaded back with
 * `require-from-string` the way Pulumi's provider process does — from a directory whose node_modules holds
 * `consul-peering`, like a Pulumi program — and the copies' configure/check/create/read/diff/update/delete run
 * against an emulator with ACLs on. Prints one JSON line: {"ok":true,"steps":[...]} (or {"ok":false,"error":...}, exit 1).
 * Usage: node test/pulumi/serialize-check.js [PACKAGE_ROOT]  — PACKAGE_ROOT (default: this repository, after
 * `npm run build`) is a directory with this package's package.json and its built dist/.
 */
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(process.argv[2] || path.join(__dirname, '../..'));
const dist = path.join(root, 'dist');

for (const name of Object.keys(process.env)) if (name.startsWith('CONSUL_')) delete process.env[name];

async function main() {
  const { serializeFunction } = require('@pulumi/pulumi/runtime');
  const requireFromString = require('require-from-string');
  const { startSimulator } = require(path.join(dist, 'sim'));
  const { CoreProvider } = require(path.join(dist, 'pulumi'));
  const steps = [];
  const step = (name, detail) => steps.push(detail === undefined ? name : `${name}: ${detail}`);
  const expect = (condition, message) => {
    if (!condition) throw new Error(message);
  };

  const sim = await startSimulator({ clusters: ['dc1', 'dc2'], acl: true });
  const [dc1, dc2] = sim.clusters;
  const program = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-pulumi-'));
  try {
    // Serialize in the program process, as dynamic.Resource does.
    const texts = {};
    for (const kind of ['peeringToken', 'peering', 'exportedServices', 'serviceIntentions']) {
      const provider = new CoreProvider(kind);
      const serialized = await serializeFunction(() => provider, { allowSecrets: true });
      expect(!serialized.containsSecrets, `${kind}: the serialized provider captured a secret`);
      for (const forbidden of [dc1.token, dc2.token, 'zod', 'ConsulClient', dist]) {
        expect(!serialized.text.includes(forbidden), `${kind}: the serialized provider contains ${JSON.stringify(forbidden)}`);
      }
      texts[kind] = serialized.text;
      step('serialized', `${kind} (${serialized.text.length} chars, no credential, no captured module)`);
    }

    // Load the copies the way the provider process does: cwd = the program directory, this package in its node_modules,
    // and none of this package's modules in the require cache.
    fs.mkdirSync(path.join(program, 'node_modules'));
    fs.symlinkSync(root, path.join(program, 'node_modules', 'consul-peering'), 'dir');
    process.chdir(program);
    for (const key of Object.keys(require.cache)) {
      if (key.startsWith(path.join(dist, 'pulumi')) || key.startsWith(path.join(dist, 'core')) || key.startsWith(path.join(dist, 'consul'))) {
        delete require.cache[key];
      }
    }
    const copies = {};
    for (const [kind, text] of Object.entries(texts)) copies[kind] = requireFromString(text).handler();
    expect(!(copies.peeringToken instanceof CoreProvider), 'the copy is the original object');

    // The token provider takes its cluster from the stack config (configure); the others from `connection` inputs.
    const config = { 'consul-peering:address': dc1.address, 'consul-peering:token': dc1.token };
    await copies.peeringToken.configure({ config: { get: (key) => config[key], require: (key) => config[key] } });
    const dc1Connection = { address: dc1.address, token: dc1.token };
    const dc2Connection = { address: dc2.address, token: dc2.token };

    const tokenCheck = await copies.peeringToken.check({}, { peerName: 'dc2' });
    expect(tokenCheck.failures.length === 0, `token check: ${JSON.stringify(tokenCheck.failures)}`);
    const token = await copies.peeringToken.create(tokenCheck.inputs);
    expect(token.id === 'dc2' && typeof token.outs.peeringToken === 'string' && token.outs.peeringToken !== '', 'token create');
    step('PeeringToken create (configured through configure)', `id ${token.id}`);

    const peeringCheck = await copies.peering.check({}, { peerName: 'dc1', peeringToken: token.outs.peeringToken, connection: dc2Connection });
    expect(peeringCheck.failures.length === 0, `peering check: ${JSON.stringify(peeringCheck.failures)}`);
    const peering = await copies.peering.create(peeringCheck.inputs);
    expect(peering.outs.state === 'ACTIVE' && peering.outs.remoteDatacenter === 'dc1', `peering create: ${peering.outs.state}`);
    expect(JSON.stringify(peering.outs.connection) === JSON.stringify(dc2Connection), 'peering outputs repeat the connection');
    step('Peering create', `id ${peering.id}, ${peering.outs.state}`);

    const exportsCheck = await copies.exportedServices.check({}, { services: [{ name: 'api', consumers: [{ peer: 'dc2' }] }], connection: dc1Connection });
    const exported = await copies.exportedServices.create(exportsCheck.inputs);
    step('ExportedServices create', `id ${exported.id}`);
    const intentionsCheck = await copies.serviceIntentions.check({}, {
      name: 'api', sources: [{ name: 'web', peer: 'dc2', action: 'allow' }], connection: dc1Connection,
    });
    const intentions = await copies.serviceIntentions.create(intentionsCheck.inputs);
    step('ServiceIntentions create', `id ${intentions.id}`);

    const made = [
      ['peeringToken', token, tokenCheck], ['peering', peering, peeringCheck],
      ['exportedServices', exported, exportsCheck], ['serviceIntentions', intentions, intentionsCheck],
    ];
    for (const [kind, created, checked] of made) {
      const withProvider = (props) => ({ ...props, __provider: texts[kind] });
      const read = await copies[kind].read(created.id, withProvider(created.outs));
      expect(read.id === created.id, `${kind} read id ${read.id}`);
      const diff = await copies[kind].diff(created.id, withProvider(read.props), withProvider(checked.inputs));
      expect(diff.changes === false, `${kind}: a refresh followed by the same program must show no change, got ${JSON.stringify(diff)}`);
      step(`${kind} read (refresh) + diff`, 'no change');
    }

    // Updates through the copies: a token rotation in place (the peering stays), and one more export.
    const rotated = await copies.peeringToken.update(token.id, { ...token.outs }, { ...tokenCheck.inputs, rotationTrigger: 'r1' });
    expect(rotated.outs.peeringToken !== token.outs.peeringToken && rotated.outs.peeringId === token.outs.peeringId, 'rotation gives a new token in place');
    const moreExports = { ...exportsCheck.inputs, services: [{ name: 'api', consumers: [{ peer: 'dc2' }, { peer: 'dc3' }] }] };
    const exportsUpdated = await copies.exportedServices.update(exported.id, exported.outs, moreExports);
    expect(exportsUpdated.outs.services[0].consumers.length === 2, 'exports updated in place');
    step('updates in place', 'token rotated, one more export');

    await copies.serviceIntentions.delete(intentions.id, intentions.outs);
    await copies.exportedServices.delete(exported.id, exportsUpdated.outs);
    await copies.peering.delete(peering.id, peering.outs);
    await copies.peeringToken.delete(token.id, rotated.outs);
    const gone = await copies.peeringToken.read(token.id, rotated.outs);
    expect(gone.id === '', 'a deleted token reads as gone');
    step('delete all', 'token reads as gone afterwards');

    const loaded = Object.keys(require.cache).filter((key) => key.startsWith(path.join(dist, 'pulumi')));
    expect(loaded.length > 0, 'the copies did not load the package by name');
    step('copies loaded the package through', path.relative(program, path.join(program, 'node_modules', 'consul-peering')));
    process.stdout.write(`${JSON.stringify({ ok: true, steps })}\n`);
  } finally {
    process.chdir(root);
    fs.rmSync(program, { recursive: true, force: true });
    await sim.stop();
  }
}

main().catch((error) => {
  process.stdout.write(`${JSON.stringify({ ok: false, error: String(error && error.stack ? error.stack : error) })}\n`);
  process.exitCode = 1;
});
