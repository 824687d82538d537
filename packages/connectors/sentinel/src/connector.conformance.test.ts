import {
  describeConnectorConformance,
  type SimulatorRecord,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import { sentinelConnector, sentinelRecordId } from './index.js';
import { config, LOOKBACK_MS, secrets, sentinelFixtures } from './sentinel.test-helpers.js';
import { SENTINEL_PATHS, sentinelSimulatorOptions } from './simulator/routes.js';

const [incidentTemplate] = sentinelFixtures('incidents');
const [alertTemplate] = sentinelFixtures('security-alerts');
const incident = String(incidentTemplate?.['name']);
const finding = { class_uid: 2004, time: 1762156800000, metadata: { uid: 'f-1' } };

const incidentsDataset = {
  path: SENTINEL_PATHS.incidents,
  idField: 'name',
  timeField: 'properties.lastModifiedTimeUtc',
  lookbackMs: LOOKBACK_MS,
  record: (id: string, time: number): SimulatorRecord => ({
    ...incidentTemplate,
    id: `${SENTINEL_PATHS.incidents}/${id}`,
    name: id,
    properties: {
      ...(incidentTemplate?.['properties'] as object),
      createdTimeUtc: new Date(time).toISOString(),
      lastModifiedTimeUtc: new Date(time).toISOString(),
    },
  }),
};

const alertsDataset = {
  path: SENTINEL_PATHS.query,
  idField: 'SystemAlertId',
  timeField: 'TimeGenerated',
  lookbackMs: LOOKBACK_MS,
  record: (id: string, time: number): SimulatorRecord => ({
    ...alertTemplate,
    SystemAlertId: id,
    TimeGenerated: new Date(time).toISOString(),
    StartTime: new Date(time).toISOString(),
  }),
};

describeConnectorConformance({
  name: 'sentinel',
  create: () => sentinelConnector,
  simulator: () =>
    sentinelSimulatorOptions({
      incidents: sentinelFixtures('incidents'),
      alerts: sentinelFixtures('security-alerts'),
    }),
  config: (simulator: VendorSimulator) => config(simulator),
  secrets,
  badConfigs: (simulator) => [
    {
      name: 'wrong client secret',
      config: config(simulator),
      secrets: { 'sentinel.client_secret': 'sim-wrong-secret-value-42' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'tenant id not a GUID',
      config: config(simulator, { tenantId: 'contoso' }),
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'unknown cloud',
      config: config(simulator, { cloud: 'china' }),
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'DCR id not immutable',
      config: config(simulator, {
        ingestion: { endpoint: simulator.url, dcrImmutableId: 'my-dcr', stream: 'Custom-X_CL' },
      }),
      code: 'CONNECTOR_CONFIG',
    },
  ],
  // incidents come from ARM, alerts and query rows from Log Analytics (each with its own token
  // audience); query runs the alerts reader over the configured KQL
  streams: {
    incidents: { dataset: incidentsDataset, classUids: [2005] },
    alerts: { dataset: alertsDataset, classUids: [2004] },
    query: { dataset: alertsDataset, classUids: [2004, 0], sharesReaderWith: 'alerts' },
  },
  actions: [
    {
      // the etag is read first; the PUT with it is checked in simulator/start.test.ts
      name: 'update-incident',
      input: { incidentId: incident, status: 'Active', severity: 'High' },
      expectedRequest: { method: 'GET', path: `${SENTINEL_PATHS.incidents}/${incident}` },
    },
    {
      name: 'comment-incident',
      input: { incidentId: incident, message: 'OpenMDR: host contained', commentId: 'c-1' },
      expectedRequest: {
        method: 'PUT',
        path: `${SENTINEL_PATHS.incidents}/${incident}/comments/c-1`,
        body: { properties: { message: 'OpenMDR: host contained' } },
      },
    },
    {
      name: 'write-findings',
      input: { events: [finding] },
      expectedRequest: {
        method: 'POST',
        path: SENTINEL_PATHS.ingestion,
        body: [
          {
            TimeGenerated: '2025-11-03T08:00:00.000Z',
            RecordId: sentinelRecordId(finding),
            ClassUid: 2004,
            ClassName: '',
            SeverityId: 0,
            Title: '',
            Event: finding,
          },
        ],
      },
    },
  ],
  capabilities: { tokenRefresh: true },
});
