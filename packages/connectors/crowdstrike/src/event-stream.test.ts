import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerSimulator } from '@openmdr/connector-kit/simulator';
import {
  createRecordingSleep,
  createTestSecretProvider,
  createVendorSimulator,
  type SimulatorFault,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import type { Logger } from '@openmdr/core';
import { afterEach, describe, expect, it } from 'vitest';
import { crowdstrikeConnector } from './index.js';
import {
  createFalconEventFeed,
  FALCON_CLIENT_ID,
  FALCON_CLIENT_SECRET,
  type FalconEventFeed,
  falconSimulatorOptions,
  firehoseOptions,
  pushStreamEvent,
} from './simulator/index.js';

type Rec = Record<string, unknown>;
const events = JSON.parse(
  readFileSync(new URL('./__fixtures__/stream-events.json', import.meta.url), 'utf8'),
) as Rec[];
// the feed numbers the events 0, 1, 2, … in fixture order
const sequenced = events.map((event) => ({
  ...event,
  metadata: { ...(event['metadata'] as Rec), offset: undefined },
}));

const running: VendorSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

interface StartOptions {
  faults?: readonly SimulatorFault[];
  config?: Rec;
  clock?: { now(): number };
  logger?: Logger;
}

async function start(feed: FalconEventFeed, options: StartOptions = {}) {
  const firehose = registerSimulator(
    await createVendorSimulator({ ...firehoseOptions(feed), faults: options.faults ?? [] }),
  );
  feed.firehoseUrl = firehose.url;
  const api = registerSimulator(
    await createVendorSimulator(falconSimulatorOptions({ eventFeed: feed })),
  );
  running.push(firehose, api);
  const sleep = createRecordingSleep(0);
  const instance = await crowdstrikeConnector.connect({
    config: {
      baseUrl: api.url,
      clientId: FALCON_CLIENT_ID,
      appId: 'openmdr',
      streamIdleMs: 2_000,
      streamBatchSize: 5,
      ...options.config,
    },
    secrets: createTestSecretProvider({ 'crowdstrike.client_secret': FALCON_CLIENT_SECRET }),
    sleep: sleep.sleep,
    retry: { retries: 3, minDelayMs: 1, factor: 1, jitter: 'none' },
    rateLimit: false,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { instance, firehose, api, sleep };
}

type Instance = Awaited<ReturnType<typeof start>>['instance'];

async function readAll(instance: Instance, state?: unknown) {
  const records: unknown[] = [];
  const batches: unknown[][] = [];
  let last: unknown = state;
  for await (const batch of instance.read('event-stream', state)) {
    records.push(...batch.records);
    batches.push(batch.records);
    last = batch.state;
  }
  return { records, batches, state: last };
}

const offsetsOf = (records: readonly unknown[]) =>
  records.map((record) => ((record as Rec)['metadata'] as Rec)['offset']);

describe('crowdstrike event-stream (Falcon Event Streams)', () => {
  it('discovers the feed, reads it in batches and resumes from the committed offset', async () => {
    const feed = createFalconEventFeed({ events: sequenced });
    const { instance, firehose, api } = await start(feed);
    const first = await readAll(instance);
    expect(offsetsOf(first.records)).toEqual(events.map((_, index) => index));
    const sizes = first.batches.map((batch) => batch.length);
    expect(sizes.slice(0, -1).every((size) => size === 5)).toBe(true);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(events.length);
    expect(first.state).toEqual({ version: 1, offsets: { '0': events.length } });
    const discovery = api.requests.find((request) => request.path.endsWith('/datafeed/v2'));
    expect(discovery?.query).toEqual({ appId: 'openmdr', format: 'json' });
    // the session token goes to the feed host, never the OAuth bearer token
    expect(firehose.requests[0]?.query).toEqual({ appId: 'openmdr' });

    pushStreamEvent(feed, events[0] as Rec);
    pushStreamEvent(feed, events[5] as Rec);
    const second = await readAll(instance, first.state);
    expect(offsetsOf(second.records)).toEqual([events.length, events.length + 1]);
    expect(firehose.requests.at(-1)?.query).toEqual({
      appId: 'openmdr',
      offset: String(events.length),
    });
    expect(second.state).toEqual({ version: 1, offsets: { '0': events.length + 2 } });

    const normalized = instance.normalizeBatch('event-stream', first.records);
    expect(normalized.deadLetters).toEqual([]);
    expect(new Set(normalized.events.map((event) => event.class_uid))).toEqual(
      new Set([2004, 2005, 3002, 3001, 6003, 4001, 0]),
    );
    await instance.close();
  });

  it('refreshes the session before its refresh interval runs out', async () => {
    const feed = createFalconEventFeed({ events: sequenced, refreshIntervalSeconds: 1_800 });
    // every reading of the clock moves it 10 minutes on: the interval runs out mid-read
    let now = Date.parse('2026-03-01T00:00:00Z');
    const clock = { now: () => (now += 600_000) };
    const { instance, api } = await start(feed, { clock });
    const read = await readAll(instance);
    expect(read.records).toHaveLength(events.length);
    expect(feed.refreshes.length).toBeGreaterThan(0);
    expect(feed.refreshes[0]).toEqual({ appId: 'openmdr', partition: '0' });
    const refresh = api.requests.find((request) => request.path.includes('datafeed-actions'));
    expect(refresh).toMatchObject({
      method: 'POST',
      query: { appId: 'openmdr', action_name: 'refresh_active_stream_session' },
    });
    await instance.close();
  });

  it('opens a new session at the same offset when the feed refuses an expired token', async () => {
    const feed = createFalconEventFeed({ events: sequenced });
    feed.expiredSessions = 1;
    const { instance, firehose, api } = await start(feed);
    const read = await readAll(instance, { version: 1, offsets: { '0': 10 } });
    expect(offsetsOf(read.records)).toEqual(events.slice(10).map((_, index) => index + 10));
    expect(firehose.requests.map((request) => request.status)).toEqual([401, 200]);
    expect(firehose.requests.map((request) => request.query['offset'])).toEqual(['10', '10']);
    expect(api.requests.filter((request) => request.path.endsWith('/datafeed/v2'))).toHaveLength(2);

    feed.expiredSessions = 2;
    await expect(readAll(instance)).rejects.toMatchObject({ code: 'CONNECTOR_AUTH' });
    await instance.close();
  });

  it('retries the feed on 5xx and 429 (Retry-After) and still delivers every event once', async () => {
    const feed = createFalconEventFeed({ events: sequenced });
    const { instance, firehose, sleep } = await start(feed, {
      faults: [
        { type: 'server-error', at: [1], status: 503 },
        { type: 'rate-limit', at: [2], retryAfterSeconds: 2 },
      ],
    });
    const read = await readAll(instance);
    expect(offsetsOf(read.records)).toEqual(events.map((_, index) => index));
    expect(firehose.requests.map((request) => request.status)).toEqual([503, 429, 200]);
    expect(sleep.delays).toContain(2_000);
    await instance.close();
  });

  it('filters by eventTypes while the offset moves past every event', async () => {
    const feed = createFalconEventFeed({ events: sequenced });
    const { instance } = await start(feed, {
      config: { eventTypes: ['IncidentSummaryEvent', 'FirewallMatchEvent'] },
    });
    const read = await readAll(instance);
    expect(read.records.map((record) => ((record as Rec)['metadata'] as Rec)['eventType'])).toEqual(
      ['IncidentSummaryEvent', 'FirewallMatchEvent'],
    );
    expect(read.state).toEqual({ version: 1, offsets: { '0': events.length } });
    await instance.close();
  });

  it('ends a read at maxEventsPerRead with the offset of the last event delivered', async () => {
    const feed = createFalconEventFeed({ events: sequenced });
    const { instance } = await start(feed, { config: { maxEventsPerRead: 7 } });
    const read = await readAll(instance);
    expect(read.records).toHaveLength(7);
    expect(read.state).toEqual({ version: 1, offsets: { '0': 7 } });
    await instance.close();
  });

  it('warns on an event type it does not know and keeps it as Base Event', async () => {
    const warnings: unknown[] = [];
    const logger = {
      debug: () => {},
      info: () => {},
      warn: (fields: unknown) => warnings.push(fields),
      error: () => {},
      child: () => logger,
    } as unknown as Logger;
    const feed = createFalconEventFeed();
    const { instance } = await start(feed, { logger });
    const unknown = events.find(
      (event) => (event['metadata'] as Rec)['eventType'] === 'SomeFutureEvent',
    );
    const normalized = instance.normalizeBatch('event-stream', [unknown, 'not json']);
    expect(normalized.events.map((event) => event.class_uid)).toEqual([0]);
    expect(normalized.deadLetters).toHaveLength(1);
    expect(warnings).toContainEqual(expect.objectContaining({ eventType: 'SomeFutureEvent' }));
    await instance.close();
  });

  it('ends a read when a live feed goes quiet, keeping what it delivered', async () => {
    // a real data feed never ends: it sends events, then keep-alive newlines, and stays open
    const open: ServerResponse[] = [];
    const live = createServer((request, response) => {
      open.push(response);
      const offset = Number(
        new URL(request.url ?? '/', 'http://x').searchParams.get('offset') ?? 0,
      );
      response.writeHead(200, { 'content-type': 'application/json' });
      const lines = sequenced.slice(offset, offset + 3).map((event, index) =>
        JSON.stringify({
          ...event,
          metadata: { ...(event['metadata'] as Rec), offset: offset + index },
        }),
      );
      response.write(`${lines.join('\n')}\n\n`);
    });
    await new Promise<void>((resolve) => live.listen(0, '127.0.0.1', resolve));
    try {
      const feed = createFalconEventFeed();
      const { instance, firehose } = await start(feed, { config: { streamIdleMs: 300 } });
      feed.firehoseUrl = `http://127.0.0.1:${(live.address() as AddressInfo).port}`;
      // the token check lives on the simulated firehose, which this live server replaces
      expect(firehose.requests).toEqual([]);
      const first = await readAll(instance);
      expect(offsetsOf(first.records)).toEqual([0, 1, 2]);
      expect(first.state).toEqual({ version: 1, offsets: { '0': 3 } });
      const second = await readAll(instance, first.state);
      expect(offsetsOf(second.records)).toEqual([3, 4, 5]);
      await instance.close();
    } finally {
      for (const response of open) response.destroy();
      await new Promise<void>((resolve) => live.close(() => resolve()));
    }
  });

  it('needs an appId', async () => {
    const feed = createFalconEventFeed();
    const { instance } = await start(feed, { config: { appId: undefined } });
    await expect(readAll(instance)).rejects.toMatchObject({ code: 'CONNECTOR_CONFIG' });
    await instance.close();
  });
});
