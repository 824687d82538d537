import { connectorSources, isRecord, type NormalizeSource } from '@openmdr/connector-kit/normalize';
import { normalizeSentinelOneAgent } from './normalize-agent.js';
import { normalizeSentinelOneThreat } from './normalize-threat.js';

/**
 * The SentinelOne sources of `openmdr normalize`: `sentinelone/threats` (recognised by
 * `threatInfo`), `sentinelone/agents` (by `computerName` or `uuid` without `threatInfo`), and
 * `sentinelone` for either.
 */
export const sentineloneNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'sentinelone',
  'SentinelOne',
  [
    {
      id: 'sentinelone/threats',
      summary: 'SentinelOne threats (/web/api/v2.1/threats)',
      matches: (record) => isRecord(record) && isRecord(record['threatInfo']),
      normalize: (record, options) => normalizeSentinelOneThreat(record, options),
    },
    {
      id: 'sentinelone/agents',
      summary: 'SentinelOne agents (/web/api/v2.1/agents)',
      matches: (record) =>
        isRecord(record) &&
        !('threatInfo' in record) &&
        ('computerName' in record || 'uuid' in record),
      normalize: (record, options) => normalizeSentinelOneAgent(record, options),
    },
  ],
);
