import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createVendorSimulator,
  registerSimulator,
  type SimulatorRoute,
} from '@openmdr/connector-kit/simulator';
import { createTestSecretProvider } from '@openmdr/connector-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { sentinelConnector, sentinelRecordId } from '../index.js';
import { config, secrets, sentinelFixtures } from '../sentinel.test-helpers.js';
import {
  createSentinelSimulatorState,
  SENTINEL_CLIENT_ID,
  SENTINEL_CLIENT_SECRET,
  SENTINEL_PATHS,
  type SentinelSimulatorData,
  sentinelSimulatorOptions,
  startSentinelSimulator,
} from './index.js';

const incidents = sentinelFixtures('incidents');
const alerts = sentinelFixtures('security-alerts');
const incidentId = String(incidents[0]?.['name']);
const closing: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

async function tokenFor(url: string): Promise<string> {
  const response = await fetch(`${url}${SENTINEL_PATHS.token}`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: SENTINEL_CLIENT_ID,
      client_secret: SENTINEL_CLIENT_SECRET,
      scope: 'https://management.azure.com/.default',
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function connected(
  data: SentinelSimulatorData = {},
  wrap: (routes: readonly SimulatorRoute[]) => SimulatorRoute[] = (routes) => [...routes],
) {
  const options = sentinelSimulatorOptions({ incidents, alerts, ...data });
  const simulator = registerSimulator(
    await createVendorSimulator({ ...options, routes: wrap(options.routes ?? []) }),
  );
  const sentinel = await sentinelConnector.connect({
    config: config(simulator),
    secrets: createTestSecretProvider(secrets),
    rateLimit: false,
    retry: { retries: 1, minDelayMs: 1, maxDelayMs: 5 },
  });
  closing.push(async () => {
    await sentinel.close();
    await simulator.close();
  });
  return { simulator, sentinel };
}

async function readAll(
  instance: {
    read(stream: 'incidents' | 'alerts' | 'query'): AsyncIterable<{ records: unknown[] }>;
  },
  stream: 'incidents' | 'alerts' | 'query',
) {
  const records: Record<string, unknown>[] = [];
  for await (const batch of instance.read(stream))
    records.push(...(batch.records as Record<string, unknown>[]));
  return records;
}

describe('startSentinelSimulator', () => {
  it('serves the fixtures to the connector on every stream', async () => {
    const simulated = await startSentinelSimulator({
      incidents,
      alerts,
      startAt: '2025-01-01T00:00:00Z',
    });
    closing.push(() => simulated.close());
    const instance = await sentinelConnector.connect(simulated);
    closing.push(() => instance.close());
    const read = await readAll(instance, 'incidents');
    expect(read.map((record) => record['name']).sort()).toEqual(
      incidents.map((incident) => incident['name']).sort(),
    );
    const rows = await readAll(instance, 'alerts');
    expect(rows.map((row) => row['SystemAlertId']).sort()).toEqual(
      alerts.map((row) => row['SystemAlertId']).sort(),
    );
  });
});

describe('sentinel incidents over ARM', () => {
  it('filters and orders by lastModifiedTimeUtc and follows nextLink', async () => {
    const { simulator, sentinel } = await connected();
    const read = await readAll(sentinel, 'incidents');
    expect(read).toHaveLength(incidents.length);
    const lists = simulator.requests.filter(
      (request) => request.method === 'GET' && request.path === SENTINEL_PATHS.incidents,
    );
    expect(lists.length).toBeGreaterThan(1);
    expect(lists[0]?.query).toMatchObject({
      'api-version': '2025-09-01',
      $filter: 'properties/lastModifiedTimeUtc ge 2025-01-01T00:00:00.000Z',
      $orderby: 'properties/lastModifiedTimeUtc asc',
      $top: '5',
    });
    expect(lists[1]?.query['$skipToken']).toBe('5');
    const times = read.map((incident) =>
      Date.parse(
        String((incident['properties'] as Record<string, unknown>)['lastModifiedTimeUtc']),
      ),
    );
    expect(times).toEqual([...times].sort((left, right) => left - right));
  });
});

describe('sentinel actions', () => {
  it('update-incident reads the etag and PUTs the whole incident with it', async () => {
    const { simulator, sentinel } = await connected();
    const output = await sentinel.runAction('update-incident', {
      incidentId,
      status: 'Closed',
      classification: 'TruePositive',
      classificationReason: 'SuspiciousActivity',
      owner: { userPrincipalName: 'analyst9@mssp.example.net' },
    });
    expect(output).toMatchObject({ incidentId, incidentNumber: 4101, status: 'Closed' });
    const put = simulator.requests.find((request) => request.method === 'PUT');
    expect(put?.body).toMatchObject({
      etag: incidents[0]?.['etag'],
      properties: {
        title: (incidents[0]?.['properties'] as Record<string, unknown> | undefined)?.['title'],
        status: 'Closed',
        classification: 'TruePositive',
        owner: { userPrincipalName: 'analyst9@mssp.example.net' },
      },
    });
  });

  it('update-incident reads again once when the incident changed in between (412)', async () => {
    let conflicts = 1;
    const { simulator, sentinel } = await connected({}, (routes) =>
      routes.map((route) =>
        route.method === 'PUT' && route.path === `${SENTINEL_PATHS.incidents}/:id`
          ? {
              ...route,
              // the first PUT meets a concurrent change
              handle: (request) =>
                conflicts-- > 0
                  ? {
                      status: 412,
                      body: { error: { code: 'PreconditionFailed', message: 'etag' } },
                    }
                  : route.handle(request),
            }
          : route,
      ),
    );
    await expect(
      sentinel.runAction('update-incident', { incidentId, severity: 'Low' }),
    ).resolves.toMatchObject({ severity: 'Low' });
    expect(simulator.requests.map((request) => `${request.method} ${request.status}`)).toEqual([
      'POST 200',
      'GET 200',
      'PUT 412',
      'GET 200',
      'PUT 200',
    ]);
  });

  it('the simulator refuses a stale etag with 412', async () => {
    const { simulator } = await connected();
    const response = await fetch(
      `${simulator.url}${SENTINEL_PATHS.incidents}/${incidentId}?api-version=2025-09-01`,
      {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${await tokenFor(simulator.url)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ etag: '"stale"', properties: { title: 't', status: 'Active' } }),
      },
    );
    expect(response.status).toBe(412);
  });

  it('comment-incident is idempotent: the same message twice is one comment', async () => {
    const state = createSentinelSimulatorState();
    const { sentinel } = await connected({ state });
    const first = await sentinel.runAction('comment-incident', {
      incidentId,
      message: 'contained',
    });
    const second = await sentinel.runAction('comment-incident', {
      incidentId,
      message: 'contained',
    });
    expect(first).toEqual(second);
    expect(state.comments.get(incidentId)).toHaveLength(1);
  });
});

describe('sentinel Log Analytics', () => {
  it('sends the KQL window, timespan and Prefer wait', async () => {
    const state = createSentinelSimulatorState();
    const { simulator, sentinel } = await connected({ state });
    const rows = await readAll(sentinel, 'alerts');
    expect(rows).toHaveLength(alerts.length);
    // 16 rows at 6 a query: three queries, each continuing from the last row's time
    expect(state.queries.length).toBeGreaterThanOrEqual(3);
    expect(state.queries[0]).toMatch(
      /^SecurityAlert\n\| where TimeGenerated >= datetime\(2025-01-01T00:00:00\.000Z\) and TimeGenerated < datetime\([^)]+\)\n\| order by TimeGenerated asc\n\| take 6$/,
    );
    const query = simulator.requests.find((request) => request.path === SENTINEL_PATHS.query);
    expect(query?.headers['prefer']).toBe('wait=180');
    expect((query?.body as { timespan?: string } | undefined)?.timespan).toMatch(
      /^2025-01-01T00:00:00\.000Z\//,
    );
  });

  it('reports a partial result as a typed error instead of dropping rows', async () => {
    const { sentinel } = await connected({ partialErrorAt: [2] });
    await expect(readAll(sentinel, 'alerts')).rejects.toMatchObject({
      code: 'CONNECTOR_RESPONSE',
      details: { code: 'PartialError' },
    });
  });

  it('fails typed when the query outlasts Prefer: wait (504)', async () => {
    const { simulator, sentinel } = await connected({ queryDurationSeconds: 900 });
    await expect(readAll(sentinel, 'alerts')).rejects.toMatchObject({
      code: 'CONNECTOR_HTTP_STATUS',
      status: 504,
    });
    expect(simulator.requests.some((request) => request.status === 504)).toBe(true);
  });

  it('reads any configured KQL; an unknown table is a typed error', async () => {
    const { sentinel } = await connected();
    expect(await readAll(sentinel, 'query')).toHaveLength(alerts.length);
    const options = sentinelSimulatorOptions({ incidents, alerts });
    const simulator = registerSimulator(await createVendorSimulator(options));
    const other = await sentinelConnector.connect({
      config: config(simulator, { query: 'SigninLogs' }),
      secrets: createTestSecretProvider(secrets),
      rateLimit: false,
    });
    closing.push(async () => {
      await other.close();
      await simulator.close();
    });
    await expect(readAll(other, 'query')).rejects.toMatchObject({ status: 400 });
  });
});

