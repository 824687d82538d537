import { connectorSources, isRecord, type NormalizeSource } from '@openmdr/connector-kit/normalize';
import { normalizeCrowdStrikeAlert } from './normalize-alert.js';
import { isCrowdStrikeFdrRecord, normalizeCrowdStrikeFdrEvent } from './normalize-fdr.js';
import { normalizeCrowdStrikeHost } from './normalize-host.js';
import {
  isCrowdStrikeStreamEvent,
  normalizeCrowdStrikeStreamEvent,
} from './normalize-stream-event.js';

/**
 * The CrowdStrike sources of `openmdr normalize`: `crowdstrike/alerts` (Alerts API v2 entities,
 * recognised by `composite_id`), `crowdstrike/hosts` (device entities, recognised by
 * `device_id` without `composite_id`), `crowdstrike/event-stream` (Event Streams events,
 * `{ metadata: { eventType }, event }`), `crowdstrike/fdr` (Falcon Data Replicator lines, by
 * `event_simpleName`, and aidmaster entries), and `crowdstrike` for any of them.
 */
export const crowdstrikeNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'crowdstrike',
  'CrowdStrike Falcon',
  [
    {
      id: 'crowdstrike/alerts',
      summary: 'CrowdStrike Falcon alerts (Alerts API v2 entities)',
      matches: (record) => isRecord(record) && typeof record['composite_id'] === 'string',
      normalize: (record, options) => normalizeCrowdStrikeAlert(record, options),
    },
    {
      id: 'crowdstrike/hosts',
      summary: 'CrowdStrike Falcon hosts (/devices/entities/devices/v2 resources)',
      matches: (record) =>
        isRecord(record) &&
        typeof record['device_id'] === 'string' &&
        !('composite_id' in record) &&
        !('event_simpleName' in record),
      normalize: (record, options) => normalizeCrowdStrikeHost(record, options),
    },
    {
      id: 'crowdstrike/event-stream',
      summary: 'CrowdStrike Falcon Event Streams events (streaming API, SIEM connector output)',
      matches: isCrowdStrikeStreamEvent,
      normalize: (record, options) => normalizeCrowdStrikeStreamEvent(record, options),
    },
    {
      id: 'crowdstrike/fdr',
      summary: 'CrowdStrike Falcon Data Replicator events (data/ lines, aidmaster entries)',
      matches: isCrowdStrikeFdrRecord,
      normalize: (record, options) => normalizeCrowdStrikeFdrEvent(record, options),
    },
  ],
);
