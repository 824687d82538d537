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

/** A model action awaiting confirmation on device 102, for the `codeid` actions. */
const pendingAction = {
  codeid: 4764,
  did: 102,
  ip: '10.20.8.5',
  action: 'quarantineOutgoing',
  manual: false,
  triggerer: null,
  label: 'Block all outgoing traffic',
  detail: '',
  score: 0.62,
  pbid: 4811,
  model: 'Antigena / Network / Insider Threat / Antigena Large Data Volume Outbound Block',
  modeluuid: '5a8f0a3e-2f7e-4d0b-9a55-0a4c2a1f3b11',
  start: Date.now() - 60_000,
  expires: Date.now() + 3_540_000,
  blocked: false,
  agemail: false,
  aghost: false,
  active: false,
  cleared: false,
};

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
      antigenaActions: [pendingAction],
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
    {
      name: 'quarantine-device',
      input: { did: 101, duration: 600, reason: 'contained by OpenMDR' },
      expectedRequest: {
        method: 'POST',
        path: '/antigena/manual',
        body: { did: 101, action: 'quarantine', duration: 600, reason: 'contained by OpenMDR' },
      },
    },
    {
      name: 'release-device',
      input: { ip: '10.20.4.17' },
      expectedRequest: { method: 'GET', path: '/devices' },
    },
    {
      name: 'block-connections',
      input: { did: 103, destination: '203.0.113.50', port: 443 },
      expectedRequest: { method: 'GET', path: '/devices' },
    },
    {
      name: 'activate-respond-action',
      input: { codeid: 4764, reason: 'confirmed' },
      expectedRequest: {
        method: 'POST',
        path: '/antigena',
        body: { codeid: 4764, activate: true, reason: 'confirmed' },
      },
    },
    {
      name: 'extend-respond-action',
      input: { codeid: '4764', duration: 7_200 },
      expectedRequest: {
        method: 'POST',
        path: '/antigena',
        body: { codeid: 4764, duration: 7_200 },
      },
    },
    {
      name: 'clear-respond-action',
      input: { codeid: 4764 },
      expectedRequest: { method: 'POST', path: '/antigena', body: { codeid: 4764, clear: true } },
    },
    {
      name: 'reactivate-respond-action',
      input: { codeid: 4764, duration: 900 },
      expectedRequest: {
        method: 'POST',
        path: '/antigena',
        body: { codeid: 4764, activate: true, duration: 900 },
      },
    },
  ],
  capabilities: { tokenRefresh: false },
});
