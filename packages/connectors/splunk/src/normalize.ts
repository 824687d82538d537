import { connectorSources, isRecord, type NormalizeSource } from '@openmdr/connector-kit/normalize';
import { normalizeSplunkNotable } from './normalize-notable.js';
import { normalizeSplunkSearchResult } from './normalize-search.js';

/**
 * The Splunk sources of `openmdr normalize`: `splunk/notables` (search results of the notable
 * index: an `event_id` or `rule_id`, or `index=notable`, or `orig_action_name=notable`, and a
 * `_time` or `_indextime`), `splunk/search` (any search result with a `_time`), and `splunk` for
 * any stream.
 */
export const splunkNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'splunk',
  'Splunk',
  [
    {
      id: 'splunk/notables',
      summary: 'Enterprise Security notables (results of search index=notable)',
      matches: (record) =>
        isRecord(record) &&
        ('_time' in record || '_indextime' in record) &&
        ('event_id' in record ||
          'rule_id' in record ||
          record['index'] === 'notable' ||
          record['orig_action_name'] === 'notable'),
      normalize: (record, options) => normalizeSplunkNotable(record, options),
    },
    {
      id: 'splunk/search',
      summary: 'Results of any Splunk search (search/jobs results, jobs/export)',
      matches: (record) => isRecord(record) && '_time' in record,
      normalize: (record, options) => normalizeSplunkSearchResult(record, options),
    },
  ],
);
