import { describe, expect, it, type RunnerTask } from 'vitest';
import * as z from 'zod';
import {
  defineConnector,
  type HttpClient,
  type IncrementalState,
  incrementalRead,
  type NormalizedEvent,
  paginate,
  secret,
  staticToken,
} from '../index.js';
import type { SimulatorRecord, VendorSimulatorOptions } from '../simulator/simulator-types.js';
import { describeConnectorConformance } from './conformance.js';
import type { ConformanceOptions } from './conformance-options.js';

// A tiny connector: two streams read by the same code from a next-token API, one action.
const TOKEN = 'tiny-conformance-token-0123456789';
const LOOKBACK_MS = 5 * 60_000;

const configSchema = z.object({ baseUrl: z.url(), token: secret({ name: 'tiny_token' }) });

interface TinyRecord {
  id: string;
  updated_at: string;
  title: string;
}

function normalizeTiny(raw: unknown): NormalizedEvent {
  const record = raw as TinyRecord;
  return {
    class_uid: 2004,
    category_uid: 2,
    activity_id: 1,
    type_uid: 200401,
    severity_id: 3,
    time: Date.parse(record.updated_at),
    metadata: { version: '1.8.0', product: { name: 'Tiny', vendor_name: 'Tiny' }, uid: record.id },
    finding_info: { uid: record.id, title: record.title },
  };
}

const stream = (path: string) => ({
  read: async function* ({ client }: { client: HttpClient }, state: unknown) {
    yield* incrementalRead<TinyRecord>({
      state: state as IncrementalState | undefined,
      startAt: client.serverNow() - 24 * 3_600_000,
      lookbackMs: LOOKBACK_MS,
      idOf: (record) => record.id,
      timeOf: (record) => Date.parse(record.updated_at),
      pages: (since) =>
        paginate(client, {
          style: 'next-token',
          request: { path, query: { since: new Date(since).toISOString(), limit: 2 } },
          recordsPath: 'data',
          tokenPath: 'meta.next',
          tokenParameter: 'after',
        }),
    });
  },
  normalize: normalizeTiny,
});

const manifestStream = {
  description: 'records, oldest update first',
  cursor: 'next-token',
  sortField: 'updated_at',
  dedupKey: 'id',
  stateVersion: 2,
  ocsfClasses: ['detection_finding'],
  requiredPermissions: [],
} as const;

