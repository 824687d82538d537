/**
 * Builds the OCSF Detection Findings (2004) of the network analytics with the core builders:
 * the analytic in `finding_info.analytic` (type Statistical), ATT&CK techniques resolved from
 * the bundled table, the explanation with its numbers in `finding_info.desc` and
 * `evidences[].data`, the endpoints of the triggering event as evidence and observables, the
 * source host as `device`, and the event's tenant in `metadata.tenant_uid`.
 */
import { createHash } from 'node:crypto';
import { type DetectionFinding, ocsf } from '@openmdr/core';
import { attacksFromTags } from '../attack/enrich.js';
import type { NetworkEventView } from './event-view.js';

/** What a network analytic found. */
export interface NetworkFindingInput {
  /** The analytic id (`network.beaconing`): `finding_info.analytic.uid`. */
  readonly analytic: string;
  /** Title (`Beaconing from 10.1.2.3 to 203.0.113.7:443`). */
  readonly title: string;
  /** One line with the numbers that made it fire: the finding's `message`. */
  readonly message: string;
  /** Why it fired, each test and its threshold: `finding_info.desc`. */
  readonly explanation: string;
  /** OCSF severity id: 1 Informational (not an alert) … 5 Critical. */
  readonly severityId: 1 | 2 | 3 | 4 | 5;
  /** Confidence 0–1 (`confidence_score` 0–100 and `confidence_id`), when the analytic scores. */
  readonly confidence?: number;
  /** First event time of the behaviour. */
  readonly firstSeen: number;
  /** Last event time of the behaviour: the finding's `time`. */
  readonly lastSeen: number;
  /** When the finding was made (the clock). */
  readonly createdTime: number;
  /** What the finding is about (`10.1.2.3→203.0.113.7:443`); with tenant, analytic and time, its uid. */
  readonly key: string;
  /** The event that completed the behaviour. */
  readonly view: NetworkEventView;
  /** The measurements, for `evidences[].data`. */
  readonly evidence: Record<string, unknown>;
  /** ATT&CK technique or sub-technique ids (`T1071.004`), with tactic tags if they narrow. */
  readonly techniques: readonly string[];
  /** Events the behaviour spans (`count`). */
  readonly count?: number;
}

const confidenceId = (confidence: number): 1 | 2 | 3 =>
  confidence >= 0.8 ? 3 : confidence >= 0.5 ? 2 : 1;

function endpoint(
  ip: string | undefined,
  port: number | undefined,
  hostname: string | undefined,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (ip !== undefined) out['ip'] = ip;
  if (port !== undefined && Number.isInteger(port) && port >= 0 && port <= 65_535)
    out['port'] = port;
  if (hostname !== undefined) out['hostname'] = hostname;
  return ip === undefined && hostname === undefined ? undefined : out;
}

/** Builds a strictly valid Detection Finding; its uid derives from analytic, tenant, key and time. */
export function networkFinding(input: NetworkFindingInput): DetectionFinding {
  const { view } = input;
  const uid = createHash('sha256')
    .update(JSON.stringify([input.analytic, view.tenant, input.key, input.lastSeen]))
    .digest('hex')
    .slice(0, 32);
  const src = endpoint(view.srcIp, view.srcPort, view.srcHost);
  const dst = endpoint(view.dstIp, view.dstPort, view.dstHost);
  const evidence: Record<string, unknown> = { name: input.analytic, data: input.evidence };
  if (src !== undefined) evidence['src_endpoint'] = src;
  if (dst !== undefined) evidence['dst_endpoint'] = dst;
  if (
    view.protocol !== undefined ||
    view.directionId !== undefined ||
    view.communityUid !== undefined
  )
    evidence['connection_info'] = {
      direction_id: view.directionId ?? 0,
      ...(view.protocol === undefined ? {} : { protocol_name: view.protocol }),
      ...(view.communityUid === undefined ? {} : { community_uid: view.communityUid }),
    };
  if (view.queryName !== undefined)
    evidence['query'] = {
      hostname: view.queryName,
      ...(view.queryType === undefined ? {} : { type: view.queryType }),
    };
  if (view.userAgent !== undefined) evidence['http_request'] = { user_agent: view.userAgent };
  const observables: Record<string, unknown>[] = [];
  if (view.srcIp !== undefined)
    observables.push({ name: 'src_endpoint.ip', type_id: 2, value: view.srcIp });
  if (view.dstIp !== undefined)
    observables.push({ name: 'dst_endpoint.ip', type_id: 2, value: view.dstIp });
  if (view.dstHost !== undefined)
    observables.push({ name: 'dst_endpoint.hostname', type_id: 1, value: view.dstHost });
  if (view.queryName !== undefined)
    observables.push({ name: 'query.hostname', type_id: 1, value: view.queryName });
  if (view.userAgent !== undefined)
    observables.push({ name: 'http_request.user_agent', type_id: 16, value: view.userAgent });
  const attacks = attacksFromTags(input.techniques.map((technique) => `attack.${technique}`));
  const title = input.title;
  return ocsf.detectionFinding({
    activity_id: 1,
    status_id: 1,
    severity_id: input.severityId,
    is_alert: input.severityId > 1,
    time: input.lastSeen,
    message: input.message,
    ...(input.count === undefined ? {} : { count: input.count }),
    ...(input.confidence === undefined
      ? {}
      : {
          confidence_score: Math.round(input.confidence * 100),
          confidence_id: confidenceId(input.confidence),
        }),
    finding_info: {
      uid,
      title,
      desc: input.explanation,
      types: ['Network Analytics'],
      analytic: { type_id: 3, type: 'Statistical', uid: input.analytic, name: title },
      ...(attacks.length === 0 ? {} : { attacks }),
      created_time: input.createdTime,
      first_seen_time: input.firstSeen,
      last_seen_time: input.lastSeen,
      ...(view.eventUid === undefined ? {} : { related_events: [{ uid: view.eventUid }] }),
    },
    evidences: [evidence],
    ...(observables.length === 0 ? {} : { observables }),
    ...(view.srcIp === undefined
      ? {}
      : {
          device: {
            ip: view.srcIp,
            type_id: 0,
            ...(view.srcHost === undefined ? {} : { hostname: view.srcHost }),
          },
        }),
    metadata: {
      product: { name: 'OpenMDR Network Analytics', vendor_name: 'OpenMDR' },
      profiles: ['security_control', 'host'],
      ...(view.tenant === '' ? {} : { tenant_uid: view.tenant }),
    },
  } as never);
}
