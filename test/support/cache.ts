import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Where the Go-built tools and cdktn are cached (the rule of scripts/lib/go-tool.mjs `cacheDir`, keep the two
 * identical): $CONSUL_PEERING_CACHE, else $XDG_CACHE_HOME/consul-peering, else ~/.cache/consul-peering.
 */
export function toolCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['CONSUL_PEERING_CACHE']) return path.resolve(env['CONSUL_PEERING_CACHE']);
  if (env['XDG_CACHE_HOME']) return path.resolve(env['XDG_CACHE_HOME'], 'consul-peering');
  return path.join(os.homedir(), '.cache', 'consul-peering');
}

/** The version of `modulePath` that tools/<tool>/go.mod pins (the rule of scripts/lib/go-tool.mjs `requiredVersion`). */
export function pinnedToolVersion(tool: string, modulePath: string): string {
  const goMod = fs.readFileSync(path.resolve(__dirname, '..', '..', 'tools', tool, 'go.mod'), 'utf8');
  const escaped = modulePath.replace(/[./]/g, (character) => `\\${character}`);
  const match = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+v(\\S+)`, 'm').exec(goMod);
  if (!match?.[1]) throw new Error(`tools/${tool}/go.mod does not require ${modulePath}`);
  return match[1];
}
