// Runs the provider executable the way go-plugin does (cookie, PLUGIN_CLIENT_CERT, handshake line on stdout) and
// talks gRPC to it over Node's http2 with a client certificate: a stand-in for Terraform's side of the protocol.
import { spawn, type ChildProcess } from 'node:child_process';
import * as http2 from 'node:http2';
import { join } from 'node:path';
import { frame } from '../../../src/terraform/grpc';
import { MAGIC_COOKIE_VALUE } from '../../../src/terraform/main';
import { createServerCertificate, toPem, type ServerCertificate } from '../../../src/terraform/x509';

/** The package's provider executable. */
export const PROVIDER_BIN = join(__dirname, '..', '..', '..', 'bin', 'consul-peering-terraform.js');

/** A running provider process and what its handshake said. */
export interface PluginProcess {
  readonly child: ChildProcess;
  readonly handshake: string;
  readonly port: number;
  /** PEM of the certificate the handshake line carried. */
  readonly serverCertPem: string;
  /** The client certificate the process was told to trust. */
  readonly clientCert: ServerCertificate;
  /** Everything the process wrote to stdout so far (must stay the handshake line alone). */
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the provider with a fresh client certificate (or the given environment overrides). */
export function startPlugin(env: NodeJS.ProcessEnv = {}): Promise<PluginProcess> {
  const clientCert = createServerCertificate();
  const child = spawn(process.execPath, [PROVIDER_BIN], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env['PATH'], TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6',
      PLUGIN_MIN_PORT: '10000', PLUGIN_MAX_PORT: '25000', PLUGIN_CLIENT_CERT: clientCert.certPem, ...env,
    },
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no handshake within 10 s; stderr: ${err}`)), 10_000);
    const check = (): void => {
      const line = out.split('\n')[0] ?? '';
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      const parts = line.split('|');
      const der = Buffer.from(parts[5] ?? '', 'base64');
      resolve({
        child, handshake: line, port: Number((parts[3] ?? '').split(':')[1]), serverCertPem: toPem('CERTIFICATE', der), clientCert,
        stdout: () => out, stderr: () => err, exited,
      });
    };
    child.stdout?.on('data', check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`provider exited (${String(code)}) before its handshake; stderr: ${err}`));
    });
  });
}

/** A gRPC answer: status, message (for errors) and the response bytes. */
export interface GrpcAnswer {
  readonly status: number;
  readonly message: string;
  readonly body: Buffer;
}

/** An mTLS HTTP/2 session to the plugin with the given client certificate (none: no certificate at all). */
export function connect(plugin: PluginProcess, client: ServerCertificate | null = plugin.clientCert): http2.ClientHttp2Session {
  return http2.connect(`https://127.0.0.1:${plugin.port}`, {
    ca: plugin.serverCertPem, servername: 'localhost', ALPNProtocols: ['h2'],
    ...(client === null ? {} : { cert: client.certPem, key: client.keyPem }),
  });
}

/** One unary call: `path` like `/tfplugin6.Provider/GetProviderSchema`. */
export function unary(session: http2.ClientHttp2Session, path: string, request: Buffer = Buffer.alloc(0), timeoutMs = 10_000): Promise<GrpcAnswer> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' });
    const timer = setTimeout(() => {
      stream.close();
      reject(new Error(`${path}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const chunks: Buffer[] = [];
    let status: number | undefined;
    let message = '';
    const take = (headers: http2.IncomingHttpHeaders): void => {
      if (headers['grpc-status'] !== undefined) status = Number(headers['grpc-status']);
      if (headers['grpc-message'] !== undefined) message = decodeURIComponent(String(headers['grpc-message']));
    };
    stream.on('response', take);
    stream.on('trailers', take);
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    stream.on('close', () => {
      clearTimeout(timer);
      if (status === undefined) {
        reject(new Error(`${path}: the stream closed without a gRPC status (connection refused or reset)`));
        return;
      }
      const body = Buffer.concat(chunks);
      resolve({ status, message, body: body.length >= 5 ? body.subarray(5) : body });
    });
    stream.end(frame(request));
  });
}
