// A minimal gRPC server over Node's http2 with mutual TLS: unary calls only (each request is one length-prefixed
// message), every other method answered at once with a trailers-only UNIMPLEMENTED, as go-plugin tolerates.
// Start-up is split in two: `listenLoopback` binds the TCP port (cheap), so that the handshake line can be printed
// at once; `serveGrpc` then loads http2/TLS and takes over the connections, which Node delivers only afterwards.
import * as net from 'node:net';
import type * as http2 from 'node:http2';
import type { TLSSocket } from 'node:tls';
import { log } from './log';

/** gRPC status codes used here. */
export const GrpcStatus = { OK: 0, INVALID_ARGUMENT: 3, UNIMPLEMENTED: 12, INTERNAL: 13 } as const;

/** What a handler may ask of the call. */
export interface CallControl {
  /** Runs `action` once the response has been flushed (or the stream closed). */
  afterResponse(action: () => void): void;
}

/** A unary method: the request message bytes in, the response message bytes out. */
export type UnaryHandler = (request: Buffer, call: CallControl) => Promise<Buffer>;

/** TLS material and methods of the server. */
export interface GrpcServerOptions {
  readonly certPem: string;
  readonly keyPem: string;
  /** PEM of the only client certificate accepted (go-plugin's PLUGIN_CLIENT_CERT). */
  readonly clientCertPem: string;
  /** Handlers by gRPC path, e.g. `/tfplugin6.Provider/GetProviderSchema`. */
  readonly handlers: ReadonlyMap<string, UnaryHandler>;
}

/** Ports to try first (go-plugin's PLUGIN_MIN_PORT..PLUGIN_MAX_PORT). */
export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** Binds 127.0.0.1, trying random ports of `range` first, then an ephemeral port. */
export async function listenLoopback(range?: PortRange): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer();
  const attempt = (port: number): Promise<number | undefined> => new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(undefined);
      else reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
  if (range !== undefined && range.min > 0 && range.max >= range.min) {
    for (let tries = 0; tries < 5; tries += 1) {
      const port = await attempt(range.min + Math.floor(Math.random() * (range.max - range.min + 1)));
      if (port !== undefined) return { server, port };
    }
  }
  const port = await attempt(0);
  if (port === undefined) throw new Error('no free port on 127.0.0.1');
  return { server, port };
}

/**
 * Serves gRPC on the connections `listener` accepts: TLS 1.2 or newer, ALPN h2, and only clients whose
 * certificate verifies against `clientCertPem`. Call it before the event loop turns after listening, so that
 * no connection is accepted without it.
 */
export function serveGrpc(listener: net.Server, options: GrpcServerOptions): void {
  // Loaded after the handshake line is written (start-up time: Terraform starts the provider 2–4 times a command).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load; import() would make serving async
  const { createSecureServer } = require('node:http2') as typeof http2;
  const server = createSecureServer({
    cert: options.certPem,
    key: options.keyPem,
    ca: options.clientCertPem,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    ALPNProtocols: ['h2'],
  });
  server.on('tlsClientError', (error) => log.debug(`rejected a TLS client: ${error.message}`));
  server.on('sessionError', (error) => log.debug(`HTTP/2 session error: ${error.message}`));
  server.on('stream', (stream, headers) => {
    const socket = stream.session?.socket as TLSSocket | undefined;
    if (socket === undefined || !socket.authorized) {
      stream.session?.destroy();
      return;
    }
    handleStream(stream, String(headers[':path'] ?? ''), options.handlers);
  });
  listener.on('connection', (socket) => server.emit('connection', socket));
}

function handleStream(stream: http2.ServerHttp2Stream, path: string, handlers: ReadonlyMap<string, UnaryHandler>): void {
  stream.on('error', (error) => log.debug(`stream ${path}: ${error.message}`));
  const handler = handlers.get(path);
  if (handler === undefined) {
    log.trace(`unimplemented gRPC method ${path}`);
    trailersOnly(stream, GrpcStatus.UNIMPLEMENTED, `method ${path} is not implemented by this provider`);
    return;
  }
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => {
    const after: (() => void)[] = [];
    const control: CallControl = { afterResponse: (action) => after.push(action) };
    const runAfter = (): void => {
      for (const action of after.splice(0)) action();
    };
    stream.once('close', runAfter);
    let request: Buffer;
    try {
      request = unframe(Buffer.concat(chunks));
    } catch (error) {
      trailersOnly(stream, GrpcStatus.INVALID_ARGUMENT, error instanceof Error ? error.message : String(error));
      return;
    }
    handler(request, control).then(
      (reply) => respond(stream, reply),
      (error: unknown) => {
        log.error(`${path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        trailersOnly(stream, GrpcStatus.INTERNAL, error instanceof Error ? error.message : String(error));
      },
    );
  });
}

/** The single message of a unary request body (5-byte prefix: compressed flag, big-endian length). */
export function unframe(body: Buffer): Buffer {
  if (body.length < 5) throw new Error('gRPC request without a message');
  if (body[0] !== 0) throw new Error('compressed gRPC messages are not supported');
  const length = body.readUInt32BE(1);
  if (body.length !== 5 + length) throw new Error('a unary gRPC request must carry exactly one message');
  return body.subarray(5);
}

/** A message with its 5-byte gRPC prefix. */
export function frame(message: Buffer): Buffer {
  const out = Buffer.alloc(5 + message.length);
  out.writeUInt32BE(message.length, 1);
  message.copy(out, 5);
  return out;
}

function respond(stream: http2.ServerHttp2Stream, reply: Buffer): void {
  if (stream.destroyed || stream.closed) return;
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(GrpcStatus.OK) }));
  stream.end(frame(reply));
}

function trailersOnly(stream: http2.ServerHttp2Stream, status: number, message: string): void {
  if (stream.destroyed || stream.closed || stream.headersSent) return;
  stream.respond({
    ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(status), 'grpc-message': encodeURIComponent(message),
  }, { endStream: true });
}
