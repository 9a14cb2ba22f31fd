import { type ConsulClient, ConsulHttpError, isNotFound, type ExportedServicesEntry } from '../../src/consul';
import {
  applyConfigEntry, ConfigEntryConflictError, readConfigEntryOrAbsent, sameStoredContent, type ConfigEntryRef,
} from '../../src/core/config-entry-driver';
import type { OperationContext } from '../../src/core/lifecycle';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { countingClient as countedClient } from '../support/counting-client';

type Entry = ExportedServicesEntry;
const REF: ConfigEntryRef<'exported-services'> = { kind: 'exported-services', name: 'default', partition: '', namespace: '' };
const FAST = { initialDelayMs: 1, maxDelayMs: 2 };

function entry(...names: string[]): Entry {
  return { Kind: 'exported-services', Name: 'default', Services: names.map((Name) => ({ Name, Consumers: [{ Peer: 'dc2' }] })) };
}

/** Adds service `name` (peer dc2) to the entry. */
function adding(name: string) {
  return (current: Entry | undefined): Entry => ({
    ...entry(), ...current, Services: [...(current?.Services ?? []), { Name: name, Consumers: [{ Peer: 'dc2' }] }],
  });
}

/** An in-memory stand-in for the three client calls the driver makes; `conflicts` writes lose that many races. */
class FakeClient {
  calls: string[] = [];
  stored: Entry | undefined;
  index = 10;
  conflicts = 0;

  constructor(initial?: Entry) {
    if (initial !== undefined) this.stored = { ...initial, ModifyIndex: this.index };
  }

  async readConfigEntry(): Promise<Entry> {
    this.calls.push('GET');
    if (this.stored === undefined) {
      throw new ConsulHttpError({ status: 404, method: 'GET', path: '/v1/config/exported-services/default', consulMessage: 'Config entry not found' });
    }
    return { ...this.stored };
  }

  async writeConfigEntry(next: Entry, options: { cas?: number }): Promise<boolean> {
    this.calls.push(`PUT cas=${String(options.cas)}`);
    if (this.race()) return false;
    if ((this.stored?.ModifyIndex ?? 0) !== options.cas) return false;
    this.index += 1;
    this.stored = { ...next, ModifyIndex: this.index };
    return true;
  }

  async deleteConfigEntry(_kind: string, _name: string, options: { cas?: number }): Promise<boolean> {
    this.calls.push(`DELETE cas=${String(options.cas)}`);
    if (this.race()) return false;
    if (this.stored !== undefined && this.stored.ModifyIndex !== options.cas) return false;
    this.stored = undefined;
    return true;
  }

  /** Another writer got in first: the stored index moves on. */
  private race(): boolean {
    if (this.conflicts <= 0) return false;
    this.conflicts -= 1;
    this.index += 1;
    if (this.stored !== undefined) this.stored = { ...this.stored, ModifyIndex: this.index };
    else this.stored = { ...entry('other'), ModifyIndex: this.index };
    return true;
  }
}

function contextOf(fake: FakeClient, extra: Partial<OperationContext> = {}): OperationContext {
  return { client: fake as unknown as ConsulClient, ...extra };
}

describe('applyConfigEntry (in memory)', () => {
  const cases: {
    title: string; initial?: Entry; merge: (current: Entry | undefined) => Entry | undefined; conflicts?: number;
    calls: string[]; action: string; attempts: number; readBack?: boolean;
  }[] = [
    { title: 'creates an absent entry with cas=0', merge: adding('web'), calls: ['GET', 'PUT cas=0'], action: 'written', attempts: 1 },
    { title: 'writes over the read index', initial: entry('db'), merge: adding('web'), calls: ['GET', 'PUT cas=10'], action: 'written', attempts: 1 },
    { title: 'writes nothing when the merge changes nothing', initial: entry('db'), merge: (current) => current, calls: ['GET'], action: 'unchanged', attempts: 1 },
    { title: 'deletes with cas when the merge leaves nothing', initial: entry('db'), merge: () => undefined, calls: ['GET', 'DELETE cas=10'], action: 'deleted', attempts: 1 },
    { title: 'does nothing for an absent entry that stays empty', merge: () => undefined, calls: ['GET'], action: 'unchanged', attempts: 1 },
    {
      title: 're-reads and merges again after two lost races', initial: entry('db'), merge: adding('web'), conflicts: 2,
      calls: ['GET', 'PUT cas=10', 'GET', 'PUT cas=11', 'GET', 'PUT cas=12'], action: 'written', attempts: 3,
    },
    {
      title: 'retries a delete that lost a race', initial: entry('db'), merge: () => undefined, conflicts: 1,
      calls: ['GET', 'DELETE cas=10', 'GET', 'DELETE cas=11'], action: 'deleted', attempts: 2,
    },
    { title: 'reads back after a write when asked', merge: adding('web'), readBack: true, calls: ['GET', 'PUT cas=0', 'GET'], action: 'written', attempts: 1 },
  ];

  it.each(cases)('$title', async ({ initial, merge, conflicts, calls, action, attempts, readBack }) => {
    const fake = new FakeClient(initial);
    fake.conflicts = conflicts ?? 0;
    const outcome = await applyConfigEntry(contextOf(fake), REF, merge, { ...FAST, ...(readBack === true ? { readBack } : {}) });
    expect(fake.calls).toEqual(calls);
    expect([outcome.action, outcome.attempts]).toEqual([action, attempts]);
    if (action === 'written') expect(outcome.entry?.Services?.map((s) => s.Name)).toContain('web');
  });

  it('gives up after 10 lost races with an error naming the entry and the other writer', async () => {
    const fake = new FakeClient(entry('db'));
    fake.conflicts = 1_000;
    const log: string[] = [];
    const error = await applyConfigEntry(contextOf(fake, { log: (line) => log.push(line) }), REF, adding('web'), FAST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigEntryConflictError);
    expect((error as Error).message).toMatch(/^exported-services config entry "default" was not changed: another writer kept changing it .*\(10 attempts\)/);
    expect(fake.calls.filter((call) => call === 'GET')).toHaveLength(10);
    expect(fake.calls.filter((call) => call.startsWith('PUT'))).toHaveLength(10);
    expect(log).toHaveLength(9);
  });

  it('stops at once when the operation is cancelled', async () => {
    const fake = new FakeClient();
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(applyConfigEntry(contextOf(fake, { signal: controller.signal }), REF, adding('web'))).rejects.toThrow('cancelled');
    expect(fake.calls).toEqual([]);
  });

  it('compares stored content without read-only keys and empty scope keys', () => {
    expect(sameStoredContent({ ...entry('web'), ModifyIndex: 4, CreateIndex: 2, Hash: 9, Partition: '' }, entry('web'))).toBe(true);
    expect(sameStoredContent(entry('web'), entry('web', 'db'))).toBe(false);
  });
});