const tinyConnector = defineConnector({
  manifest: {
    id: 'tiny',
    vendor: 'Tiny',
    product: 'Tiny API',
    category: 'edr',
    version: '0.1.0',
    auth: ['static-token'],
    regions: { us: { baseUrl: 'https://api.tiny.example' } },
    streams: { alerts: manifestStream, hosts: manifestStream },
    actions: {
      ping: {
        description: 'Ping the API',
        input: z.object({}),
        output: z.object({ pong: z.boolean() }),
        asynchronous: false,
        requiredPermissions: [],
      },
    },
    rateLimit: { requests: 100, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/tiny',
  },
  config: configSchema,
  createClient: (config, context) =>
    context.createHttpClient({
      baseUrl: config.baseUrl,
      auth: staticToken({ token: config.token }),
    }),
  check: async ({ client }) => {
    await client.request({ path: '/api/me' });
  },
  streams: { alerts: stream('/api/alerts'), hosts: stream('/api/hosts') },
  actions: {
    ping: {
      run: async (_input, { client }) => {
        const response = await client.request<{ pong: boolean }>({
          method: 'POST',
          path: '/api/ping',
        });
        return { status: 'completed', output: { pong: response.data.pong } };
      },
    },
  },
});

const record = (id: string, time: number): SimulatorRecord => ({
  id,
  updated_at: new Date(time).toISOString(),
  title: `Record ${id}`,
});

const dataset = (path: string) => ({
  path,
  idField: 'id',
  timeField: 'updated_at',
  lookbackMs: LOOKBACK_MS,
  record,
});

function simulator({ clockOffsetMs }: { clockOffsetMs: number }): VendorSimulatorOptions {
  const now = Date.now() + clockOffsetMs;
  const records = (prefix: string) =>
    [1, 2, 3, 4, 5].map((n) => record(`${prefix}-${n}`, now - 3_600_000 + n * 60_000));
  return {
    auth: { type: 'header', header: 'authorization', value: `Bearer ${TOKEN}` },
    datasets: ['alerts', 'hosts'].map((name) => ({
      path: `/api/${name}`,
      cursor: 'next-token' as const,
      idField: 'id',
      timeField: 'updated_at',
      pageSize: 2,
      records: records(name),
    })),
    routes: [
      { method: 'GET', path: '/api/me', handle: () => ({ body: { id: 'svc' } }) },
      { method: 'POST', path: '/api/ping', handle: () => ({ body: { pong: true } }) },
    ],
  };
}

const ran: string[] = [];

const options: ConformanceOptions<'alerts' | 'hosts'> = {
  name: 'tiny',
  create: () => tinyConnector,
  simulator,
  config: (running) => ({ baseUrl: running.url }),
  secrets: { tiny_token: TOKEN },
  badConfigs: (running) => [
    { name: 'base URL missing', config: {}, code: 'CONNECTOR_CONFIG' },
    {
      name: 'wrong token',
      config: { baseUrl: running.url },
      secrets: { tiny_token: 'tiny-wrong-token-zzzzzzzz' },
      code: 'CONNECTOR_AUTH',
    },
  ],
  streams: {
    alerts: { dataset: dataset('/api/alerts'), classUids: [2004] },
    hosts: {
      dataset: dataset('/api/hosts'),
      sharesReaderWith: 'alerts',
      overrides: { 'read-incremental': { skip: 'skipped for this stream alone' } },
    },
  },
  capabilities: { tokenRefresh: false },
  overrides: {
    // no `actions` option: the suite's own case would fail, so this proves the replacement
    actions: {
      reason: 'checks the reply of ping',
      run: async ({ start }) => {
        const harness = await start();
        const instance = await harness.connect();
        expect(await instance.runAction('ping', {})).toEqual({ pong: true });
        ran.push('actions');
      },
    },
    'check-good': {
      reason: 'the default, then a count',
      run: async ({ runDefault }) => {
        await runDefault();
        ran.push('check-good');
      },
    },
    'fault-slow': { skip: 'shown as skipped' },
  },
};

describeConnectorConformance(options);

describe('describeConnectorConformance itself', () => {
  it('ran both streams, replaced the overridden cases and reported every skip with its reason', ({
    task,
  }) => {
    const suite = task.file.tasks.find((child) => child.name === 'connector conformance: tiny');
    expect(suite?.type).toBe('suite');
    // every test below the suite, named by its path: `stream alerts › read-basic`
    const names = new Map<string, string | undefined>();
    const walk = (node: RunnerTask, prefix: string) => {
      if (node.type === 'test') {
        names.set(`${prefix}${node.name}`, node.mode === 'skip' ? 'skipped' : node.result?.state);
        return;
      }
      for (const child of node.tasks)
        walk(child, child.type === 'suite' ? `${prefix}${child.name} › ` : prefix);
    };
    if (suite) walk(suite, '');
    const passed = 'pass';
    const skipped = 'skipped';
    expect(Object.fromEntries(names)).toEqual({
      manifest: passed,
      'config-schema': passed,
      'check-good — overridden: the default, then a count': passed,
      'check-bad': passed,
      'actions — overridden: checks the reply of ping': passed,
      'stream alerts › read-basic': passed,
      'stream alerts › read-resume': passed,
      'stream alerts › read-incremental': passed,
      'stream alerts › ocsf-strict': passed,
      'stream alerts › fault-late-event': passed,
      'stream alerts › rate-limit': passed,
      'stream alerts › token-refresh — skipped: the auth scheme has no expiring tokens': skipped,
      'stream alerts › fault-429-retry-after': passed,
      'stream alerts › fault-429-http-date': passed,
      'stream alerts › fault-429-reset-header': passed,
      'stream alerts › fault-5xx': passed,
      'stream alerts › fault-5xx-give-up': passed,
      'stream alerts › fault-slow — skipped: shown as skipped': skipped,
      'stream alerts › fault-token-expiry — skipped: the auth scheme has no expiring tokens':
        skipped,
      'stream alerts › fault-clock-offset': passed,
      'stream alerts › secrets-redacted': passed,
      'stream hosts › read-basic': passed,
      'stream hosts › read-resume': passed,
      'stream hosts › read-incremental — skipped: skipped for this stream alone': skipped,
      'stream hosts › ocsf-strict': passed,
      'stream hosts › fault-late-event': passed,
      ...Object.fromEntries(
        [
          'rate-limit',
          'token-refresh',
          'fault-429-retry-after',
          'fault-429-http-date',
          'fault-429-reset-header',
          'fault-5xx',
          'fault-5xx-give-up',
          'fault-token-expiry',
          'fault-clock-offset',
          'secrets-redacted',
        ].map((name) => [
          `stream hosts › ${name} — skipped: same reader as stream alerts: covered there`,
          skipped,
        ]),
      ),
      'stream hosts › fault-slow — skipped: shown as skipped': skipped,
    });
    expect(ran.sort()).toEqual(['actions', 'check-good']);
  });

  it.each([
    ['no stream', { streams: {} }, /declare at least one stream/],
    [
      'an unknown case',
      { overrides: { 'read-everything': { skip: 'typo' } } },
      /overrides: no case named read-everything/,
    ],
    [
      'a connector case in a stream',
      {
        streams: {
          alerts: { dataset: dataset('/api/alerts'), overrides: { manifest: { skip: 'x' } } },
        },
      },
      /streams\.alerts\.overrides: no case named manifest/,
    ],
    [
      'a skip without a reason',
      { overrides: { 'fault-slow': { skip: ' ' } } },
      /fault-slow needs a reason/,
    ],
    [
      'an override without a reason',
      { overrides: { 'fault-slow': { reason: '', run: async () => {} } } },
      /fault-slow needs a reason/,
    ],
    [
      'sharing with an unknown stream',
      { streams: { alerts: { dataset: dataset('/api/alerts'), sharesReaderWith: 'hosts' } } },
      /sharesReaderWith: no other stream hosts/,
    ],
    [
      'sharing with a stream that shares in turn',
      {
        streams: {
          alerts: { dataset: dataset('/api/alerts'), sharesReaderWith: 'hosts' },
          hosts: { dataset: dataset('/api/hosts'), sharesReaderWith: 'alerts' },
        },
      },
      /shares in turn/,
    ],
  ])('rejects %s before registering any case', (_what, change, message) => {
    // deliberately ill-typed options, as plain JavaScript could pass them
    const invalid = { ...options, ...change } as unknown as ConformanceOptions<string>;
    expect(() => describeConnectorConformance(invalid)).toThrow(message);
  });
});
