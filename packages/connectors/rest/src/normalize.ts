import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError, readPath } from '@openmdr/connector-kit';
import type { ResolvedRestConnectorSpec } from './config.js';

/**
 * Reads a record time (ISO string, epoch ms, or epoch seconds) as epoch ms.
 * @throws {NormalizationError} (`NORMALIZE_FAILED`, `path` = `field`) when there is none.
 */
export function recordTime(record: unknown, field: string): number {
  const value = readPath(record, field);
  let time = Number.NaN;
  if (typeof value === 'number') time = value < 1e11 ? value * 1000 : value;
  else if (typeof value === 'string')
    time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(time))
    throw new NormalizationError(`record has no valid time at ${field}`, { path: field });
  return time;
}

/**
 * Reads a record id as a string.
 * @throws {NormalizationError} (`NORMALIZE_FAILED`, `path` = `field`) when there is none.
 */
export function recordId(record: unknown, field: string): string {
  const value = readPath(record, field);
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new NormalizationError(`record has no id at ${field}`, { path: field });
  }
  return String(value);
}

function text(record: unknown, field: string | undefined): string | undefined {
  if (!field) return undefined;
  const value = readPath(record, field);
  return value === undefined || value === null ? undefined : String(value);
}

/**
 * Maps a vendor record to OCSF 1.8.0 through the spec's declarative mapping: Detection Finding
 * (2004) or Authentication (3002). The vendor record is kept whole in `unmapped`.
 */
export function normalizeRestRecord(
  spec: ResolvedRestConnectorSpec,
  record: unknown,
): NormalizedEvent {
  const { stream, mapping } = spec;
  const id = recordId(record, stream.idField);
  const time = recordTime(record, stream.timeField);
  const metadata = {
    version: '1.8.0',
    product: { name: spec.product, vendor_name: spec.vendor },
    uid: id,
    original_time: String(readPath(record, stream.timeField)),
  };
  if (mapping.class === 'detection_finding') {
    const title = text(record, mapping.title);
    if (title === undefined)
      throw new NormalizationError(`record ${id} has no title at ${mapping.title}`, {
        path: mapping.title,
      });
    const severityValue = text(record, mapping.severity?.field);
    const severityId =
      severityValue === undefined ? 0 : (mapping.severity?.values[severityValue] ?? 99);
    const hostname = text(record, mapping.hostname);
    const ruleName = text(record, mapping.ruleName);
    const description = text(record, mapping.description);
    return {
      class_uid: 2004,
      category_uid: 2,
      activity_id: 1,
      type_uid: 200401,
      severity_id: severityId,
      ...(severityId === 99 && severityValue !== undefined ? { severity: severityValue } : {}),
      time,
      metadata,
      finding_info: {
        uid: id,
        title,
        ...(description === undefined ? {} : { desc: description }),
        ...(ruleName === undefined ? {} : { analytic: { name: ruleName, type_id: 1 } }),
      },
      ...(hostname === undefined ? {} : { device: { hostname, type_id: 0 } }),
      unmapped: { record },
    };
  }
  const user = text(record, mapping.user);
  if (user === undefined)
    throw new NormalizationError(`record ${id} has no user at ${mapping.user}`, {
      path: mapping.user,
    });
  const outcome = text(record, mapping.outcome?.field);
  const statusId =
    outcome === undefined
      ? 0
      : mapping.outcome?.success.includes(outcome)
        ? 1
        : mapping.outcome?.failure.includes(outcome)
          ? 2
          : 99;
  const sourceIp = text(record, mapping.sourceIp);
  return {
    class_uid: 3002,
    category_uid: 3,
    activity_id: 1,
    type_uid: 300201,
    severity_id: statusId === 2 ? 2 : 1,
    time,
    metadata,
    user: { name: user },
    // OCSF requires a service or a destination endpoint: the service signed in to is the product
    service: { name: spec.product },
    status_id: statusId,
    ...(statusId === 99 && outcome !== undefined ? { status: outcome } : {}),
    ...(sourceIp === undefined ? {} : { src_endpoint: { ip: sourceIp } }),
    unmapped: { record },
  };
}
