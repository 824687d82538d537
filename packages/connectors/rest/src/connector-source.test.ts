import { connectorNormalizer, connectorSource, rawRecordId } from '@openmdr/connector-kit';
import { createVendorSimulator, type VendorSimulator } from '@openmdr/connector-kit/simulator';
import { createRestConnector } from '@openmdr/connector-rest';
import { logDeadLetterSink, logSink, openStore, runPipeline } from '@openmdr/core';
import { afterEach, describe, expect, it } from 'vitest';

const spec = {
  id: 'idp-signins',
  vendor: 'Example IdP',
  product: 'Sign-in events',
  category: 'identity' as const,
  checkPath: '/me',
  stream: {
    name: 'signins',
    path: '/signins',
    cursor: { style: 'link-header' as const },
    idField: 'uuid',
    timeField: 'published',
    pageSize: 2,
  },
  mapping: {
    class: 'authentication' as const,
    user: 'actor.login',
    outcome: { field: 'result', success: ['SUCCESS'], failure: ['FAILURE'] },
    sourceIp: 'client.ip',
  },
  rateLimit: { requests: 100, perMs: 1_000 },
};

const signIn = (uuid: string, minute: number, login?: string) => ({
  uuid,
  published: new Date(Date.now() - (10 - minute) * 60_000).toISOString(),
  ...(login === undefined ? {} : { actor: { login } }),
  result: 'SUCCESS',
  client: { ip: '192.0.2.10' },
});

let simulator: VendorSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

describe('connectorSource / connectorNormalizer', () => {
  it('runs a connector stream through the core pipeline, checkpointing its state and dead-lettering bad records', async () => {
    simulator = await createVendorSimulator({
      datasets: [
        {
          path: '/signins',
          cursor: 'link-header',
          idField: 'uuid',
          timeField: 'published',
          pageSize: 2,
          records: [
            signIn('a1', 1, 'alice@example.com'),
            signIn('a2', 2, 'bob@example.com'),
            signIn('a3', 3), // no user: the mapping cannot normalise it
          ],
        },
      ],
    });
    const instance = await createRestConnector(spec).connect({
      config: { baseUrl: simulator.url, auth: { type: 'none' } },
      tenant: 'acme',
      rateLimit: false,
    });
    const store = (await openStore({ kind: 'memory' })).forTenant('acme');
    const run = () =>
      runPipeline({
        tenant: 'acme',
        source: connectorSource(instance, 'signins'),
        transforms: [connectorNormalizer(instance, 'signins')],
        sinks: [logSink(store, 'events')],
        deadLetter: logDeadLetterSink(store),
        store,
      });

    const first = await run();
    expect(first.written).toBe(2);
    expect(first.deadLettered).toBe(1);
    const events = await store.log.read('events');
    expect(
      events.map(
        (entry) => (entry.data as { event: { user?: { name?: string } } }).event.user?.name,
      ),
    ).toEqual(['alice@example.com', 'bob@example.com']);
    const letters = await store.log.read('dead-letters');
    expect(letters).toHaveLength(1);
    expect(JSON.stringify(letters[0]?.data)).toContain('idp-signins:signins:normalize');

    // A late record arrives; the next run resumes from the stored checkpoint.
    simulator.addRecord('/signins', signIn('a4', 4, 'carol@example.com'));
    const second = await run();
    expect(second.written).toBe(1);
    const all = await store.log.read('events');
    expect(all).toHaveLength(3);
    expect(await store.checkpoints.get('idp-signins:signins')).toBeDefined();
    await instance.close();
  });

  it('derives stable record ids from the manifest dedup key', () => {
    expect(
      rawRecordId({ id: 'x', threatInfo: { updatedAt: 't1' } }, 'id + threatInfo.updatedAt'),
    ).toBe('x|t1');
    expect(rawRecordId({ uuid: 7 }, 'uuid')).toBe('7');
    const hashed = rawRecordId({ other: 1 }, 'uuid');
    expect(hashed).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(rawRecordId({ other: 1 }, 'uuid')).toBe(hashed);
    expect(rawRecordId({ other: 2 }, undefined)).not.toBe(hashed);
  });
});
