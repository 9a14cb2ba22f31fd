import { X509Certificate } from 'node:crypto';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { RESOURCES } from '../../src/core/registry';
import { encodeMsgpack, MsgpackExtension } from '../../src/terraform/msgpack';
import { ProtoMessage, ProtoWriter } from '../../src/terraform/protobuf';
import { createServerCertificate } from '../../src/terraform/x509';
import { ensureProviderBuilt } from './support/build';
import { connect, PROVIDER_BIN, startPlugin, unary, type PluginProcess } from './support/plugin-process';

const started: PluginProcess[] = [];
beforeAll(() => ensureProviderBuilt(), 200_000);
afterAll(() => started.forEach((plugin) => plugin.child.kill('SIGKILL')));

async function plugin(env: NodeJS.ProcessEnv = {}): Promise<PluginProcess> {
  const running = await startPlugin(env);
  started.push(running);
  return running;
}

const config = (value: Record<string, unknown>): Buffer => new ProtoWriter().bytes(1, encodeMsgpack(value as never)).finish();
const unknown = new MsgpackExtension(0, Buffer.from([0]));
const refined = new MsgpackExtension(12, encodeMsgpack({ 1: false, 2: 'beta-' } as never));

describe('provider process: go-plugin handshake, mutual TLS, lifecycle', () => {
  it('prints exactly one handshake line: core 1, protocol 6, tcp on 127.0.0.1, grpc, unpadded DER of a localhost certificate', async () => {
    const running = await plugin();
    expect(running.handshake).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$/);
    expect(running.port).toBeGreaterThanOrEqual(10000);
    expect(running.port).toBeLessThanOrEqual(25000);
    const certificate = new X509Certificate(running.serverCertPem);
    expect(certificate.checkHost('localhost')).toBe('localhost');
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(certificate.ca).toBe(true);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('serves the schema to the client holding PLUGIN_CLIENT_CERT; stdout stays the handshake line alone', async () => {
    const running = await plugin();
    const session = connect(running);
    const answer = await unary(session, '/tfplugin6.Provider/GetProviderSchema');
    session.close();
    expect(answer.status).toBe(0);
    const response = ProtoMessage.decode(answer.body);
    expect(response.messages(2).map((entry) => entry.string(1)).sort()).toEqual(RESOURCES.map(({ schema }) => `consulpeering_${schema.typeName}`).sort());
    expect(RESOURCES.length).toBeGreaterThanOrEqual(4);
    expect(response.message(6)?.bool(2)).toBe(true);
    expect(running.stdout()).toBe(`${running.handshake}\n`);
  });

  it('rejects a client with another certificate (same subject, other key), and one with none, at the TLS handshake', async () => {
    const running = await plugin();
    const failures: string[] = [];
    for (const client of [createServerCertificate(), null]) {
      const session = connect(running, client);
      session.on('error', () => undefined);
      failures.push(await unary(session, '/tfplugin6.Provider/GetProviderSchema', Buffer.alloc(0), 5_000).then(
        (answer) => `answered with status ${answer.status}`, (error: Error) => error.message,
      ));
      session.destroy();
    }
    // The other key: the server verifies the certificate and drops the connection right after the TLS 1.3
    // handshake, before any request is read. No certificate: OpenSSL refuses the handshake itself.
    expect(failures.filter((failure) => failure.startsWith('answered'))).toEqual([]);
    expect(failures[1]).toMatch(/certificate required/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(running.stderr().match(/\[DEBUG\] consulpeering: rejected a TLS client/g)?.length).toBe(2);
    expect(running.stderr()).not.toContain('GetProviderSchema');
    const session = connect(running);
    expect((await unary(session, '/tfplugin6.Provider/GetProviderSchema')).status).toBe(0);
    session.close();
  });

  it('answers streaming and unknown methods with UNIMPLEMENTED at once; health says SERVING', async () => {
    const running = await plugin();
    const session = connect(running);
    for (const path of ['/plugin.GRPCStdio/StreamStdio', '/plugin.GRPCBroker/StartStream', '/tfplugin6.Provider/GetFunctions']) {
      expect((await unary(session, path, Buffer.alloc(0), 2_000)).status).toBe(12);
    }
    const health = await unary(session, '/grpc.health.v1.Health/Check', new ProtoWriter().string(1, 'plugin').finish());
    expect(ProtoMessage.decode(health.body).uint(1)).toBe(1n);
    session.close();
  });

  it('validates configurations over RPC: unknowns (ext 0 and refined ext 12) pass, a bad peer name is an error on peer_name', async () => {
    const running = await plugin();
    const session = connect(running);
    const validate = async (value: Record<string, unknown>): Promise<ProtoMessage[]> => {
      const request = new ProtoWriter().string(1, 'consulpeering_peering_token').message(2, config(value)).finish();
      const answer = await unary(session, '/tfplugin6.Provider/ValidateResourceConfig', request);
      expect(answer.status).toBe(0);
      return ProtoMessage.decode(answer.body).messages(1);
    };
    const base = { meta: null, partition: null, rotation_trigger: null, server_external_addresses: null, peering_token: null, peering_id: null, state: null };
    expect(await validate({ ...base, peer_name: refined })).toEqual([]);
    expect(await validate({ ...base, peer_name: 'dc2', server_external_addresses: unknown })).toEqual([]);
    const [diagnostic] = await validate({ ...base, peer_name: 'Bad_Name' });
    expect(diagnostic?.uint(1)).toBe(1n);
    expect(diagnostic?.string(3)).toMatch(/peer_name: must be a peer name/);
    expect(diagnostic?.message(4)?.messages(1).map((step) => step.string(1))).toEqual(['peer_name']);
    session.close();
  });

  it('ignores SIGINT, then exits with 0 right after answering Shutdown', async () => {
    const running = await plugin();
    running.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const session = connect(running);
    expect((await unary(session, '/tfplugin6.Provider/StopProvider')).status).toBe(0);
    const started = Date.now();
    expect((await unary(session, '/plugin.GRPCController/Shutdown')).status).toBe(0);
    expect(await running.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(1_000);
    session.destroy();
  });

  it('exits by itself when Terraform dies without calling Shutdown (parent process gone)', async () => {
    const script = `const c = require('child_process').spawn(process.execPath, [${JSON.stringify(PROVIDER_BIN)}], { stdio: ['ignore', 'pipe', 'ignore'] });
      c.stdout.once('data', () => process.stdout.write(String(c.pid) + '\\n')); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', script], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { PATH: process.env['PATH'], TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2', PLUGIN_CLIENT_CERT: createServerCertificate().certPem },
    });
    const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    // Running, not a zombie waiting for a (container) init to reap it.
    const alive = (): boolean => {
      try {
        return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 5_000;
    while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive()).toBe(false);
  });

  it('refuses to run without the magic cookie or without PLUGIN_CLIENT_CERT, printing nothing on stdout', async () => {
    for (const env of [{ TF_PLUGIN_MAGIC_COOKIE: '' }, { PLUGIN_CLIENT_CERT: '' }]) {
      const child = spawn(process.execPath, [PROVIDER_BIN], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: process.env['PATH'], TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2', PLUGIN_CLIENT_CERT: 'x', ...env },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const code = await new Promise((resolve) => child.on('exit', resolve));
      expect([code, out]).toEqual([1, '']);
      expect(err).toMatch(/plugin|PLUGIN_CLIENT_CERT/);
    }
  });
});
