import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import {
  buildEvent,
  compact,
  type NormalizeOptions,
  severityIdOf,
} from '@openmdr/connector-kit/normalize';
import { EcsReader, unmappedFields } from './ecs.js';
import {
  alertDocumentOf,
  deviceOf,
  ELASTIC_PRODUCT,
  normalizeElasticAlert,
} from './normalize-alert.js';

/** Fields a plain document maps; the rest of it goes to `unmapped`. */
const DOCUMENT_MAPPED: ReadonlySet<string> = new Set([
  '_id',
  '_index',
  '@timestamp',
  'message',
  'event.severity',
  'host.id',
  'host.name',
  'host.hostname',
  'host.ip',
  'host.mac',
  'host.domain',
  'host.os',
  'agent.id',
  'agent.type',
  'agent.version',
]);

/** True for a Kibana alert document (detection alert), which becomes a Detection Finding. */
export function isAlertDocument(record: unknown): boolean {
  try {
    const doc = new EcsReader(alertDocumentOf(record));
    return (
      doc.string('kibana.alert.uuid') !== undefined ||
      doc.string('kibana.alert.rule.uuid') !== undefined
    );
  } catch {
    return false;
  }
}

/**
 * Normalises one document of the `search` stream (a hit, or `{ _id, _index, ...fields }`): an
 * alert document becomes a Detection Finding ({@link normalizeElasticAlert}); any other document
 * an OCSF Base Event (class 0) with its time, message, host as `device`, `_id` / `_index` in
 * `metadata`, and every other field in `unmapped` under its dotted ECS name.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) when the record is not an object or has no
 *   valid `@timestamp`.
 */
export function normalizeElasticDocument(
  record: unknown,
  kibanaUrl?: string,
  options: NormalizeOptions = {},
): NormalizedEvent {
  if (isAlertDocument(record)) {
    return normalizeElasticAlert(record, { ...options, ...(kibanaUrl ? { kibanaUrl } : {}) });
  }
  const document = alertDocumentOf(record);
  const doc = new EcsReader(document);
  const time = doc.time('@timestamp');
  if (time === undefined) {
    throw new NormalizationError('Elasticsearch document has no valid @timestamp', {
      path: '@timestamp',
    });
  }
  const severity = doc.string('event.severity');
  return buildEvent(
    'base_event',
    {
      activity_id: 0,
      severity_id: severity === undefined ? 0 : severityIdOf(severity),
      time,
      message: doc.string('message'),
      device: deviceOf(doc),
      metadata: compact({
        product: ELASTIC_PRODUCT,
        uid: doc.string('_id'),
        log_name: doc.string('_index'),
        original_time: doc.string('@timestamp'),
      }),
      unmapped: unmappedFields(document, DOCUMENT_MAPPED),
    },
    { source: 'Elasticsearch document', record, options },
  );
}
