import { connectorSources, isRecord, type NormalizeSource } from '@openmdr/connector-kit/normalize';
import { normalizeElasticAlert } from './normalize-alert.js';
import { isAlertDocument, normalizeElasticDocument } from './normalize-document.js';

/**
 * The Elastic sources of `openmdr normalize`: `elastic/alerts` (detection alert documents, as
 * hits with `_source` or bare), `elastic/search` (any search hit or document), and `elastic`
 * for either.
 */
export const elasticNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'elastic',
  'Elastic Security',
  [
    {
      id: 'elastic/alerts',
      summary: 'Elastic Security detection alerts (.alerts-security.alerts-<space> documents)',
      matches: (record) => isAlertDocument(record),
      normalize: (record, options) => normalizeElasticAlert(record, options),
    },
    {
      id: 'elastic/search',
      summary: 'Elasticsearch search hits (_source or fields) or documents with @timestamp (ECS)',
      matches: (record) =>
        isRecord(record) && ('_source' in record || 'fields' in record || '@timestamp' in record),
      normalize: (record, options) => normalizeElasticDocument(record, undefined, options),
    },
  ],
);
