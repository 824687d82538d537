import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
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
import {
  asffFindingsOf,
  isAsffFinding,
  normalizeAsffFinding,
  SECURITYHUB_PRODUCT,
} from './normalize-asff.js';

export {
  type AsffFindingEvent,
  asffFindingsOf,
  isAsffFinding,
  normalizeAsffFinding,
  normalizeAsffFindings,
  SECURITYHUB_PRODUCT,
} from './normalize-asff.js';

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
 * Normalises one AWS Security Hub alert into an OCSF 1.8.0 Detection Finding (class 2004): the id
 * becomes `finding_info.uid` and `metadata.uid`, `severity` the `severity_id`, `status` the
 * `status_id` (a resolved alert is a Close activity), the host `device`; fields OCSF has no
 * place for stay in `unmapped`. Pure. TODO: map every documented field of the vendor's alert.
 *
 * @throws {NormalizationError} naming the field when the record has no `id` or no
 *   `updated_at` / `created_at`, or does not make a valid event.
 */
export function normalizeSecurityhubAlert(
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
      metadata: { product: SECURITYHUB_PRODUCT, uid, original_time: alert.string('updated_at') },
      unmapped: alert.rest(MAPPED),
    },
    { source: 'AWS Security Hub alert', record, options },
  );
}

/** The one ASFF finding of a record: a finding, or an envelope of exactly one. */
function oneFinding(record: unknown): unknown {
  const findings = asffFindingsOf(record);
  if (findings.length === 1) return findings[0];
  const path = isRecord(record) && 'detail' in record ? 'detail.findings' : 'Findings';
  throw new NormalizationError(
    `expected one ASFF finding, got ${findings.length}: use normalizeAsffFindings for a page`,
    { path: Array.isArray(record) ? '(record)' : path },
  );
}

/**
 * The AWS Security Hub sources of `openmdr normalize`: `securityhub/findings` (ASFF findings,
 * alone or as the only finding of a `GetFindings` page or an EventBridge event), and
 * `securityhub` for any of them.
 */
export const securityhubNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'securityhub',
  'AWS Security Hub',
  [
    {
      id: 'securityhub/findings',
      summary:
        'AWS Security Hub ASFF findings (GetFindings Findings[] items, EventBridge "Security Hub Findings - Imported" detail.findings[])',
      matches: (record) => asffFindingsOf(record).some(isAsffFinding),
      normalize: (record, options) => normalizeAsffFinding(oneFinding(record), options),
    },
  ],
);
