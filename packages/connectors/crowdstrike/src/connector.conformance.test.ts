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
  FALCON_CLIENT_ID,
  FALCON_CLIENT_SECRET,
  FALCON_PATHS,
  falconFixtures,
  falconSimulatorOptions,
} from './falcon-simulator.test-helpers.js';
import { crowdstrikeConnector } from './index.js';

const LOOKBACK_MS = 5 * 60_000;
const secrets = { 'crowdstrike.client_secret': FALCON_CLIENT_SECRET };
const [alertTemplate] = falconFixtures('alerts');
const [hostTemplate] = falconFixtures('hosts');
const containedHost = String(hostTemplate?.['device_id']);

function config(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return {
    region: 'us-gov-1',
    baseUrl: simulator.url,
    clientId: FALCON_CLIENT_ID,
    startAt: '2026-01-01T00:00:00Z',
    lookbackMs: LOOKBACK_MS,
    pageSize: 4,
  };
}

function badConfigs(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return [
    {
      name: 'wrong client secret',
      config: config(simulator),
      secrets: { 'crowdstrike.client_secret': 'sim-wrong-secret-value-42' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'unknown region',
      config: { ...config(simulator), region: 'mars-1' },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'no client id',
      config: { ...config(simulator), clientId: '' },
      code: 'CONNECTOR_CONFIG',
    },
  ];
}

const actions = [
  {
    name: 'contain',
    input: { deviceId: containedHost },
    expectedRequest: {
      method: 'POST',
      path: FALCON_PATHS.deviceActions,
      body: { ids: [containedHost] },
    },
  },
  {
    name: 'lift-containment',
    input: { deviceId: containedHost },
    expectedRequest: {
      method: 'POST',
      path: FALCON_PATHS.deviceActions,
      body: { ids: [containedHost] },
    },
  },
];

function streamRecord(template: SimulatorRecord | undefined, idField: string, timeField: string) {
  return (id: string, time: number): SimulatorRecord => ({
    ...template,
    [idField]: id,
    [timeField]: new Date(time).toISOString(),
    created_timestamp: new Date(time).toISOString(),
  });
}

describeConnectorConformance({
  name: 'crowdstrike',
  create: () => crowdstrikeConnector,
  simulator: () => falconSimulatorOptions(),
  config,
  secrets,
  badConfigs,
  streams: {
    alerts: {
      dataset: {
        path: FALCON_PATHS.alertsQuery,
        idField: 'composite_id',
        timeField: 'updated_timestamp',
        lookbackMs: LOOKBACK_MS,
        record: streamRecord(alertTemplate, 'composite_id', 'updated_timestamp'),
      },
      classUids: [2004],
    },
    // hosts are read through the scroll API, not the alerts query: the transport cases run too
    hosts: {
      dataset: {
        path: FALCON_PATHS.hostsScroll,
        idField: 'device_id',
        timeField: 'modified_timestamp',
        lookbackMs: LOOKBACK_MS,
        record: streamRecord(hostTemplate, 'device_id', 'modified_timestamp'),
      },
      classUids: [5001],
    },
  },
  actions,
  capabilities: { tokenRefresh: true },
});

describe('crowdstrike containment actions', () => {
  it('contains a host: the action request, then host status polled until contained', async () => {
    const simulator = registerSimulator(await createVendorSimulator(falconSimulatorOptions(3)));
    try {
      const falcon = await crowdstrikeConnector.connect({
        config: config(simulator),
        secrets: createTestSecretProvider(secrets),
      });
      const output = await falcon.runAction(
        'contain',
        { deviceId: containedHost },
        { pollIntervalMs: 1 },
      );
      expect(output).toEqual({ deviceId: containedHost, status: 'contained' });
      const calls = simulator.requests
        .filter((request) => request.path !== '/oauth2/token')
        .map((request) => ({
          method: request.method,
          path: request.path,
          query: request.query,
          body: request.body,
        }));
      expect(calls).toMatchInlineSnapshot(`
        [
          {
            "body": {
              "ids": [
                "${containedHost}",
              ],
            },
            "method": "POST",
            "path": "/devices/entities/devices-actions/v2",
            "query": {
              "action_name": "contain",
            },
          },
          {
            "body": undefined,
            "method": "GET",
            "path": "/devices/entities/devices/v2",
            "query": {
              "ids": "${containedHost}",
            },
          },
          {
            "body": undefined,
            "method": "GET",
            "path": "/devices/entities/devices/v2",
            "query": {
              "ids": "${containedHost}",
            },
          },
          {
            "body": undefined,
            "method": "GET",
            "path": "/devices/entities/devices/v2",
            "query": {
              "ids": "${containedHost}",
            },
          },
          {
            "body": undefined,
            "method": "GET",
            "path": "/devices/entities/devices/v2",
            "query": {
              "ids": "${containedHost}",
            },
          },
        ]
      `);
      await falcon.close();
    } finally {
      await simulator.close();
    }
  });

  it('rejects an input that is not a Falcon device id before calling the API', async () => {
    const simulator = registerSimulator(await createVendorSimulator(falconSimulatorOptions()));
    try {
      const falcon = await crowdstrikeConnector.connect({
        config: config(simulator),
        secrets: createTestSecretProvider(secrets),
      });
      await expect(falcon.startAction('contain', { deviceId: 'not-an-aid' })).rejects.toMatchObject(
        {
          code: 'CONNECTOR_ACTION',
        },
      );
      expect(simulator.requests).toEqual([]);
    } finally {
      await simulator.close();
    }
  });

  it('reports a host unknown to Falcon as a failed action', async () => {
    const simulator = registerSimulator(await createVendorSimulator(falconSimulatorOptions()));
    try {
      const falcon = await crowdstrikeConnector.connect({
        config: config(simulator),
        secrets: createTestSecretProvider(secrets),
      });
      await expect(
        falcon.runAction('contain', { deviceId: 'f'.repeat(32) }, { pollIntervalMs: 1 }),
      ).rejects.toThrow(/did not accept contain/);
    } finally {
      await simulator.close();
    }
  });
});
