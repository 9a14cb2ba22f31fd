// Entry of the `pulumi-resource-consulpeering` executable: the engine starts it (with its own address as the first
// argument), reads the port line, then calls the ResourceProvider service; it stops on SIGTERM/SIGINT.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { servePlugin } from './grpc-server';
import { preloadConsulClient } from './native-provider';

/** This package's version: the plugin's and the schema's version. */
export function pluginVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}

/** Serves until the engine stops the plugin. */
export async function main(): Promise<void> {
  const server = await servePlugin(pluginVersion(), process.argv[2]);
  preloadConsulClient();
  const stop = () => server.tryShutdown(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
