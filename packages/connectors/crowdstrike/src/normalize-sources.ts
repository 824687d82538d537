import { connectorSources, isRecord, type NormalizeSource } from '@openmdr/connector-kit/normalize';
import { normalizeCrowdStrikeAlert } from './normalize-alert.js';
import { normalizeCrowdStrikeHost } from './normalize-host.js';

/**
 * The CrowdStrike sources of `openmdr normalize`: `crowdstrike/alerts` (Alerts API v2 entities,
 * recognised by `composite_id`), `crowdstrike/hosts` (device entities, recognised by
 * `device_id` without `composite_id`), and `crowdstrike` for either.
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
        isRecord(record) && typeof record['device_id'] === 'string' && !('composite_id' in record),
      normalize: (record, options) => normalizeCrowdStrikeHost(record, options),
    },
  ],
);
