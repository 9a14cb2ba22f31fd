// The provider process as go-plugin expects it: check the magic cookie, serve gRPC over mutual TLS on 127.0.0.1,
// print the one handshake line on stdout, ignore SIGINT (Terraform calls StopProvider), exit on
// plugin.GRPCController/Shutdown or when Terraform goes away.
import { listenLoopback, serveGrpc, type UnaryHandler } from './grpc';
import { log, routeConsoleToLog } from './log';
import { createServerCertificate } from './x509';

/** go-plugin's handshake cookie for Terraform providers (same value for protocols 5 and 6). */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
/** The value Terraform sets. */
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

/** The handshake line: core protocol 1, app protocol 6, tcp address, grpc, server certificate (DER, unpadded base64). */
export function handshakeLine(port: number, certificateDer: Buffer): string {
  return `1|6|tcp|127.0.0.1:${port}|grpc|${certificateDer.toString('base64').replace(/=+$/, '')}\n`;
}

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

/** Serves the provider until Shutdown; resolves once the handshake line is written. */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const parent = process.ppid; // before anything slow: Terraform may be gone by the time the server is up
  routeConsoleToLog();
  process.on('SIGINT', () => log.debug('ignoring SIGINT: Terraform stops the provider with StopProvider and Shutdown'));
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    fail('This binary is a plugin: Terraform runs it as the provider terraform.local/consul-peering/consulpeering.\n'
      + 'To install it, run `consul-peering-terraform install --mirror DIR` and use the printed CLI configuration.');
    return;
  }
  const versions = (env['PLUGIN_PROTOCOL_VERSIONS'] ?? '6').split(',').map((version) => version.trim());
  if (!versions.includes('6')) {
    fail(`This provider speaks plugin protocol 6; Terraform offered ${versions.join(', ')} (Terraform 1.0 or newer is needed).`);
    return;
  }
  const clientCertPem = env['PLUGIN_CLIENT_CERT'];
  if (clientCertPem === undefined || clientCertPem.trim() === '') {
    fail('PLUGIN_CLIENT_CERT is not set: this provider runs only with Terraform\'s automatic mutual TLS '
      + '(TF_DISABLE_PLUGIN_TLS and reattach mode are not supported).');
    return;
  }

  const certificate = createServerCertificate();
  const handlers = new Map<string, UnaryHandler>();
  let provider: Promise<Map<string, UnaryHandler>> | undefined;
  const loadProvider = (): Promise<Map<string, UnaryHandler>> => {
    provider ??= import('./provider').then(({ ProviderInstance, providerHandlers }) => providerHandlers(new ProviderInstance()));
    return provider;
  };
  for (const method of PROVIDER_METHODS) {
    const path = `/tfplugin6.Provider/${method}`;
    handlers.set(path, async (request, call) => {
      const handler = (await loadProvider()).get(path);
      if (handler === undefined) throw new Error(`no handler for ${path}`);
      return handler(request, call);
    });
  }
  handlers.set('/plugin.GRPCController/Shutdown', async (_request, call) => {
    log.debug('Shutdown: exiting');
    call.afterResponse(() => process.exit(0));
    setTimeout(() => process.exit(0), 500).unref();
    return Buffer.alloc(0);
  });
  handlers.set('/grpc.health.v1.Health/Check', async () => (await import('./tfplugin6/responses')).encodeHealthCheckResponse({ status: 'SERVING' }));

  const min = Number(env['PLUGIN_MIN_PORT'] ?? 0);
  const max = Number(env['PLUGIN_MAX_PORT'] ?? 0);
  const { server, port } = await listenLoopback(Number.isInteger(min) && Number.isInteger(max) && min > 0 ? { min, max } : undefined);
  // Print first (Terraform starts dialing), then load TLS/http2 in this same tick: no connection is missed.
  process.stdout.write(handshakeLine(port, certificate.der));
  serveGrpc(server, { certPem: certificate.certPem, keyPem: certificate.keyPem, clientCertPem, handlers });
  setInterval(() => {
    if (process.ppid !== parent) {
      log.warn('Terraform (the parent process) is gone: exiting');
      process.exit(0);
    }
  }, 1000).unref();
  log.debug(`serving plugin protocol 6 on 127.0.0.1:${port}`);
}

/** Provider methods this process implements; everything else answers UNIMPLEMENTED. */
const PROVIDER_METHODS = [
  'GetMetadata', 'GetProviderSchema', 'ValidateProviderConfig', 'ValidateResourceConfig', 'ValidateDataResourceConfig',
  'UpgradeResourceState', 'ConfigureProvider', 'ReadResource', 'PlanResourceChange', 'ApplyResourceChange',
  'ImportResourceState', 'ReadDataSource', 'StopProvider',
] as const;
