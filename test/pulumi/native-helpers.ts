import { NativeProvider } from '../../src/pulumi/plugin/native-provider';
import { isSecret, secret } from '../../src/pulumi/plugin/properties';
import type { TestCluster } from '../support/backends';

// Shared by the NativeProvider suites: the provider called the way the engine calls it (Configure first; Check, then
// the operation with the checked inputs; olds are the stored properties), with secrets and unknowns as the engine
// sends them.

type Props = Record<string, unknown>;

/** The package's resource classes. */
export type ResourceClass = 'PeeringToken' | 'Peering' | 'ExportedServices' | 'ServiceIntentions';

/** The type token of a resource class (`consulpeering:index:Peering`). */
export const typeToken = (className: ResourceClass): string => `consulpeering:index:${className}`;

/** A well-formed (unsealed) peering token that points nowhere: for checks and diffs that make no request. */
export const FAKE_TOKEN = Buffer.from(JSON.stringify({ CA: null, ServerAddresses: ['127.0.0.1:8503'], PeerID: 'p1' })).toString('base64');

/** An address nothing listens on: a provider configured with it fails any request it makes. */
export const NOWHERE = 'http://127.0.0.1:1';

/** A provider configured with `settings` (as Configure's args: the token wrapped as the secret the engine sends). */
export function configuredProvider(settings: Props): NativeProvider {
  const provider = new NativeProvider();
  const args = Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, name === 'token' ? secret(value) : value]));
  provider.configure(args);
  return provider;
}

/** A provider configured for `cluster` (its address and management token). */
export function clusterProvider(cluster: TestCluster, token = cluster.token ?? ''): NativeProvider {
  return configuredProvider({ address: cluster.address, token });
}

/** The value of a secret property, failing the test when it is not wrapped as a secret. */
export function secretValue(value: unknown): unknown {
  if (!isSecret(value)) throw new Error(`expected a secret, got ${JSON.stringify(value)}`);
  return value.value;
}

/** Check that must pass: the checked inputs of `news`. */
export async function checkedInputs(provider: NativeProvider, className: ResourceClass, news: Props): Promise<Props> {
  const result = await provider.check(typeToken(className), news);
  expect(result.failures).toEqual([]);
  return result.inputs;
}

/** The property paths of check failures. */
export const failurePaths = (failures: readonly { property: string }[]): string[] => failures.map((failure) => failure.property);

/** Sets environment variable `name` to `value` (unsets it when undefined); returns what restores the previous value. */
export function setEnv(name: string, value: string | undefined): () => void {
  const previous = process.env[name];
  const put = (next: string | undefined) => {
    if (next === undefined) delete process.env[name];
    else process.env[name] = next;
  };
  put(value);
  return () => put(previous);
}

/** Runs `body` with environment variable `name` set to `value` (unset when undefined), restoring it afterwards. */
export async function withEnv<T>(name: string, value: string | undefined, body: () => Promise<T> | T): Promise<T> {
  const restore = setEnv(name, value);
  try {
    return await body();
  } finally {
    restore();
  }
}

/** Collects what the provider writes to stderr (its progress messages) instead of printing it; call `restore` after. */
export function captureStderr(): { readonly lines: string[]; restore(): void } {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return { lines, restore: () => spy.mockRestore() };
}
