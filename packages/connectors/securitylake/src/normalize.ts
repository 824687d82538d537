import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  connectorSources,
  enumAttribute,
  findingActivityId,
  findingTimes,
  isRecord,
  type NormalizeOptions,
  type NormalizeSource,
  RecordReader,
  severityIdOf,
} from '@openmdr/connector-kit/normalize';
import type { DetectionFinding } from '@openmdr/core';

/** `metadata.product` of every Amazon Security Lake event. TODO: the product's name. */
export const SECURITYLAKE_PRODUCT = {
  name: 'Amazon Security Lake',
  vendor_name: 'Amazon Security Lake',
} as const;

/** Alert fields the normaliser maps; the others go to `unmapped`. */
const MAPPED = new Set([
  'id',
  'title',
  'description',
  'severity',
  'status',
  'created_at',
  'updated_at',
  'hostname',
  'device_id',
]);

/** OCSF `status_id` by alert status; others are 99 (Other). TODO: the vendor's statuses. */
const STATUS_IDS: Readonly<Record<string, number>> = { new: 1, in_progress: 2, resolved: 4 };

/**
 * Normalises one Amazon Security Lake alert into an OCSF 1.8.0 Detection Finding (class 2004): the id
 * becomes `finding_info.uid` and `metadata.uid`, `severity` the `severity_id`, `status` the
 * `status_id` (a resolved alert is a Close activity), the host `device`; fields OCSF has no
 * place for stay in `unmapped`. Pure. TODO: map every documented field of the vendor's alert.
 *
 * @throws {NormalizationError} naming the field when the record has no `id` or no
 *   `updated_at` / `created_at`, or does not make a valid event.
 */
export function normalizeSecuritylakeAlert(
  record: unknown,
  options: NormalizeOptions = {},
): DetectionFinding & NormalizedEvent {
  const alert = new RecordReader(record);
  const uid = alert.requireString('id');
  const times = findingTimes(alert, 'created_at', 'updated_at');
  const title = alert.string('title') ?? uid;
  const severity = alert.string('severity');
  const status = alert.string('status');
  const statusId = status === undefined ? 0 : (STATUS_IDS[status] ?? 99);
  const hostname = alert.string('hostname');
  return buildEvent(
    'detection_finding',
    {
      activity_id: findingActivityId(statusId === 4, times),
      ...enumAttribute('severity', severityIdOf(severity), severity),
      ...enumAttribute('status', statusId, status),
      time: times.updated,
      is_alert: true,
      message: alert.string('description') ?? title,
      finding_info: {
        uid,
        title,
        desc: alert.string('description'),
        created_time: times.created,
        modified_time: alert.time('updated_at'),
      },
      device: hostname ? { hostname, uid: alert.string('device_id'), type_id: 0 } : undefined,
      metadata: { product: SECURITYLAKE_PRODUCT, uid, original_time: alert.string('updated_at') },
      unmapped: alert.rest(MAPPED),
    },
    { source: 'Amazon Security Lake alert', record, options },
  );
}

/**
 * The Amazon Security Lake sources of `openmdr normalize`: `securitylake/alerts` (records with an `id` and an
 * `updated_at`), and `securitylake` for any stream.
 */
export const securitylakeNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'securitylake',
  'Amazon Security Lake',
  [
    {
      id: 'securitylake/alerts',
      summary: 'Amazon Security Lake alerts (GET /api/v1/alerts records)',
      matches: (record) =>
        isRecord(record) && typeof record['id'] === 'string' && 'updated_at' in record,
      normalize: (record, options) => normalizeSecuritylakeAlert(record, options),
    },
  ],
);