describeEachBackend('applyConfigEntry against a backend', (backend) => {
  let env: TestClusters;
  const clients: ConsulClient[] = [];
  const counted = () => {
    const made = countedClient(env.clusters[0]!);
    clients.push(made.client);
    return made;
  };
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1']);
  });
  afterAll(async () => {
    clients.forEach((client) => client.close());
    await env?.stop();
  });
  afterEach(async () => {
    await counted().client.deleteConfigEntry('exported-services', 'default');
  });

  it('reads an absent entry as undefined with one GET, then creates it with 1 GET + 1 PUT', async () => {
    const { client, methods } = counted();
    expect(await readConfigEntryOrAbsent({ client }, REF)).toBeUndefined();
    expect(methods()).toEqual(['GET']);
    const outcome = await applyConfigEntry({ client }, REF, adding('web'));
    expect([outcome.action, outcome.attempts]).toEqual(['written', 1]);
    expect(methods()).toEqual(['GET', 'GET', 'PUT']);
    expect((await client.readConfigEntry('exported-services', 'default')).Services?.map((s) => s.Name)).toEqual(['web']);
  });

  it('loses no update when 8 appliers with their own clients merge into one entry at once', async () => {
    const appliers = Array.from({ length: 8 }, (_, i) => ({ name: `svc-${i}`, ...counted() }));
    const outcomes = await Promise.all(appliers.map(({ client, name }) => applyConfigEntry({ client }, REF, adding(name))));
    const stored = await counted().client.readConfigEntry('exported-services', 'default');
    expect(stored.Services?.map((s) => s.Name).sort()).toEqual(appliers.map((a) => a.name).sort());
    appliers.forEach(({ methods }, i) => {
      // Each round is 1 GET + 1 PUT: a lost race costs exactly one more round.
      expect(methods()).toEqual(Array.from({ length: outcomes[i]!.attempts }, () => ['GET', 'PUT']).flat());
    });
  });

  it('re-reads and merges again when another writer changes the entry between our read and our write', async () => {
    const { client, methods } = counted();
    const other = counted().client;
    await client.writeConfigEntry(entry('db'));
    let interfered = false;
    const racing = Object.create(client) as ConsulClient;
    racing.readConfigEntry = (async (...args: Parameters<ConsulClient['readConfigEntry']>) => {
      const read = await client.readConfigEntry(...args);
      if (!interfered) {
        interfered = true;
        await other.writeConfigEntry(entry('db', 'legacy'));
      }
      return read;
    }) as ConsulClient['readConfigEntry'];
    const outcome = await applyConfigEntry({ client: racing }, REF, adding('web'));
    expect(outcome.attempts).toBe(2);
    expect(methods()).toEqual(['PUT', 'GET', 'PUT', 'GET', 'PUT']);
    const stored = await client.readConfigEntry('exported-services', 'default');
    expect(stored.Services?.map((s) => s.Name)).toEqual(['db', 'legacy', 'web']);
  });

  it('deletes the entry with cas when the merge leaves it empty: 1 GET + 1 DELETE', async () => {
    const { client, methods } = counted();
    await client.writeConfigEntry(entry('db'));
    const outcome = await applyConfigEntry({ client }, REF, () => undefined);
    expect(outcome.action).toBe('deleted');
    expect(methods()).toEqual(['PUT', 'GET', 'DELETE']);
    expect(isNotFound(await client.readConfigEntry('exported-services', 'default').catch((e: unknown) => e))).toBe(true);
  });
});
