/**
 * Synthetic OCSF 1.8 network events shaped like the Zeek and Suricata connectors' output
 * (Network Activity 4001 from conn.log / flow, DNS Activity 4003 from dns.log, HTTP Activity
 * 4002 from http.log) and a fold over an analytic that checks every finding is strictly valid.
 */
import { type DetectionFinding, validateOcsfEvent } from '@openmdr/core';
import { expect } from 'vitest';
import type { NetworkAnalytic } from './analytic.js';

/** Monday 2 March 2026, 08:00 UTC. */
export const T0 = Date.parse('2026-03-02T08:00:00Z');
export const SECOND = 1000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const TENANT = 'acme';

/** A deterministic generator in [0, 1) (mulberry32). */
export function random(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

let sequence = 0;
function metadata(tenant: string) {
  sequence += 1;
  return {
    version: '1.8.0',
    uid: `evt-${sequence}`,
    product: { name: 'Zeek', vendor_name: 'Zeek' },
    ...(tenant === '' ? {} : { tenant_uid: tenant }),
  };
}

/** A connection (Zeek conn.log record as Network Activity). */
export interface ConnInput {
  time: number;
  src: string;
  dst: string;
  dstPort: number;
  srcPort?: number;
  protocol?: 'tcp' | 'udp' | 'icmp';
  bytesOut?: number;
  bytesIn?: number;
  /** Zeek history; default `ShADadfF` (established). */
  history?: string;
  /** Zeek conn_state; default `SF`. */
  state?: string;
  direction?: 0 | 1 | 2 | 3;
  hostname?: string;
  ja3?: string;
  ja4?: string;
  tenant?: string;
}

/** Network Activity (4001), activity Traffic. */
export function conn(input: ConnInput): Record<string, unknown> {
  const failed = input.state !== undefined && input.state !== 'SF';
  const tls =
    input.ja3 !== undefined || input.hostname !== undefined
      ? {
          version: 'TLSv1.3',
          ...(input.hostname === undefined ? {} : { sni: input.hostname }),
          ...(input.ja3 === undefined
            ? {}
            : { ja3_hash: { algorithm_id: 1, algorithm: 'MD5', value: input.ja3 } }),
        }
      : undefined;
  return {
    class_uid: 4001,
    category_uid: 4,
    activity_id: 6,
    type_uid: 400106,
    severity_id: 1,
    time: input.time,
    metadata: metadata(input.tenant ?? TENANT),
    src_endpoint: { ip: input.src, port: input.srcPort ?? 49_152 + (input.time % 16_000) },
    dst_endpoint: { ip: input.dst, port: input.dstPort },
    connection_info: {
      protocol_name: input.protocol ?? 'tcp',
      direction_id: input.direction ?? 0,
      flag_history: input.history ?? (failed ? 'S' : 'ShADadfF'),
    },
    traffic: {
      bytes_out: input.bytesOut ?? 0,
      bytes_in: input.bytesIn ?? 0,
      packets_out: failed ? 1 : 8,
      packets_in: failed ? 0 : 6,
    },
    ...(tls === undefined ? {} : { tls }),
    ...(input.ja4 === undefined
      ? {}
      : { ja4_fingerprint_list: [{ type_id: 1, value: input.ja4 }] }),
    unmapped: { conn_state: input.state ?? 'SF' },
  };
}

/** A DNS transaction (Zeek dns.log record as DNS Activity, activity Traffic). */
export interface DnsInput {
  time: number;
  src: string;
  name: string;
  type?: string;
  /** 0 NoError, 3 NXDomain. Default 0. */
  rcodeId?: number;
  resolver?: string;
  tenant?: string;
}

/** DNS Activity (4003). */
export function dns(input: DnsInput): Record<string, unknown> {
  const rcodeId = input.rcodeId ?? 0;
  return {
    class_uid: 4003,
    category_uid: 4,
    activity_id: 6,
    type_uid: 400306,
    severity_id: 1,
    time: input.time,
    metadata: metadata(input.tenant ?? TENANT),
    src_endpoint: { ip: input.src, port: 50_000 + (input.time % 10_000) },
    dst_endpoint: { ip: input.resolver ?? '10.0.0.53', port: 53 },
    connection_info: { protocol_name: 'udp', direction_id: 0 },
    query: { hostname: input.name, type: input.type ?? 'A', class: 'IN' },
    rcode_id: rcodeId,
    rcode: rcodeId === 3 ? 'NXDomain' : 'NoError',
    ...(rcodeId === 0 ? { answers: [{ rdata: '198.51.100.10', type: 'A', ttl: 60 }] } : {}),
  };
}

/** HTTP Activity (4002) with a user agent. */
export function http(input: {
  time: number;
  src: string;
  dst: string;
  host: string;
  userAgent: string;
  tenant?: string;
}): Record<string, unknown> {
  return {
    class_uid: 4002,
    category_uid: 4,
    activity_id: 3,
    type_uid: 400203,
    severity_id: 1,
    time: input.time,
    metadata: metadata(input.tenant ?? TENANT),
    src_endpoint: { ip: input.src, port: 51_000 },
    dst_endpoint: { ip: input.dst, port: 80, hostname: input.host },
    connection_info: { protocol_name: 'tcp', direction_id: 2 },
    http_request: {
      http_method: 'GET',
      user_agent: input.userAgent,
      url: { hostname: input.host, path: '/', scheme: 'http', url_string: `http://${input.host}/` },
    },
  };
}

/** Feeds events through an analytic; every finding must be strictly valid OCSF. */
export function fold<S>(
  analytic: NetworkAnalytic<S>,
  events: readonly Record<string, unknown>[],
  state: S = analytic.initialState(),
): { state: S; findings: DetectionFinding[] } {
  let current = state;
  const findings: DetectionFinding[] = [];
  for (const event of events) {
    const step = analytic.step(current, event);
    current = step.state;
    findings.push(...step.findings);
  }
  expectValid(findings);
  return { state: current, findings };
}

/** {@link fold} with one `stepBatch` call (faster; the same result, see network-analytics.test). */
export function foldBatch<S>(
  analytic: NetworkAnalytic<S>,
  events: readonly Record<string, unknown>[],
  state: S = analytic.initialState(),
): { state: S; findings: DetectionFinding[] } {
  const step = analytic.stepBatch(state, events);
  expectValid(step.findings);
  return { state: step.state, findings: step.findings };
}

/** Every finding is strictly valid OCSF 1.8. */
export function expectValid(findings: readonly DetectionFinding[]): void {
  for (const finding of findings) {
    const result = validateOcsfEvent(finding, { mode: 'strict' });
    expect(result.ok ? [] : result.errors).toEqual([]);
  }
}

/** Events sorted by time (generators interleave several hosts). */
export function byTime(events: Record<string, unknown>[]): Record<string, unknown>[] {
  return events.sort((left, right) => (left['time'] as number) - (right['time'] as number));
}

/** The analytic uid of a finding. */
export const analyticOf = (finding: DetectionFinding): string | undefined =>
  (finding as unknown as { finding_info: { analytic?: { uid?: string } } }).finding_info.analytic
    ?.uid;

/** What the tests read from a finding. */
export interface FindingParts {
  readonly title: string;
  readonly message: string;
  readonly desc: string | undefined;
  readonly severityId: number;
  readonly tenant: string | undefined;
  readonly deviceIp: string | undefined;
  /** The first evidence, and its `data`. */
  readonly evidence: Record<string, unknown>;
  readonly data: Record<string, unknown>;
  /** `sub_technique.uid`, else `technique.uid`, per attack. */
  readonly techniques: string[];
  /** `technique.uid` per attack. */
  readonly parents: string[];
  /** Tactic uid and name per attack. */
  readonly tactics: string[];
}

/** Reads the parts of a finding the tests check. */
export function partsOf(finding: DetectionFinding): FindingParts {
  const attacks = finding.finding_info.attacks ?? [];
  const evidence = (finding.evidences?.[0] ?? {}) as Record<string, unknown>;
  return {
    title: finding.finding_info.title ?? '',
    message: finding.message ?? '',
    desc: finding.finding_info.desc,
    severityId: finding.severity_id,
    tenant: finding.metadata.tenant_uid,
    deviceIp: finding.device?.ip,
    evidence,
    data: (evidence['data'] ?? {}) as Record<string, unknown>,
    techniques: attacks.map((attack) => attack.sub_technique?.uid ?? attack.technique?.uid ?? ''),
    parents: attacks.map((attack) => attack.technique?.uid ?? ''),
    tactics: attacks.map((attack) => `${attack.tactic?.uid} ${attack.tactic?.name}`),
  };
}
