import { readFileSync } from 'node:fs';
import {
  describeConnectorConformance,
  type SimulatorRecord,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import { darktraceConnector } from './index.js';
import {
  DARKTRACE_PATHS,
  DARKTRACE_PRIVATE_TOKEN,
  DARKTRACE_PUBLIC_TOKEN,
  darktraceSimulatorOptions,
} from './simulator/routes.js';

const LOOKBACK_MS = 15_000;
const secrets = { 'darktrace.private_token': DARKTRACE_PRIVATE_TOKEN };
const read = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as SimulatorRecord[];
const modelBreaches = read('model-breaches');
const incidents = read('ai-analyst-incidents');
const [breachTemplate] = modelBreaches;
const [incidentTemplate] = incidents;

const WINDOW_MS = 5_000;
const SPAN_MS = 60_000;

/** The fixtures moved to the last minute of the vendor's clock, so windows of 5 s page them. */
function recent(records: readonly SimulatorRecord[], timeField: string, clockOffsetMs: number) {
  const now = Date.now() + clockOffsetMs;
  return records.map((record, index) => ({
    ...record,
    [timeField]: now - SPAN_MS + Math.round(((index + 1) * (SPAN_MS - 5_000)) / records.length),
  }));
}

function config(simulator: VendorSimulator) {
  return {
    baseUrl: simulator.url,
    publicToken: DARKTRACE_PUBLIC_TOKEN,
    startAt: new Date(simulator.now() - SPAN_MS - 1_000).toISOString(),
    lookbackMs: LOOKBACK_MS,
    windowMs: WINDOW_MS,
  };
}

describeConnectorConformance({
  name: 'darktrace',
  create: () => darktraceConnector,
  simulator: ({ clockOffsetMs }) =>
    darktraceSimulatorOptions({
      modelBreaches: recent(modelBreaches, 'time', clockOffsetMs),
      incidents: recent(incidents, 'createdAt', clockOffsetMs),
    }),
  config,
  secrets,
  badConfigs: (simulator) => [
    {
      name: 'wrong private token',
      config: config(simulator),
      secrets: { 'darktrace.private_token': 'sim-wrong-private-token-value-42' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'unknown public token',
      config: { ...config(simulator), publicToken: 'sim-unknown-public-token' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'no public token',
      config: { ...config(simulator), publicToken: '' },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'no base URL',
      config: { ...config(simulator), baseUrl: 'not a url' },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {
    'model-breaches': {
      dataset: {
        path: DARKTRACE_PATHS.modelBreaches,
        idField: 'pbid',
        timeField: 'time',
        lookbackMs: LOOKBACK_MS,
        record: (id, time) => ({ ...breachTemplate, pbid: id, time, creationTime: time }),
      },
      classUids: [2004],
    },
    'ai-analyst-incidents': {
      dataset: {
        path: DARKTRACE_PATHS.incidents,
        idField: 'id',
        timeField: 'createdAt',
        lookbackMs: LOOKBACK_MS,
        record: (id, time) => ({ ...incidentTemplate, id, children: [id], createdAt: time }),
      },
      classUids: [2004],
      sharesReaderWith: 'model-breaches',
    },
  },
  actions: [
    {
      name: 'acknowledge-breach',
      input: { pbid: 4810 },
      expectedRequest: {
        method: 'POST',
        path: '/modelbreaches/4810/acknowledge',
        // the simulator's recording redacts every form body; start.test.ts checks the parameter
        body: '[REDACTED]',
      },
    },
    {
      name: 'unacknowledge-breach',
      input: { pbid: '4810' },
      expectedRequest: {
        method: 'POST',
        path: '/modelbreaches/4810/unacknowledge',
        // the simulator's recording redacts every form body; start.test.ts checks the parameter
        body: '[REDACTED]',
      },
    },
    {
      name: 'comment-breach',
      input: { pbid: 4817, message: 'triaged by OpenMDR' },
      expectedRequest: {
        method: 'POST',
        path: '/modelbreaches/4817/comments',
        body: { message: 'triaged by OpenMDR' },
      },
    },
  ],
  capabilities: { tokenRefresh: false },
});
