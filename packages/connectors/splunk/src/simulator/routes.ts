import type {
  SimulatorRecord,
  SimulatorRequest,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';
import { liveRecords } from '@openmdr/connector-kit/simulator';
import { SPLUNK_HEC_DATASET, type SplunkHecOptions, splunkHecRoutes } from './hec-routes.js';
import {
  type SplunkSearchOptions,
  splunkIndexDataset,
  splunkSearchRoutes,
} from './search-routes.js';

/** The simulator's management token (a placeholder, never a real secret). */
export const SPLUNK_TOKEN = 'sim-splunk-token-0123456789abcdef';
/** The simulator's user for Basic auth. */
export const SPLUNK_USERNAME = 'openmdr-sim';
/** Its password (a placeholder). */
export const SPLUNK_PASSWORD = 'sim-splunk-password-0123456789';
/** The simulator's HEC token (a placeholder GUID). */
export const SPLUNK_HEC_TOKEN = '00000000-0000-4000-8000-00000000cafe';

/** What a simulated Splunk deployment serves. */
export interface SplunkSimulatorData extends SplunkSearchOptions, SplunkHecOptions {
  /** Notable events (results of `search index=notable`), with `_time` and `_indextime`. */
  notables?: readonly SimulatorRecord[];
  /** Events of other indexes, by index name (`main`). */
  indexes?: Readonly<Record<string, readonly SimulatorRecord[]>>;
}

const basic = `Basic ${Buffer.from(`${SPLUNK_USERNAME}:${SPLUNK_PASSWORD}`).toString('base64')}`;

/** The management port's and HEC's credentials: Bearer or Basic, and `Splunk <HEC token>`. */
function authorized(request: SimulatorRequest): boolean {
  const header = request.headers['authorization'] ?? '';
  if (request.path.startsWith('/services/collector'))
    return header === `Splunk ${SPLUNK_HEC_TOKEN}`;
  return header === `Bearer ${SPLUNK_TOKEN}` || header === basic;
}

/** ES's notable update: `ruleUIDs` (repeated), `status`, `urgency`, `newOwner`, `comment`. */
function notableUpdateRoute(): SimulatorRoute {
  return {
    method: 'POST',
    path: '/services/notable_update',
    handle: (request) => {
      const form = new URLSearchParams(request.body);
      const ids = form.getAll('ruleUIDs');
      const status = form.get('status');
      const urgency = form.get('urgency');
      const owner = form.get('newOwner');
      const comment = form.get('comment');
      if (ids.length === 0 && !form.get('searchID')) {
        return { status: 400, body: { success: false, message: 'ruleUIDs or searchID required' } };
      }
      if (status === null && urgency === null && owner === null && comment === null) {
        return { status: 400, body: { success: false, message: 'Nothing to update' } };
      }
      const records = liveRecords(request, splunkIndexDataset('notable')) as SimulatorRecord[];
      let updated = 0;
      for (const record of records) {
        if (!ids.includes(String(record['event_id']))) continue;
        updated += 1;
        if (status !== null) record['status'] = status;
        if (urgency !== null) record['urgency'] = urgency;
        if (owner !== null) record['owner'] = owner;
        if (comment !== null) record['comment'] = comment;
      }
      return {
        body: {
          success: true,
          message: `${updated} event${updated === 1 ? '' : 's'} updated successfully`,
          details: {},
        },
      };
    },
  };
}

/**
 * Options of a simulated Splunk deployment for `createVendorSimulator` (register the running
 * simulator with `registerSimulator`): the management port (Bearer {@link SPLUNK_TOKEN} or
 * Basic {@link SPLUNK_USERNAME}/{@link SPLUNK_PASSWORD}) with search jobs, `notable_update` and
 * `authentication/current-context`, and HEC ({@link SPLUNK_HEC_TOKEN}) with channels and acks.
 * The framework adds 429s with `Retry-After`, 5xx and slow responses when asked.
 */
export function splunkSimulatorOptions(data: SplunkSimulatorData = {}): VendorSimulatorOptions {
  const indexes: Record<string, readonly SimulatorRecord[]> = {
    ...data.indexes,
    notable: data.notables ?? [],
  };
  return {
    auth: {
      type: 'custom',
      verify: authorized,
      rejection: {
        status: 401,
        body: { messages: [{ type: 'WARN', text: 'call not properly authenticated' }] },
      },
    },
    datasets: [
      ...Object.entries(indexes).map(([index, records]) => ({
        path: splunkIndexDataset(index),
        cursor: 'offset' as const,
        records,
        idField: index === 'notable' ? 'event_id' : '_cd',
        timeField: '_time',
      })),
      // what HEC received, read with `simulator.records` (never served as a list)
      {
        path: SPLUNK_HEC_DATASET,
        cursor: 'offset' as const,
        records: [],
        idField: 'time',
        timeField: 'time',
      },
    ],
    routes: [
      {
        method: 'GET',
        path: '/services/authentication/current-context',
        handle: () => ({
          body: { entry: [{ name: 'tokens', content: { username: SPLUNK_USERNAME } }] },
        }),
      },
      ...splunkSearchRoutes(data),
      notableUpdateRoute(),
      ...splunkHecRoutes(data),
    ],
  };
}
