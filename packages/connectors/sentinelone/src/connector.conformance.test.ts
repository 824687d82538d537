import { registerSimulator } from '@openmdr/connector-kit/simulator';
import {
  createTestSecretProvider,
  createVendorSimulator,
  describeConnectorConformance,
  type SimulatorRecord,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import { describe, expect, it } from 'vitest';
import { sentineloneConnector } from './index.js';
import {
  SENTINELONE_API_TOKEN,
  SENTINELONE_PATHS,
  sentineloneFixtures,
  sentineloneSimulatorOptions,
} from './simulator.test-helpers.js';

const LOOKBACK_MS = 5 * 60_000;
const secrets = { 'sentinelone.api_token': SENTINELONE_API_TOKEN };
const [agentTemplate] = sentineloneFixtures('agents');
const [threatTemplate] = sentineloneFixtures('threats');
const agentId = String(agentTemplate?.['id']);

function config(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return {
    consoleUrl: simulator.url,
    startAt: '2026-01-01T00:00:00Z',
    lookbackMs: LOOKBACK_MS,
    pageSize: 5,
  };
}

describeConnectorConformance({
  name: 'sentinelone',
  create: () => sentineloneConnector,
  simulator: () => sentineloneSimulatorOptions(),
  config,
  secrets,
  badConfigs: (simulator) => {
    registerSimulator(simulator);
    return [
      {
        name: 'revoked API token',
        config: config(simulator),
        secrets: { 'sentinelone.api_token': 'sim-revoked-token-value-42' },
        code: 'CONNECTOR_AUTH',
      },
      { name: 'console URL missing', config: { pageSize: 5 }, code: 'CONNECTOR_CONFIG' },
      {
        name: 'page size over 1 000',
        config: { ...config(simulator), pageSize: 5_000 },
        code: 'CONNECTOR_CONFIG',
      },
    ];
  },
  streams: {
    agents: {
      dataset: {
        path: SENTINELONE_PATHS.agents,
        idField: 'id',
        timeField: 'updatedAt',
        lookbackMs: LOOKBACK_MS,
        record: (id: string, time: number): SimulatorRecord => ({
          ...agentTemplate,
          id,
          updatedAt: new Date(time).toISOString(),
        }),
      },
      classUids: [5001],
    },
    threats: {
      dataset: {
        path: SENTINELONE_PATHS.threats,
        idField: 'id',
        timeField: 'threatInfo.updatedAt',
        lookbackMs: LOOKBACK_MS,
        record: (id: string, time: number): SimulatorRecord => ({
          ...threatTemplate,
          id,
          threatInfo: {
            ...(threatTemplate?.['threatInfo'] as object),
            updatedAt: new Date(time).toISOString(),
          },
        }),
      },
      classUids: [2004],
      // the same Management API list reader as agents (streams.ts listStream)
      sharesReaderWith: 'agents',
    },
  },
  actions: [
    {
      name: 'disconnect',
      input: { agentId },
      expectedRequest: {
        method: 'POST',
        path: SENTINELONE_PATHS.disconnect,
        body: { filter: { ids: [agentId] } },
      },
    },
    {
      name: 'reconnect',
      input: { agentId },
      expectedRequest: {
        method: 'POST',
        path: SENTINELONE_PATHS.connect,
        body: { filter: { ids: [agentId] } },
      },
    },
  ],
  capabilities: { tokenRefresh: false },
});

describe('sentinelone threats stream', () => {
  async function connected(options = sentineloneSimulatorOptions()) {
    const simulator = registerSimulator(await createVendorSimulator(options));
    const s1 = await sentineloneConnector.connect({
      config: config(simulator),
      secrets: createTestSecretProvider(secrets),
      retry: { retries: 3, minDelayMs: 1, maxDelayMs: 5 },
      sleep: async () => {},
    });
    return { simulator, s1 };
  }
  const ids = (records: readonly unknown[]) =>
    records.map((record) => String((record as { id: string }).id));
  const all = sentineloneFixtures('threats')
    .map((record) => String(record['id']))
    .sort();

  it('reads every threat once across restarts after each batch, sorted by threatInfo.updatedAt', async () => {
    const { simulator, s1 } = await connected();
    try {
      const delivered: string[] = [];
      let state: unknown;
      for (let round = 0; round < 40; round += 1) {
        const iterator = s1.read('threats', state)[Symbol.asyncIterator]();
        const next = await iterator.next();
        await iterator.return?.();
        if (next.done) break;
        const committed = JSON.parse(JSON.stringify(next.value.state));
        if (next.value.records.length === 0 && JSON.stringify(committed) === JSON.stringify(state))
          break;
        delivered.push(...ids(next.value.records));
        state = committed;
      }
      expect(delivered.length).toBe(new Set(delivered).size);
      expect([...delivered].sort()).toEqual(all);
      const first = simulator.requests.find(
        (request) => request.path === SENTINELONE_PATHS.threats,
      );
      expect(first?.query).toMatchObject({
        sortBy: 'updatedAt',
        sortOrder: 'asc',
        limit: '5',
        updatedAt__gte: '2026-01-01T00:00:00.000Z',
      });
      expect(first?.headers['authorization']).not.toContain(SENTINELONE_API_TOKEN);
    } finally {
      await s1.close();
      await simulator.close();
    }
  });

  it('survives a 429 and a 503 mid-pagination and picks up a late threat inside the look-back', async () => {
    const { simulator, s1 } = await connected({
      ...sentineloneSimulatorOptions(),
      faults: [
        { type: 'rate-limit', at: [2], retryAfterSeconds: 1 },
        { type: 'server-error', at: [4] },
      ],
    });
    try {
      const first: unknown[] = [];
      let state: unknown;
      for await (const batch of s1.read('threats')) {
        first.push(...batch.records);
        state = batch.state;
      }
      expect(ids(first).sort()).toEqual(all);
      expect(simulator.requests.map((request) => request.status)).toContain(429);
      const newest = Math.max(
        ...sentineloneFixtures('threats').map((record) =>
          Date.parse(String((record['threatInfo'] as Record<string, unknown>)['updatedAt'])),
        ),
      );
      simulator.addRecord(SENTINELONE_PATHS.threats, {
        ...threatTemplate,
        id: '9999999999999999999',
        threatInfo: {
          ...(threatTemplate?.['threatInfo'] as object),
          updatedAt: new Date(newest - 60_000).toISOString(),
        },
      });
      const second: unknown[] = [];
      for await (const batch of s1.read('threats', state)) second.push(...batch.records);
      expect(ids(second)).toEqual(['9999999999999999999']);
      const batch = s1.normalizeBatch('threats', [...first, ...second]);
      expect(batch.deadLetters).toEqual([]);
      expect(batch.events[0]?.['finding_info']).toMatchObject({
        src_url: `${simulator.url}/incidents/threats/${ids(first)[0]}/overview`,
      });
    } finally {
      await s1.close();
      await simulator.close();
    }
  });
});

describe('sentinelone network actions', () => {
  it('disconnects: the action request, then the agent polled until disconnected', async () => {
    const simulator = registerSimulator(
      await createVendorSimulator(sentineloneSimulatorOptions(2)),
    );
    try {
      const s1 = await sentineloneConnector.connect({
        config: config(simulator),
        secrets: createTestSecretProvider(secrets),
      });
      expect(await s1.runAction('disconnect', { agentId }, { pollIntervalMs: 1 })).toEqual({
        agentId,
        networkStatus: 'disconnected',
      });
      expect(
        simulator.requests.map(
          (request) =>
            `${request.method} ${request.path}${request.query['ids'] ? `?ids=${request.query['ids']}` : ''}`,
        ),
      ).toEqual([
        `POST ${SENTINELONE_PATHS.disconnect}`,
        `GET ${SENTINELONE_PATHS.agents}?ids=${agentId}`,
        `GET ${SENTINELONE_PATHS.agents}?ids=${agentId}`,
        `GET ${SENTINELONE_PATHS.agents}?ids=${agentId}`,
      ]);
      await expect(
        s1.runAction('reconnect', { agentId: '1' }, { pollIntervalMs: 1 }),
      ).rejects.toThrow(/affected no agent/);
      await expect(s1.startAction('disconnect', { agentId: 'WS-FIN-014' })).rejects.toMatchObject({
        code: 'CONNECTOR_ACTION',
      });
      await s1.close();
    } finally {
      await simulator.close();
    }
  });
});
