import { registerSimulator } from '@openmdr/connector-kit/simulator';
import { describeConnectorConformance, type VendorSimulator } from '@openmdr/connector-kit/testing';
import { redact } from '@openmdr/core';
import { elasticConnector, ocsfIndexTemplate } from './index.js';
import { ELASTIC_API_KEY, ELASTIC_PATHS, elasticSimulatorOptions } from './simulator/routes.js';
import { alertDocuments } from './simulator.test-helpers.js';

const LOOKBACK_MS = 5 * 60_000;
const secrets = { 'elastic.api_key': ELASTIC_API_KEY };
const [template] = alertDocuments;

function config(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return {
    elasticsearchUrl: simulator.url,
    kibanaUrl: simulator.url,
    startAt: '2026-01-01T00:00:00Z',
    lookbackMs: LOOKBACK_MS,
    pageSize: 3,
    search: { index: 'logs-endpoint.events.*' },
  };
}

const document = (id: string, time: number) => ({
  ...template,
  _id: id,
  'kibana.alert.uuid': id,
  '@timestamp': new Date(time).toISOString(),
});

describeConnectorConformance({
  name: 'elastic',
  create: () => elasticConnector,
  simulator: () => elasticSimulatorOptions({ alerts: alertDocuments, events: alertDocuments }),
  config,
  secrets,
  badConfigs: (simulator) => [
    {
      name: 'wrong API key',
      config: config(simulator),
      secrets: { 'elastic.api_key': 'sim-key-id:sim-wrong-key-value-42' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'neither URL nor Cloud id',
      config: { ...config(simulator), elasticsearchUrl: undefined },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'invalid Cloud id',
      config: { ...config(simulator), elasticsearchUrl: undefined, cloudId: 'prod:!!!' },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'invalid space id',
      config: { ...config(simulator), space: 'SOC Team' },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {
    alerts: {
      dataset: {
        path: ELASTIC_PATHS.alerts,
        idField: '_id',
        timeField: '@timestamp',
        lookbackMs: LOOKBACK_MS,
        record: document,
      },
      classUids: [2004],
    },
    search: {
      dataset: {
        path: ELASTIC_PATHS.events,
        idField: '_id',
        timeField: '@timestamp',
        lookbackMs: LOOKBACK_MS,
        record: document,
      },
      classUids: [2004, 0],
      sharesReaderWith: 'alerts',
    },
  },
  actions: [
    {
      name: 'set-alert-status',
      input: { alertIds: [String(template?.['_id'])], status: 'acknowledged' },
      expectedRequest: {
        method: 'POST',
        path: '/api/detection_engine/signals/status',
        body: { signal_ids: [String(template?.['_id'])], status: 'acknowledged' },
      },
    },
    {
      name: 'add-case-comment',
      input: { caseId: 'case-1', comment: 'triaged by OpenMDR' },
      expectedRequest: {
        method: 'POST',
        path: '/api/cases/case-1/comments',
        body: { type: 'user', comment: 'triaged by OpenMDR', owner: 'securitySolution' },
      },
    },
    {
      name: 'isolate-host',
      input: { endpointIds: ['agent-7'], comment: 'contained by OpenMDR' },
      expectedRequest: {
        method: 'POST',
        path: '/api/endpoint/action/isolate',
        body: {
          endpoint_ids: ['agent-7'],
          agent_type: 'endpoint',
          comment: 'contained by OpenMDR',
        },
      },
    },
    {
      name: 'release-host',
      input: { endpointIds: ['agent-7'] },
      expectedRequest: {
        method: 'POST',
        path: '/api/endpoint/action/unisolate',
        body: { endpoint_ids: ['agent-7'], agent_type: 'endpoint' },
      },
    },
    {
      name: 'write-findings',
      input: { events: [{ class_uid: 2004, time: 1_772_438_821_317, metadata: { uid: 'f-1' } }] },
      // the first request installs the template (recorded with secret-named keys such as the
      // OCSF `token` object redacted); the documents follow in _bulk (write-findings.test.ts)
      expectedRequest: {
        method: 'PUT',
        path: '/_index_template/ocsf-findings',
        body: redact(
          JSON.parse(
            JSON.stringify(
              ocsfIndexTemplate({
                classes: ['detection_finding', 'incident_finding'],
                indexPatterns: ['ocsf-findings-*'],
              }),
            ),
          ),
        ),
      },
    },
  ],
  capabilities: { tokenRefresh: false },
});
