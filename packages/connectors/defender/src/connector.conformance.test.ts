import { registerSimulator } from '@openmdr/connector-kit/simulator';
import {
  createTestSecretProvider,
  createVendorSimulator,
  describeConnectorConformance,
  type SimulatorRecord,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import { describe, expect, it } from 'vitest';
import {
  config,
  incident,
  LOOKBACK_MS,
  machine,
  secrets,
  xdrAlert,
} from './defender-conformance.test-helpers.js';
import {
  DEFENDER_LISTS,
  defenderFixtures,
  defenderSimulatorOptions,
} from './defender-simulator.test-helpers.js';
import { defenderConnector } from './index.js';

function badConfigs(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return [
    {
      name: 'wrong client secret',
      config: config(simulator),
      secrets: { 'defender.client_secret': 'sim-wrong-secret-value-42' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'tenant id not a GUID',
      config: { ...config(simulator), tenantId: 'contoso' },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'unknown cloud',
      config: { ...config(simulator), cloud: 'china' },
      code: 'CONNECTOR_CONFIG',
    },
  ];
}

const triage = {
  status: 'inProgress',
  classification: 'truePositive',
  determination: 'malware',
  assignedTo: 'analyst1@mssp.example.net',
};

const actions = [
  {
    name: 'isolate',
    input: {
      machineId: machine,
      isolationType: 'Selective',
      comment: 'IR-1234: contain suspected ransomware',
    },
    expectedRequest: {
      method: 'POST',
      path: `/api/machines/${machine}/isolate`,
      body: { Comment: 'IR-1234: contain suspected ransomware', IsolationType: 'Selective' },
    },
  },
  {
    name: 'release',
    input: { machineId: machine, comment: 'IR-1234: remediated' },
    expectedRequest: {
      method: 'POST',
      path: `/api/machines/${machine}/unisolate`,
      body: { Comment: 'IR-1234: remediated' },
    },
  },
  {
    name: 'update-alert',
    input: { alertId: xdrAlert, ...triage },
    expectedRequest: {
      method: 'PATCH',
      path: `/v1.0/security/alerts_v2/${xdrAlert}`,
      body: triage,
    },
  },
  {
    name: 'update-incident',
    input: { incidentId: incident, ...triage },
    expectedRequest: {
      method: 'PATCH',
      path: `/v1.0/security/incidents/${incident}`,
      body: triage,
    },
  },
];

/** The conformance dataset of a Defender list, new records cloned from its first fixture. */
function dataset(stream: keyof typeof DEFENDER_LISTS) {
  const list = DEFENDER_LISTS[stream];
  const [template] = defenderFixtures(list.fixture);
  return {
    path: list.path,
    idField: 'id',
    timeField: list.timeField,
    lookbackMs: LOOKBACK_MS,
    record: (id: string, time: number): SimulatorRecord => ({
      ...template,
      id,
      [list.timeField]: new Date(time).toISOString(),
    }),
  };
}

describeConnectorConformance({
  name: 'defender',
  create: () => defenderConnector,
  simulator: () => defenderSimulatorOptions(),
  config,
  secrets,
  badConfigs,
  // alerts and machines come from the Defender for Endpoint API, xdr-alerts and incidents from
  // Microsoft Graph (each with its own token audience): one stream of each API runs the transport
  // cases, the other shares its reader
  streams: {
    alerts: { dataset: dataset('alerts'), classUids: [2004] },
    'xdr-alerts': { dataset: dataset('xdr-alerts'), classUids: [2004] },
    machines: { dataset: dataset('machines'), classUids: [5001], sharesReaderWith: 'alerts' },
    incidents: {
      dataset: dataset('incidents'),
      classUids: [2005],
      sharesReaderWith: 'xdr-alerts',
    },
  },
  actions,
  capabilities: { tokenRefresh: true },
});

describe('defender actions', () => {
  async function connected(pendingPolls = 3) {
    const simulator = registerSimulator(
      await createVendorSimulator(defenderSimulatorOptions(pendingPolls)),
    );
    const defender = await defenderConnector.connect({
      config: config(simulator),
      secrets: createTestSecretProvider(secrets),
      rateLimit: false,
    });
    return { simulator, defender };
  }

  it('isolates: the request, then the machine action polled Pending → InProgress → Succeeded', async () => {
    const { simulator, defender } = await connected();
    try {
      const output = await defender.runAction(
        'isolate',
        { machineId: machine, comment: 'IR-1' },
        { pollIntervalMs: 1 },
      );
      expect(output).toMatchObject({ machineId: machine, type: 'Isolate', status: 'Succeeded' });
      const calls = simulator.requests
        .filter((request) => !request.path.endsWith('/token'))
        .map(
          (request) =>
            `${request.method} ${request.path} ${JSON.stringify(request.body ?? null)} → ${request.status}`,
        );
      expect(calls).toEqual([
        `POST /api/machines/${machine}/isolate {"Comment":"IR-1","IsolationType":"Full"} → 201`,
        'GET /api/machineactions/00000000-0000-4000-a000-000000000001 null → 200',
        'GET /api/machineactions/00000000-0000-4000-a000-000000000001 null → 200',
        'GET /api/machineactions/00000000-0000-4000-a000-000000000001 null → 200',
      ]);
      // both APIs were called with tokens for their own audience
      const scopes = simulator.requests
        .filter((request) => request.path.endsWith('/token'))
        .map((request) => (request.body as Record<string, unknown>)['grant_type']);
      expect(scopes.length).toBeGreaterThan(0);
    } finally {
      await defender.close();
      await simulator.close();
    }
  });

  it('reports a machine action that ends Failed', async () => {
    const { simulator, defender } = await connected(1);
    try {
      await expect(
        defender.runAction(
          'release',
          { machineId: `fa11${'0'.repeat(36)}`, comment: 'x' },
          { pollIntervalMs: 1 },
        ),
      ).rejects.toThrow(/ended Failed/);
    } finally {
      await defender.close();
      await simulator.close();
    }
  });

  it('validates triage input before calling Graph', async () => {
    const { simulator, defender } = await connected();
    try {
      await expect(
        defender.startAction('update-alert', { alertId: xdrAlert }),
      ).rejects.toMatchObject({
        code: 'CONNECTOR_ACTION',
      });
      await expect(
        defender.startAction('update-incident', { incidentId: incident, status: 'closed' }),
      ).rejects.toMatchObject({ code: 'CONNECTOR_ACTION' });
      expect(simulator.requests).toEqual([]);
    } finally {
      await defender.close();
      await simulator.close();
    }
  });

  it('resolves an incident and reads the change back from the incidents stream', async () => {
    const { simulator, defender } = await connected();
    try {
      await defender.runAction('update-incident', {
        incidentId: incident,
        status: 'resolved',
        classification: 'truePositive',
        determination: 'malware',
      });
      let found: Record<string, unknown> | undefined;
      for await (const batch of defender.read('incidents')) {
        found ??= batch.records.find(
          (record) => (record as Record<string, unknown>)['id'] === incident,
        ) as Record<string, unknown> | undefined;
      }
      expect(found).toMatchObject({ status: 'resolved', classification: 'truePositive' });
      const [event] = defender.normalize('incidents', found);
      expect(event).toMatchObject({ class_uid: 2005, status_id: 4, verdict_id: 2, activity_id: 3 });
    } finally {
      await defender.close();
      await simulator.close();
    }
  });
});

describe('defender machines and incidents streams', () => {
  it('reads every machine once across restarts, each normalised to valid Device Inventory Info', async () => {
    const simulator = registerSimulator(await createVendorSimulator(defenderSimulatorOptions()));
    try {
      const defender = await defenderConnector.connect({
        config: { ...config(simulator), pageSize: 5 },
        secrets: createTestSecretProvider(secrets),
        rateLimit: false,
      });
      const ids: string[] = [];
      let state: unknown;
      for (let round = 0; round < 40; round += 1) {
        const iterator = defender.read('machines', state)[Symbol.asyncIterator]();
        const next = await iterator.next();
        await iterator.return?.();
        if (next.done || next.value.records.length === 0) break;
        ids.push(...next.value.records.map((record) => String((record as { id: string }).id)));
        state = JSON.parse(JSON.stringify(next.value.state));
      }
      expect(ids.length).toBe(new Set(ids).size);
      expect(ids.sort()).toEqual(
        simulator
          .records('/api/machines')
          .map((record) => String(record['id']))
          .sort(),
      );
      const batch = defender.normalizeBatch('machines', simulator.records('/api/machines'));
      expect(batch.deadLetters).toEqual([]);
      expect(batch.events.every((event) => event.class_uid === 5001)).toBe(true);
      await defender.close();
    } finally {
      await simulator.close();
    }
  });

  it('reads incidents with their alerts, each normalised to an Incident Finding', async () => {
    const simulator = registerSimulator(await createVendorSimulator(defenderSimulatorOptions()));
    try {
      const defender = await defenderConnector.connect({
        config: config(simulator),
        secrets: createTestSecretProvider(secrets),
        rateLimit: false,
      });
      const records: unknown[] = [];
      for await (const batch of defender.read('incidents')) records.push(...batch.records);
      expect(records.length).toBe(16);
      const request = simulator.requests.find((entry) => entry.path === '/v1.0/security/incidents');
      expect(request?.query).toMatchObject({ $expand: 'alerts' });
      expect(request?.query['$filter']).toMatch(/^lastUpdateDateTime ge 2026-01-01T00:00:00.000Z$/);
      const batch = defender.normalizeBatch('incidents', records);
      expect(batch.deadLetters).toEqual([]);
      expect(batch.events.every((event) => event.class_uid === 2005)).toBe(true);
      await defender.close();
    } finally {
      await simulator.close();
    }
  });
});