describe('sentinel write-findings (Logs Ingestion)', () => {
  const event = (index: number, padding = 0) => ({
    class_uid: 2004,
    class_name: 'Detection Finding',
    severity_id: 3,
    time: 1762156800000 + index,
    finding_info: { uid: `f-${index}`, title: `finding ${index}` },
    metadata: { uid: `f-${index}` },
    message: 'x'.repeat(padding),
  });

  it('writes rows in calls under 1 MB, each with a stable RecordId', async () => {
    const state = createSentinelSimulatorState();
    const { sentinel } = await connected({ state });
    const events = Array.from({ length: 30 }, (_, index) => event(index, 100_000));
    const output = (await sentinel.runAction('write-findings', { events })) as {
      rows: number;
      batches: number;
      ids: string[];
    };
    expect(output.rows).toBe(30);
    expect(output.batches).toBeGreaterThanOrEqual(4);
    expect(state.ingestedBatches).toHaveLength(output.batches);
    const rows = state.ingestedBatches.flat() as Record<string, unknown>[];
    expect(rows.map((row) => row['RecordId'])).toEqual(events.map(sentinelRecordId));
    expect(rows[0]).toMatchObject({
      TimeGenerated: '2025-11-03T08:00:00.000Z',
      ClassUid: 2004,
      SeverityId: 3,
      Title: 'finding 0',
    });
    for (const batch of state.ingestedBatches)
      expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(1_000_000);
  });

  it('retries a 429 without writing a row twice, and a rewrite keeps the RecordIds', async () => {
    const state = createSentinelSimulatorState();
    const { simulator, sentinel } = await connected({ state });
    simulator.setFaults([{ type: 'rate-limit', at: [1], retryAfterSeconds: 0 }]);
    const events = [event(1), event(2)];
    await sentinel.runAction('write-findings', { events });
    await sentinel.runAction('write-findings', { events });
    expect(simulator.requests.filter((request) => request.status === 429)).toHaveLength(1);
    const ids = (state.ingestedBatches.flat() as Record<string, unknown>[]).map(
      (row) => row['RecordId'],
    );
    // two calls accepted, the same two ids each time: `arg_max(TimeGenerated, *) by RecordId` folds them
    expect(ids).toEqual([...events.map(sentinelRecordId), ...events.map(sentinelRecordId)]);
  });

  it('the simulated endpoint answers 413 over 1 MB', async () => {
    const { simulator } = await connected();
    const token = await tokenFor(simulator.url);
    const response = await fetch(
      `${simulator.url}${SENTINEL_PATHS.ingestion}?api-version=2023-01-01`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ big: 'x'.repeat(1_000_001) }]),
      },
    );
    expect(response.status).toBe(413);
  });
});

