import { readFileSync } from 'node:fs';
import { RateLimiterRegistry } from '@openmdr/connector-kit';
import {
  createRecordingSleep,
  createTestSecretProvider,
  createVendorSimulator,
  type SimulatorRecord,
  type SimulatorRequest,
  type SimulatorRoute,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import type { Logger } from '@openmdr/core';
import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { oktaConnector } from './connector.js';

const fixtures = JSON.parse(
  readFileSync(new URL('./__fixtures__/logs.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];
const TOKEN = '00aReadLogsTestToken-0123456789abcdef';

/**
 * The System Log in polling mode as Okta serves it: events after the `after` cursor (or at or
 * after `since`), ascending, and always a `rel="next"` link, also on an empty page, pointing past
 * the last event returned (the same cursor when there was none).
 */
function pollingLog(
  events: SimulatorRecord[],
  pageSize: number,
  headers: Record<string, string> = {},
) {
  return (request: SimulatorRequest) => {
    const after = request.query.get('after');
    const since = request.query.get('since');
    const ordered = [...events].sort((a, b) =>
      String(a['published']).localeCompare(String(b['published'])),
    );
    const start = after
      ? ordered.findIndex((event) => event['uuid'] === after) + 1
      : ordered.findIndex((event) => String(event['published']) >= String(since));
    const page = start < 0 ? [] : ordered.slice(start, start + pageSize);
    const cursor = page.at(-1)?.['uuid'] ?? after ?? ordered.at(start - 1)?.['uuid'] ?? 'start';
    const next = `http://${request.headers['host']}/api/v1/logs?limit=${pageSize}&after=${String(cursor)}`;
    return { status: 200, headers: { link: `<${next}>; rel="next"`, ...headers }, body: page };
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function connect(
  simulator: VendorSimulator,
  logs: Record<string, unknown> = {},
  logger?: Logger,
) {
  const dispatcher = new Agent();
  const registry = new RateLimiterRegistry();
  const recording = createRecordingSleep(0);
  const instance = await oktaConnector.connect({
    config: {
      orgUrl: simulator.url,
      auth: { type: 'ssws' },
      logs: { since: '2026-03-02T00:00:00Z', pageSize: 8, ...logs },
    },
    secrets: createTestSecretProvider({ okta_api_token: TOKEN }),
    dispatcher,
    rateLimiters: registry,
    rateLimit: false,
    sleep: recording.sleep,
    ...(logger ? { logger } : {}),
  });
  cleanups.push(async () => {
    await registry.close();
    await dispatcher.close();
  });
  return { instance, delays: recording.delays };
}

async function simulate(routeHandler: SimulatorRoute['handle']): Promise<VendorSimulator> {
  const simulator = await createVendorSimulator({
    auth: { type: 'header', header: 'authorization', value: `SSWS ${TOKEN}` },
    routes: [{ method: 'GET', path: '/api/v1/logs', handle: routeHandler }],
  });
  cleanups.push(() => simulator.close());
  return simulator;
}

async function readAll(instance: Awaited<ReturnType<typeof connect>>['instance'], state?: unknown) {
  const records: Array<Record<string, unknown>> = [];
  let last = state;
  for await (const batch of instance.read('logs', state)) {
    records.push(...(batch.records as Array<Record<string, unknown>>));
    last = batch.state;
  }
  return { records, state: last as Record<string, unknown> };
}

describe('Okta System Log polling', () => {
  it('asks for events since the start, ascending, then follows the next link', async () => {
    const simulator = await simulate(pollingLog(fixtures, 8));
    const { instance } = await connect(simulator);
    const { records } = await readAll(instance);
    expect(records.map((record) => record['uuid'])).toEqual(
      fixtures.map((record) => record['uuid']),
    );
    const [first, second] = simulator.requests;
    expect(first?.query).toEqual({
      since: '2026-03-02T00:00:00.000Z',
      sortOrder: 'ASCENDING',
      limit: '8',
    });
    expect(first?.headers['authorization']).not.toContain(TOKEN);
    expect(second?.query).toEqual({ limit: '8', after: fixtures[7]?.['uuid'] });
  });

  it('stops on the empty page, keeps its next link, and polls it on the next run', async () => {
    const events = fixtures.slice(0, 10);
    const simulator = await simulate(pollingLog(events, 8));
    const { instance } = await connect(simulator);
    const first = await readAll(instance);
    expect(first.records).toHaveLength(10);
    // page 1 (8), page 2 (2), page 3 empty with a next link: the run ends there
    expect(simulator.requests).toHaveLength(3);
    expect(first.state['next']).toBe(`/api/v1/logs?limit=8&after=${String(events[9]?.['uuid'])}`);

    events.push(...fixtures.slice(10, 13));
    simulator.clearRecording();
    const second = await readAll(instance, JSON.parse(JSON.stringify(first.state)));
    expect(second.records.map((record) => record['uuid'])).toEqual(
      fixtures.slice(10, 13).map((record) => record['uuid']),
    );
    expect(simulator.requests[0]?.query).toEqual({ limit: '8', after: events[9]?.['uuid'] });

    simulator.clearRecording();
    const third = await readAll(instance, second.state);
    expect(third.records).toEqual([]);
    expect(simulator.requests).toHaveLength(1);
    expect(third.state['next']).toBe(second.state['next']);
  });

  it('waits for X-Rate-Limit-Reset when X-Rate-Limit-Remaining reaches the reserve', async () => {
    const resetAt = String(Math.ceil(Date.now() / 1000) + 30);
    const simulator = await simulate(
      pollingLog(fixtures, 8, {
        'x-rate-limit-limit': '120',
        'x-rate-limit-remaining': '1',
        'x-rate-limit-reset': resetAt,
      }),
    );
    const { instance, delays } = await connect(simulator, { reserveRequests: 2 });
    await readAll(instance);
    expect(delays.length).toBeGreaterThan(0);
    expect(delays.every((delay) => delay > 20_000 && delay <= 31_000)).toBe(true);
  });

  it('does not wait while the bucket has room', async () => {
    const simulator = await simulate(
      pollingLog(fixtures, 8, { 'x-rate-limit-remaining': '95', 'x-rate-limit-reset': '1' }),
    );
    const { instance, delays } = await connect(simulator);
    await readAll(instance);
    expect(delays).toEqual([]);
  });

  it('refuses a next link to another host', async () => {
    const simulator = await simulate(() => ({
      status: 200,
      headers: { link: '<https://attacker.example/api/v1/logs?after=x>; rel="next"' },
      body: fixtures.slice(0, 2),
    }));
    const { instance } = await connect(simulator);
    await expect(readAll(instance)).rejects.toMatchObject({ code: 'CONNECTOR_RESPONSE' });
  });

  it('rejects a page that is not an array', async () => {
    const simulator = await simulate(() => ({ status: 200, body: { errorCode: 'E0000000' } }));
    const { instance } = await connect(simulator);
    await expect(readAll(instance)).rejects.toMatchObject({ code: 'CONNECTOR_RESPONSE' });
  });
});

describe('Okta System Log events without uuid', () => {
  it('deduplicates them across runs by their derived id, and warns', async () => {
    const events = fixtures.slice(0, 3).map((event) => {
      const { uuid: _uuid, ...rest } = event;
      return rest;
    });
    // A proxy in front of the System Log that drops uuid and sends no next link: every run
    // starts at the watermark minus the look-back and gets the same events again.
    const simulator = await simulate(() => ({ status: 200, body: events }));
    const warnings: unknown[] = [];
    const noop = () => undefined;
    const logger: Logger = {
      trace: noop,
      debug: noop,
      info: noop,
      error: noop,
      warn: (object, message) => warnings.push([object, message]),
    };
    const { instance } = await connect(simulator, {}, logger);
    const first = await readAll(instance);
    expect(first.records).toHaveLength(3);
    expect(warnings).toEqual([
      [expect.objectContaining({ records: 3 }), expect.stringMatching(/without uuid/)],
    ]);
    const second = await readAll(instance, JSON.parse(JSON.stringify(first.state)));
    expect(second.records).toEqual([]);
    expect(simulator.requests).toHaveLength(2);
  });
});
