import { ManualClock } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ConnectorActionError,
  ConnectorDefinitionError,
  ConnectorStateError,
} from '../errors/connector-errors.js';
import { type ConnectorDefinition, defineConnector } from './define-connector.js';
import type { ConnectorManifest } from './manifest.js';

const manifest: ConnectorManifest = {
  id: 'toy',
  vendor: 'Toy',
  product: 'Toy API',
  category: 'intel',
  version: '1.0.0',
  auth: ['none'],
  regions: {
    us: { baseUrl: 'https://api.toy.test' },
    'us-gov': { baseUrl: 'https://api.toy-gov.test', government: true },
  },
  streams: {
    items: {
      description: 'items',
      cursor: 'next-token',
      sortField: 't',
      dedupKey: 'id',
      stateVersion: 2,
      ocsfClasses: ['detection_finding'],
      requiredPermissions: [],
    },
  },
  actions: {
    slow: {
      description: 'never completes',
      input: z.object({ id: z.string() }),
      output: z.object({ done: z.boolean() }),
      asynchronous: true,
      requiredPermissions: [],
    },
  },
  rateLimit: { requests: 10, perMs: 1_000 },
  docsUrl: 'https://openmdr.dev/docs/connectors/toy',
};

function definition(
  overrides: Partial<ConnectorDefinition<z.ZodObject, null>> = {},
): ConnectorDefinition<z.ZodObject, null> {
  return {
    manifest,
    config: z.object({}),
    createClient: () => null,
    check: async () => {},
    streams: {
      items: {
        read: async function* (_session, state) {
          yield { records: [{ id: 'a' }, { bad: true }], state: { version: state ? 2 : 2, n: 1 } };
        },
        normalize: (raw) => {
          if (!(raw as { id?: string }).id) throw new Error('no id');
          return { class_uid: 2004, id: (raw as { id: string }).id };
        },
        migrations: { 1: (state) => ({ ...state, version: 2 }) },
      },
    },
    actions: {
      slow: {
        run: async () => ({ status: 'pending', handle: 'h1' }),
        poll: async () => ({ status: 'pending', handle: 'h1' }),
      },
    },
    ...overrides,
  };
}

describe('defineConnector', () => {
  it('rejects invalid manifests and missing implementations', () => {
    expect(() =>
      defineConnector(definition({ manifest: { ...manifest, id: 'Not Kebab' } })),
    ).toThrow(ConnectorDefinitionError);
    expect(() => defineConnector(definition({ streams: {} }))).toThrow(
      /stream items has no implementation/,
    );
    expect(() =>
      defineConnector(
        definition({
          actions: { slow: { run: async () => ({ status: 'pending', handle: 'x' }) } },
        }),
      ),
    ).toThrow(/has no poll/);
  });

  it('migrates stored state, tags events with the tenant, and dead-letters bad records', async () => {
    const connector = defineConnector(definition());
    const instance = await connector.connect({ config: {}, tenant: 'tenant-a' });
    const batches = [];
    for await (const batch of instance.read('items', { version: 1 })) batches.push(batch);
    expect(batches[0]?.state).toEqual({ version: 2, n: 1 });
    await expect(async () => {
      for await (const _batch of instance.read('items', { version: 7 })) {
        // drain
      }
    }).rejects.toThrow(ConnectorStateError);
    const normalized = instance.normalizeBatch('items', batches[0]?.records ?? []);
    expect(normalized.events).toEqual([
      { class_uid: 2004, id: 'a', metadata: { tenant_uid: 'tenant-a' } },
    ]);
    expect(normalized.deadLetters).toHaveLength(1);
    expect(normalized.deadLetters[0]?.error.code).toBe('NORMALIZE_FAILED');
  });

  it('validates action input and stops polling at the timeout', async () => {
    const clock = new ManualClock(0);
    const connector = defineConnector(definition());
    const instance = await connector.connect({
      config: {},
      clock,
      sleep: async (ms) => clock.advance(ms),
    });
    await expect(instance.startAction('slow', { id: 5 })).rejects.toThrow(ConnectorActionError);
    const error = await instance
      .runAction('slow', { id: 'x' }, { pollIntervalMs: 1_000, timeoutMs: 5_000 })
      .catch((caught: unknown) => caught);
    expect((error as ConnectorActionError).code).toBe('CONNECTOR_ACTION');
    expect((error as ConnectorActionError).isRetryable).toBe(true);
    expect(clock.now()).toBe(5_000);
  });

  it('refuses a state version the manifest does not declare', async () => {
    const connector = defineConnector(
      definition({
        streams: {
          items: {
            read: async function* () {
              yield { records: [], state: { version: 3 } };
            },
            normalize: () => ({ class_uid: 1 }),
          },
        },
      }),
    );
    const instance = await connector.connect({ config: {} });
    await expect(instance.read('items')[Symbol.asyncIterator]().next()).rejects.toThrow(
      /emitted state version 3/,
    );
  });
});