describe('sentinel Entra tokens', () => {
  it('asks for one token per API audience of the configured cloud', async () => {
    const { simulator } = await connected();
    const scopes: string[] = [];
    // a sign-in host in front of the simulator's token endpoint that records the scopes asked for
    const login = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += String(chunk);
      });
      request.on('end', async () => {
        scopes.push(new URLSearchParams(body).get('scope') ?? '');
        const forwarded = await fetch(`${simulator.url}${request.url}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
        response.writeHead(forwarded.status, { 'content-type': 'application/json' });
        response.end(await forwarded.text());
      });
    });
    await new Promise<void>((resolve) => login.listen(0, '127.0.0.1', resolve));
    closing.push(() => new Promise<void>((resolve) => login.close(() => resolve())));
    const sentinel = await sentinelConnector.connect({
      config: config(simulator, {
        loginBaseUrl: `http://127.0.0.1:${(login.address() as AddressInfo).port}`,
      }),
      secrets: createTestSecretProvider(secrets),
      rateLimit: false,
    });
    closing.push(() => sentinel.close());
    await readAll(sentinel, 'incidents');
    await readAll(sentinel, 'alerts');
    await sentinel.runAction('write-findings', {
      events: [{ class_uid: 2004, time: 1, metadata: { uid: 'x' } }],
    });
    expect(scopes.sort()).toEqual([
      'https://api.loganalytics.us/.default',
      'https://management.usgovcloudapi.net/.default',
      'https://monitor.azure.us/.default',
    ]);
  });
});
