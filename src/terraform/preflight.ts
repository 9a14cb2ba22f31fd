// The permission preflight in Terraform's plan. It runs in PlanResourceChange, the one call that knows both the
// configured values and whether the plan writes (configure knows neither; validate has no client). Terraform plans
// resources one call at a time, several at once: the core's batcher turns the calls of one plan wave into a single
// `POST /v1/internal/acl/authorize` per cluster and remembers the answers for the rest of the command.
import type { ConsulClient } from '../consul/client';
import type { PreflightBatcher } from '../core/preflight-batcher';
import { snakeCase } from '../core/schema';
import type { Definition } from './catalog';
import type { Diagnostic } from './diagnostics';
import { log } from './log';

/** The batcher of one provider process (one cluster), created on the first plan that writes. */
export class PlanPreflight {
  private batcher: PreflightBatcher | undefined;

  /** Diagnostics for the write permissions `inputs` need on the cluster of `client`: errors when missing, a warning when unknown. */
  async diagnostics(client: ConsulClient, definition: Definition, typeName: string, inputs: Record<string, unknown>): Promise<Diagnostic[]> {
    const { PreflightBatcher, preflightEnabled, writeNeeds } = await import('../core');
    if (!preflightEnabled()) return [];
    this.batcher ??= new PreflightBatcher(client, client.config.baseUrl);
    const outcome = await this.batcher.check(writeNeeds(definition.permissions(inputs, 'write'), typeName));
    switch (outcome.kind) {
      case 'granted':
        return [];
      case 'skipped':
        log.debug(`permission preflight skipped for ${typeName}: ${outcome.reason}`);
        return [];
      case 'unknown':
        return [{ severity: 'warning', summary: 'ACL permissions could not be checked before applying', detail: outcome.warning }];
      default:
        return outcome.missing.map(({ need, message }) => ({
          severity: 'error',
          summary: `Missing ACL permission ${need.permission.resource}:${need.permission.access}`,
          detail: `${message}. Nothing was written: the plan stops before any change.`,
          ...(need.permission.field === undefined ? {} : { path: [{ attribute: snakeCase(need.permission.field) }] }),
        }));
    }
  }
}
