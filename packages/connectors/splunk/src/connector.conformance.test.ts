import { readFileSync } from 'node:fs';
import { registerSimulator } from '@openmdr/connector-kit/simulator';
import {
  describeConnectorConformance,
  type SimulatorRecord,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import { REDACTED } from '@openmdr/core';
import { splunkConnector } from './index.js';
import {
  SPLUNK_HEC_TOKEN,
  SPLUNK_PASSWORD,
  SPLUNK_TOKEN,
  SPLUNK_USERNAME,
  splunkIndexDataset,
  splunkSimulatorOptions,
} from './simulator/index.js';

const LOOKBACK_MS = 5 * 60_000;
const secrets = { 'splunk.token': SPLUNK_TOKEN, 'splunk.hec_token': SPLUNK_HEC_TOKEN };
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as SimulatorRecord[];
const notables = fixture('notables');
const results = fixture('search-results');

function config(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return {
    baseUrl: simulator.url,
    auth: { type: 'token' },
    search: 'search index=main',
    startAt: '2026-01-01T00:00:00Z',
    lookbackMs: LOOKBACK_MS,
    pageSize: 4,
    pollIntervalMs: 1,
    hec: { url: simulator.url },
  };
}

/** A record at `time`: `_time` as Splunk writes it, `_indextime` a second later. */
const at = (time: number) => ({
  _time: new Date(time).toISOString().replace('Z', '+00:00'),
  _indextime: String(Math.floor(time / 1000)),
});

describeConnectorConformance({
  name: 'splunk',
  create: () => splunkConnector,
  simulator: () => splunkSimulatorOptions({ notables, indexes: { main: results } }),
  config,
  secrets,
  badConfigs: (simulator) => [
    {
      name: 'wrong token',
      config: config(simulator),
      secrets: { ...secrets, 'splunk.token': 'sim-wrong-token-value-42' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'wrong password',
      config: { ...config(simulator), auth: { type: 'basic', username: SPLUNK_USERNAME } },
      secrets: { ...secrets, 'splunk.password': `${SPLUNK_PASSWORD}-wrong` },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'unknown auth type',
      config: { ...config(simulator), auth: { type: 'oauth' } },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'no base URL',
      config: { ...config(simulator), baseUrl: undefined },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {
    notables: {
      dataset: {
        path: splunkIndexDataset('notable'),
        idField: 'event_id',
        timeField: '_time',
        lookbackMs: LOOKBACK_MS,
        record: (id, time) => ({ ...notables[0], ...at(time), event_id: id, rule_id: id }),
      },
      classUids: [2004],
    },
    search: {
      dataset: {
        path: splunkIndexDataset('main'),
        idField: '_cd',
        timeField: '_time',
        lookbackMs: LOOKBACK_MS,
        record: (id, time) => ({ ...results[0], ...at(time), _cd: id }),
      },
      classUids: [0],
      sharesReaderWith: 'notables',
    },
  },
  actions: [
    {
      name: 'update-notable',
      input: {
        eventIds: [String(notables[0]?.['event_id'])],
        status: 2,
        urgency: 'high',
        owner: 'analyst1',
        comment: 'triaged by OpenMDR',
      },
      // a form body: the simulator records it redacted (its fields are checked in actions.test.ts)
      expectedRequest: { method: 'POST', path: '/services/notable_update', body: REDACTED },
    },
    {
      name: 'write-findings',
      input: { events: [{ class_uid: 2004, time: 1_772_438_821_317, metadata: { uid: 'f-1' } }] },
      expectedRequest: {
        method: 'POST',
        path: '/services/collector/event',
        body: {
          time: 1_772_438_821.317,
          source: 'openmdr',
          sourcetype: 'ocsf:finding',
          event: { class_uid: 2004, time: 1_772_438_821_317, metadata: { uid: 'f-1' } },
          fields: { openmdr_uid: '2004:f-1' },
        },
      },
    },
  ],
  capabilities: { tokenRefresh: false },
});
