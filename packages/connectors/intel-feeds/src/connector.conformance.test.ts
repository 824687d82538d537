import { readFileSync } from 'node:fs';
import { registerSimulator } from '@openmdr/connector-kit/simulator';
import { describeConnectorConformance, type VendorSimulator } from '@openmdr/connector-kit/testing';
import { intelFeedsConnector } from './index.js';
import { INTEL_FEEDS_API_KEY, intelFeedsSimulatorOptions } from './simulator/routes.js';

const secrets = { 'intel-feeds.api_key': INTEL_FEEDS_API_KEY };
const LIST = '/feeds/c2-ips.txt';
const RETIRED = '/feeds/retired.csv';
const rows = readFileSync(new URL('./__fixtures__/c2-ips.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((value, index) => ({
    value,
    first_seen: new Date(Date.UTC(2026, 2, 1, 8, index)).toISOString(),
  }));

// two feeds, so that a read spans two requests and the suite's faults land mid-read; the
// second (a CSV feed with no rows left) delivers nothing
function config(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return {
    feeds: [
      { name: 'c2-ips', url: `${simulator.url}${LIST}`, format: 'list' },
      { name: 'retired', url: `${simulator.url}${RETIRED}`, format: 'csv' },
    ],
    auth: { type: 'header', header: 'auth-key' },
    batchSize: 2,
  };
}

describeConnectorConformance({
  name: 'intel-feeds rows',
  create: () => intelFeedsConnector,
  simulator: () =>
    intelFeedsSimulatorOptions({
      feeds: { [LIST]: { format: 'list', rows }, [RETIRED]: { format: 'csv', rows: [] } },
    }),
  config,
  secrets,
  badConfigs: (simulator) => [
    {
      name: 'wrong key',
      config: config(simulator),
      secrets: { 'intel-feeds.api_key': 'sim-wrong-feed-key-value-42' },
      code: 'CONNECTOR_AUTH',
    },
    { name: 'no feeds', config: { feeds: [] }, code: 'CONNECTOR_CONFIG' },
    {
      name: 'two feeds of one name',
      config: {
        ...config(simulator),
        feeds: [
          { name: 'a', url: `${simulator.url}${LIST}` },
          { name: 'a', url: `${simulator.url}${RETIRED}` },
        ],
      },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {
    rows: {
      dataset: {
        path: LIST,
        idField: 'value',
        timeField: 'first_seen',
        lookbackMs: 5 * 60_000,
        record: (value, time) => ({ value, first_seen: new Date(time).toISOString() }),
      },
      classUids: [5021],
    },
  },
  actions: [],
  capabilities: { tokenRefresh: false },
});
