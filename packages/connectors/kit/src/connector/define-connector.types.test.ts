/**
 * Type tests of `defineConnector`'s generics. `tsc` (the package's typecheck) is what checks
 * them: every `expectTypeOf` and `@ts-expect-error` below fails the typecheck when the inferred
 * types change. The runtime assertions check the same connector behaves as typed.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import type { ActionKindV1 } from '../contract/v1/action-kind-v1.js';
import type { ActionRequestV1 } from '../contract/v1/action-request-v1.js';
import type { ImplementedKindsV1 } from '../contract/v1/action-v1.js';
import type { ConnectorInstanceV1 } from '../contract/v1/connector-instance-v1.js';
import type { ConnectorV1 } from '../contract/v1/connector-v1.js';
import { defineAction } from './define-action.js';
import { defineConnector } from './define-connector.js';
import { requireTarget } from './require-target.js';

const containInput = z.object({
  deviceId: z.string(),
  mode: z.enum(['full', 'selective']).default('full'),
});
const containOutput = z.object({ deviceId: z.string(), status: z.literal('contained') });

const contain = defineAction({
  description: 'Contain a device',
  input: containInput,
  output: containOutput,
  asynchronous: false,
  requiredPermissions: [],
  implements: {
    contain_device: (request) => ({ deviceId: requireTarget(request, 'device', 'uid') }),
  },
});

function typedConnector() {
  return defineConnector({
    manifest: {
      id: 'typed',
      vendor: 'Typed',
      product: 'Typed EDR',
      category: 'edr',
      version: '1.0.0',
      auth: ['none'],
      regions: { us: { baseUrl: 'https://api.typed.test' } },
      streams: {
        alerts: {
          description: 'alerts',
          cursor: 'next-token',
          sortField: 't',
          dedupKey: 'id',
          stateVersion: 1,
          ocsfClasses: ['detection_finding'],
          requiredPermissions: [],
        },
        hosts: {
          description: 'hosts',
          cursor: 'next-token',
          sortField: 't',
          dedupKey: 'id',
          stateVersion: 1,
          ocsfClasses: ['inventory_info'],
          requiredPermissions: [],
        },
      },
      actions: {
        contain,
        note: {
          description: 'Add a note',
          input: z.object({ text: z.string() }),
          output: z.object({ id: z.number() }),
          asynchronous: false,
          requiredPermissions: [],
        },
      },
      rateLimit: { requests: 10, perMs: 1_000 },
      docsUrl: 'https://openmdr.dev/docs/connectors/typed',
    },
    config: z.object({ region: z.enum(['us', 'eu']), retries: z.number().default(3) }),
    createClient: (config) => {
      expectTypeOf(config).toEqualTypeOf<{ region: 'us' | 'eu'; retries: number }>();
      return { region: config.region };
    },
    check: async ({ client, config }) => {
      expectTypeOf(client).toEqualTypeOf<{ region: 'us' | 'eu' }>();
      expectTypeOf(config.retries).toEqualTypeOf<number>();
    },
    streams: {
      alerts: {
        read: async function* () {
          yield { records: [{ id: 'a' }], state: { version: 1 } };
        },
        normalize: () => ({ class_uid: 2004 }),
      },
      hosts: {
        read: async function* () {},
        normalize: () => ({ class_uid: 5001 }),
      },
    },
    actions: {
      contain: {
        run: async (input) => {
          expectTypeOf(input).toEqualTypeOf<{ deviceId: string; mode: 'full' | 'selective' }>();
          return { status: 'completed', output: { deviceId: input.deviceId, status: 'contained' } };
        },
      },
      note: {
        run: async (input) => {
          expectTypeOf(input).toEqualTypeOf<{ text: string }>();
          return { status: 'completed', output: { id: input.text.length } };
        },
      },
    },
  });
}

describe('defineConnector generics', () => {
  it('infers the config type from the zod schema', () => {
    const connector = typedConnector();
    type Config = { region: 'us' | 'eu'; retries: number };
    expectTypeOf(connector).toExtend<ConnectorV1<Config>>();
    expectTypeOf(connector.redactConfig).parameter(0).toEqualTypeOf<Config>();
    expectTypeOf(connector.redactConfig).returns.toEqualTypeOf<Config>();
    expect(connector.redactConfig({ region: 'eu', retries: 1 })).toEqual({
      region: 'eu',
      retries: 1,
    });
  });

  it('keeps stream and action names as literal unions on the instance', async () => {
    const instance = await typedConnector().connect({ config: { region: 'us' } });
    expectTypeOf(instance.read).parameter(0).toEqualTypeOf<'alerts' | 'hosts'>();
    expectTypeOf(instance.normalize).parameter(0).toEqualTypeOf<'alerts' | 'hosts'>();
    expectTypeOf<Parameters<typeof instance.startAction>[0]>().toEqualTypeOf<'contain' | 'note'>();
    expectTypeOf<keyof typeof instance.manifest.actions>().toEqualTypeOf<'contain' | 'note'>();
    // @ts-expect-error: no such stream
    expect(() => instance.read('users')).toThrow(/no stream "users"/);
    // @ts-expect-error: no such action
    await expect(instance.startAction('isolate', {})).rejects.toThrow(/no action "isolate"/);
    // A typed instance is still a plain one to consumers that take any connector.
    expectTypeOf(instance).toExtend<ConnectorInstanceV1>();
  });

  it('types each action input (schema input, defaults optional) and output (schema output)', async () => {
    const instance = await typedConnector().connect({ config: { region: 'us' } });
    const output = await instance.runAction('contain', { deviceId: 'd1' });
    expectTypeOf(output).toEqualTypeOf<{ deviceId: string; status: 'contained' }>();
    expect(output).toEqual({ deviceId: 'd1', status: 'contained' });
    expectTypeOf(instance.runAction<'note'>).returns.resolves.toEqualTypeOf<{ id: number }>();
    expectTypeOf(instance.startAction<'contain'>)
      .parameter(1)
      .toEqualTypeOf<{ deviceId: string; mode?: 'full' | 'selective' | undefined }>();
    // @ts-expect-error: note takes { text }
    await expect(instance.runAction('note', { deviceId: 'd1' })).rejects.toThrow(/invalid input/);
  });

  it('types the implemented kinds and their input builders', () => {
    const connector = typedConnector();
    expectTypeOf<
      ImplementedKindsV1<typeof connector.manifest.actions>
    >().toEqualTypeOf<'contain_device'>();
    expectTypeOf(contain.implements?.contain_device).toEqualTypeOf<
      | ((request: ActionRequestV1) => {
          deviceId: string;
          mode?: 'full' | 'selective' | undefined;
        })
      | undefined
    >();
    defineAction({
      description: 'wrong builder',
      input: containInput,
      output: containOutput,
      asynchronous: false,
      requiredPermissions: [],
      // @ts-expect-error: the builder must return the action's input
      implements: { contain_device: () => ({ machineId: 'x' }) },
    });
    defineAction({
      description: 'unknown kind',
      input: containInput,
      output: containOutput,
      asynchronous: false,
      requiredPermissions: [],
      // @ts-expect-error: reboot_device is not in the vocabulary
      implements: { reboot_device: () => ({ deviceId: 'x' }) },
    });
    // Connectors whose manifest type is widened implement any kind of the vocabulary.
    expectTypeOf<
      ImplementedKindsV1<Record<string, typeof contain>>
    >().toEqualTypeOf<'contain_device'>();
    expectTypeOf<
      ImplementedKindsV1<ConnectorV1['manifest']['actions']>
    >().toEqualTypeOf<ActionKindV1>();
  });
});
