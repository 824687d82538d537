/**
 * Turns indicator matches into OCSF Detection Findings (class 2004) with the indicator as
 * `osint[]` and as evidence, built and validated with the builders of `@openmdr/core`.
 */
import { createHash } from 'node:crypto';
import { type Clock, type DetectionFinding, ocsf, systemClock } from '@openmdr/core';
import type { IntelIndex, IntelMatch } from './intel-index.js';

/** Options of {@link intelMatchToFinding} and {@link matchIntel}. */
export interface IntelFindingOptions {
  /** Clock of the builders (for events without `time`). */
  clock?: Clock;
  /** Tenant id written to `metadata.tenant_uid`. */
  tenantId?: string;
  /** Product name in `metadata.product`. Default `OpenMDR Threat Intelligence`. */
  productName?: string;
}

const OSINT_TYPE: Record<string, 1 | 2 | 4 | 5 | 9> = {
  ip: 1,
  domain: 2,
  md5: 4,
  sha1: 4,
  sha256: 4,
  sha512: 4,
  url: 5,
  email: 9,
};

/** Maps a STIX confidence (0–100) to an OCSF `confidence_id`: 1 Low, 2 Medium, 3 High. */
export function confidenceId(confidence: number | undefined): 0 | 1 | 2 | 3 {
  if (confidence === undefined) return 0;
  if (confidence >= 70) return 3;
  if (confidence >= 30) return 2;
  return confidence > 0 ? 1 : 0;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The entity attributes copied from the event onto the finding (for scoring and grouping). */
function entityContext(event: Record<string, unknown>): {
  device?: { hostname?: string; ip?: string; uid?: string; name?: string; type_id: 0 };
  actor?: { user: { name?: string; uid?: string } };
} {
  const out: ReturnType<typeof entityContext> = {};
  const device = record(event['device']);
  if (device !== undefined) {
    const copy: { hostname?: string; ip?: string; uid?: string; name?: string; type_id: 0 } = {
      type_id: 0,
    };
    for (const key of ['hostname', 'ip', 'uid', 'name'] as const)
      if (typeof device[key] === 'string') copy[key] = device[key] as string;
    if (Object.keys(copy).length > 1) out.device = copy;
  }
  const user = record(record(event['actor'])?.['user']) ?? record(event['user']);
  if (user !== undefined) {
    const copy: { name?: string; uid?: string } = {};
    if (typeof user['name'] === 'string') copy.name = user['name'];
    if (typeof user['uid'] === 'string') copy.uid = user['uid'];
    if (Object.keys(copy).length > 0) out.actor = { user: copy };
  }
  return out;
}

/**
 * The event's network endpoints (address, port, name) for the evidence: who talked to the
 * indicator, so grouping joins the match to the host's other findings by address.
 */
function endpointsOf(event: Record<string, unknown>): {
  src_endpoint?: Record<string, string | number>;
  dst_endpoint?: Record<string, string | number>;
} {
  const out: ReturnType<typeof endpointsOf> = {};
  for (const side of ['src_endpoint', 'dst_endpoint'] as const) {
    const endpoint = record(event[side]);
    if (endpoint === undefined) continue;
    const copy: Record<string, string | number> = {};
    for (const key of ['ip', 'port', 'hostname', 'domain'] as const)
      if (typeof endpoint[key] === 'string' || typeof endpoint[key] === 'number')
        copy[key] = endpoint[key] as string | number;
    if (Object.keys(copy).length > 0) out[side] = copy;
  }
  return out;
}

/**
 * Builds the Detection Finding of one indicator match on one event. The finding's `uid` is
 * derived from the indicator, the event and the matched values, so re-processing the same
 * event gives the same finding.
 */
export function intelMatchToFinding(
  event: Record<string, unknown>,
  match: IntelMatch,
  options: IntelFindingOptions = {},
): DetectionFinding {
  const { indicator, matched } = match;
  const metadata = record(event['metadata']);
  const eventUid = typeof metadata?.['uid'] === 'string' ? (metadata['uid'] as string) : undefined;
  const time = typeof event['time'] === 'number' ? (event['time'] as number) : undefined;
  const uid = createHash('sha256')
    .update(
      JSON.stringify([
        indicator.id,
        eventUid ?? null,
        time ?? null,
        matched.map((entry) => entry.value),
      ]),
    )
    .digest('hex')
    .slice(0, 32);
  const first = matched[0];
  const title = `Threat intelligence match: ${indicator.name ?? first?.value ?? indicator.id}`;
  const osint = matched.map((entry) => ({
    type_id: OSINT_TYPE[entry.field] ?? 99,
    value: entry.value,
    uid: indicator.id,
    detection_pattern: indicator.pattern,
    detection_pattern_type_id: 1 as const,
    confidence_id: confidenceId(indicator.confidence),
    ...(indicator.name === undefined ? {} : { name: indicator.name }),
    ...(indicator.tlp === undefined ? {} : { tlp: indicator.tlp }),
    ...(indicator.labels === undefined ? {} : { labels: indicator.labels }),
    ...(indicator.source === undefined ? {} : { src_url: indicator.source }),
    ...(indicator.created === undefined ? {} : { created_time: indicator.created }),
    ...(indicator.modified === undefined ? {} : { modified_time: indicator.modified }),
    ...(indicator.validUntil === undefined ? {} : { expiration_time: indicator.validUntil }),
  }));
  const tenantUid =
    options.tenantId ??
    (typeof metadata?.['tenant_uid'] === 'string' ? (metadata['tenant_uid'] as string) : undefined);
  return ocsf.detectionFinding(
    {
      activity_id: 1,
      status_id: 1,
      severity_id: indicator.severityId ?? 3,
      is_alert: true,
      ...(time === undefined ? {} : { time }),
      confidence_id: confidenceId(indicator.confidence),
      ...(indicator.confidence === undefined ? {} : { confidence_score: indicator.confidence }),
      message: `${matched.map((entry) => `${entry.path}=${entry.value}`).join(', ')} matched indicator ${indicator.id}`,
      finding_info: {
        uid,
        title,
        types: ['Threat Intelligence'],
        analytic: { type_id: 11, name: 'Indicator match', uid: indicator.id },
        ...(indicator.description === undefined ? {} : { desc: indicator.description }),
        ...(time === undefined ? {} : { first_seen_time: time, last_seen_time: time }),
        ...(eventUid === undefined ? {} : { related_events: [{ uid: eventUid }] }),
      },
      osint,
      evidences: [
        {
          name: 'indicator match',
          data: {
            indicator_id: indicator.id,
            pattern: indicator.pattern,
            matched: matched.map((entry) => ({
              field: entry.field,
              value: entry.value,
              path: entry.path,
            })),
            ...(eventUid === undefined ? {} : { event_uid: eventUid }),
            ...(typeof event['class_uid'] === 'number'
              ? { event_class_uid: event['class_uid'] }
              : {}),
          },
          ...endpointsOf(event),
        },
      ],
      observables: matched.map((entry) => ({
        type_id:
          entry.field === 'ip'
            ? 2
            : entry.field === 'domain'
              ? 1
              : entry.field === 'url'
                ? 6
                : entry.field === 'email'
                  ? 5
                  : 8,
        name: entry.path,
        value: entry.value,
      })),
      ...entityContext(event),
      metadata: {
        product: {
          name: options.productName ?? 'OpenMDR Threat Intelligence',
          vendor_name: 'OpenMDR',
        },
        profiles: ['osint', 'security_control', 'host'],
        ...(tenantUid === undefined ? {} : { tenant_uid: tenantUid }),
      },
    } as never,
    options.clock === undefined ? {} : { clock: options.clock },
  );
}

/** Matches one event against an index and builds a finding per matching indicator. */
export function matchIntel(
  index: IntelIndex,
  event: Record<string, unknown>,
  options: IntelFindingOptions & { at?: number } = {},
): DetectionFinding[] {
  return index
    .match(event, options.at ?? (options.clock ?? systemClock).now())
    .map((match) => intelMatchToFinding(event, match, options));
}
