// The permission preflight for Pulumi. The engine checks resources one at a time and stops a preview at the first
// failure, so the provider cannot gather a plan's needs. The program can: every resource constructed by it adds its
// write needs to one batch per cluster (address + ACL token), asked in one authorize request; the answer travels
// to the provider as a hidden input, and the provider's `check` fails a create or a change whose permissions are
// missing, naming as well what the other resources of the cluster lack.
import * as pulumi from '@pulumi/pulumi';
import { ConsulClient, resolveConsulConfig } from '../consul';
import { PreflightBatcher, preflightEnabled, writeNeeds, type ResourceEntry } from '../core';
import { settingsFor, settingsFromConfig, type CheckFailure } from './settings';

export { PREFLIGHT_KEY } from './wire';

/** What the program learnt for one resource: its own missing permissions, those of the cluster's other resources, a warning. */
export interface PreflightAnswer {
  readonly missing: readonly { readonly field: string; readonly message: string }[];
  readonly others: readonly string[];
  readonly warning?: string;
}

const batchers = new Map<string, PreflightBatcher>();

/**
 * The preflight answer for a resource being constructed (unknown while its connection or a permission-relevant
 * argument is unknown; undefined without an answer). Secret inputs are not awaited: no permission depends on them.
 */
export function preflightAnswer(
  resource: ResourceEntry, name: string, args: Readonly<Record<string, unknown>>,
): pulumi.Output<PreflightAnswer | undefined> | undefined {
  if (!preflightEnabled()) return undefined;
  const { schema } = resource;
  const plain = Object.fromEntries(Object.entries(args).filter(([key]) => schema.fields[key] !== undefined && schema.fields[key]?.sensitive !== true));
  return pulumi.all([pulumi.output(plain), pulumi.output(args['connection'] ?? null)]).apply(async ([inputs, connection]) => {
    try {
      const resolved = resolveConsulConfig(settingsFor(connection, settingsFromConfig({ get: (key) => pulumi.runtime.getConfig(key) })));
      const key = `${resolved.baseUrl}\u0000${resolved.token ?? ''}`;
      let batcher = batchers.get(key);
      if (batcher === undefined) {
        batcher = new PreflightBatcher(() => {
          const client = new ConsulClient(resolved, { userAgent: 'consul-peering/pulumi' });
          return { client, release: () => client.close() };
        }, resolved.baseUrl);
        batchers.set(key, batcher);
      }
      const definition = await resource.load();
      const needs = writeNeeds(definition.permissions(definition.check(inputs as Record<string, unknown>).inputs, 'write'), `${schema.className} "${name}"`);
      const outcome = await batcher.check(needs);
      if (outcome.kind === 'unknown') return { missing: [], others: [], warning: outcome.warning };
      if (outcome.kind !== 'missing') return { missing: [], others: [] };
      const own = outcome.missing.map(({ need, message }) => ({ field: need.permission.field ?? 'connection', message }));
      const others = batcher.missingMessages().filter((message) => !own.some((entry) => entry.message === message));
      return { missing: own, others };
    } catch {
      return undefined; // bad connection settings: `check` reports them on `connection`
    }
  });
}

/** The check failures of a create or change from the program's answer (the cluster's other gaps named too). */
export function preflightFailures(answer: unknown, warn: (message: string) => void): CheckFailure[] {
  if (typeof answer !== 'object' || answer === null || !Array.isArray((answer as PreflightAnswer).missing)) return [];
  const { missing, others, warning } = answer as PreflightAnswer;
  if (warning !== undefined) warn(warning);
  const also = others.length === 0 ? '' : `; this cluster also lacks what other resources need: ${others.join('; ')}`;
  return missing.map(({ field, message }) => ({ property: field, reason: `${message}${also}` }));
}
