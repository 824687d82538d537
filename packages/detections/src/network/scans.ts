/**
 * Port scans and host sweeps: one source trying many destination ports on one host (vertical,
 * `nmap -sS host`) or one port on many hosts (horizontal, a sweep for SMB, RDP or SSH, or an
 * ICMP ping sweep), most attempts failing because closed ports reset and absent hosts stay
 * silent. Per (tenant, source), over a sliding window of `windowMs`, the distinct
 * (destination, port) attempts are kept with their outcome (`connectionFailed`: OCSF
 * activity/status, Zeek `conn_state` or `history`, packets back); a finding when
 *
 * - **port scan**: ≥ `minPorts` distinct ports on one destination, or
 * - **host sweep**: ≥ `minHosts` distinct destinations on one port (ICMP counts as port 0),
 *
 * and at least `minFailedShare` of those attempts failed (attempts whose outcome is unknown
 * count as established, so a sensor without outcomes must see a clear scan). Browsing bursts,
 * resolvers and software updates reach many hosts but succeed; a client's many connections to
 * one server's RPC or FTP data ports succeed too. By default only internal sources are judged
 * (reconnaissance inside the network; the internet's background scanning of a perimeter is
 * noise) and discovery protocols that multicast or broadcast by design are left out
 * (DHCP, NetBIOS, SSDP, WS-Discovery, mDNS, LLMNR).
 */
import type { Clock } from '@openmdr/core';
import { isInternalIp } from './addresses.js';
import {
  createdAt,
  type NetworkAnalytic,
  type NetworkAnalyticStep,
  numberOption,
  stepsFromObserve,
} from './analytic.js';
import type { NetworkEventView } from './event-view.js';
import { type TableBatch, type TableLimits, tableGet } from './keyed-table.js';
import { networkFinding } from './network-finding.js';
import { round } from './robust-stats.js';
import {
  advanceSourceTable,
  emptySourceTableState,
  restoreSourceTableState,
  type SourceTableState,
} from './source-table-state.js';

const ID = 'network.scan';
const SEP = '\u0001';
const DEFAULT_IGNORED_PORTS = [67, 68, 137, 138, 1900, 3702, 5353, 5355];

/** Options of {@link createScanAnalytic}. */
export interface ScanOptions {
  /** Sliding window. Default 5 min. */
  readonly windowMs?: number;
  /** Distinct ports on one destination for a port scan. Default 20. */
  readonly minPorts?: number;
  /** Distinct destinations on one port for a host sweep. Default 20. */
  readonly minHosts?: number;
  /** Share of those attempts that must have failed, 0–1. Default 0.6. */
  readonly minFailedShare?: number;
  /** Judge internal sources only (default true); `false` adds external sources at low severity. */
  readonly internalSourcesOnly?: boolean;
  /** Sources left out (authorised vulnerability scanners). Default none. */
  readonly ignoreSources?: readonly string[];
  /** Destination ports left out. Default 67, 68, 137, 138, 1900, 3702, 5353, 5355. */
  readonly ignorePorts?: readonly number[];
  /** Attempts remembered per source. Default 256. */
  readonly maxAttempts?: number;
  /** Time before the same source and target raise another finding. Default 1 h. */
  readonly realertMs?: number;
  /** Sources held at most. Default 20 000. */
  readonly maxSources?: number;
}

/** One attempt: destination, port (0 for ICMP), last time, outcome (1 failed, 0 established or unknown). */
export type ScanAttempt = readonly [destination: string, port: number, time: number, failed: 0 | 1];

/** One (tenant, source). */
export interface ScanEntry {
  /** Distinct attempts in the window, oldest first. */
  readonly t: readonly ScanAttempt[];
  /** Last finding per target (`port:<destination>`, `host:<port>`). */
  readonly a: Readonly<Record<string, number>>;
  /** Last attempt time. */
  readonly l: number;
}

/** The state of {@link createScanAnalytic}: one entry per source. */
export type ScanState = SourceTableState<ScanEntry>;

/** Multicast and limited broadcast destinations (never scan targets). */
function isBroadcast(ip: string): boolean {
  if (ip === '255.255.255.255' || ip.toLowerCase().startsWith('ff')) return true;
  const first = Number(ip.slice(0, ip.indexOf('.')));
  return first >= 224 && first <= 239;
}

/**
 * Creates the scan analytic (see the module notes). Reads Network Activity (4001) events with
 * `src_endpoint.ip`, `dst_endpoint.ip`, `dst_endpoint.port` (absent for ICMP) and `time`.
 *
 * @throws {NetworkAnalyticError} `NETWORK_ANALYTIC_OPTIONS_INVALID` for an option out of range.
 */
export function createScanAnalytic(options: ScanOptions = {}): NetworkAnalytic<ScanState> {
  const windowMs = numberOption(ID, 'windowMs', options.windowMs, 300_000, 1);
  const minPorts = numberOption(ID, 'minPorts', options.minPorts, 20, 2);
  const minHosts = numberOption(ID, 'minHosts', options.minHosts, 20, 2);
  const minFailed = numberOption(ID, 'minFailedShare', options.minFailedShare, 0.6, 0, 1);
  const maxAttempts = numberOption(
    ID,
    'maxAttempts',
    options.maxAttempts,
    256,
    Math.max(minPorts, minHosts),
  );
  const realertMs = numberOption(ID, 'realertMs', options.realertMs, 3_600_000);
  const limits: TableLimits = {
    maxEntries: numberOption(ID, 'maxSources', options.maxSources, 20_000, 10),
    idleMs: windowMs,
    sweepEveryMs: Math.min(windowMs, 600_000),
  };
  const internalOnly = options.internalSourcesOnly ?? true;
  const ignoredSources = new Set(options.ignoreSources ?? []);
  const ignoredPorts = new Set(options.ignorePorts ?? DEFAULT_IGNORED_PORTS);
  const lastSeen = (entry: ScanEntry): number => entry.l;

  function observe(
    state: ScanState,
    view: NetworkEventView,
    clock?: Clock | number,
    batch?: TableBatch,
  ): NetworkAnalyticStep<ScanState> {
    const { srcIp, dstIp } = view;
    if (view.classUid !== 4001 || srcIp === undefined || dstIp === undefined)
      return { state, findings: [] };
    const port = view.protocol === 'icmp' || view.protocol === 'ipv6-icmp' ? 0 : view.dstPort;
    if (port === undefined || ignoredPorts.has(port) || ignoredSources.has(srcIp))
      return { state, findings: [] };
    const internalSource = isInternalIp(srcIp);
    if ((internalOnly && !internalSource) || isBroadcast(dstIp)) return { state, findings: [] };
    const time = view.time;
    const key = `${view.tenant}${SEP}${srcIp}`;
    const held = tableGet(state.sources, key);
    const horizon = time - windowMs;
    const failed: 0 | 1 = view.failed === true ? 1 : 0;
    const attempts: ScanAttempt[] = [];
    let previous: ScanAttempt | undefined;
    for (const attempt of held?.t ?? []) {
      if (attempt[2] <= horizon) continue;
      if (attempt[0] === dstIp && attempt[1] === port) previous = attempt;
      else attempts.push(attempt);
    }
    // A (destination, port) that was established once stays established.
    attempts.push(
      previous === undefined
        ? [dstIp, port, time, failed]
        : [dstIp, port, Math.max(time, previous[2]), previous[3] === 1 && failed === 1 ? 1 : 0],
    );
    if (attempts.length > maxAttempts) attempts.splice(0, attempts.length - maxAttempts);
    let alerts: Record<string, number> = {};
    for (const [target, at] of Object.entries(held?.a ?? {}))
      if (time - at < realertMs) alerts[target] = at;
    const findings = [];
    // Port scan of this destination, host sweep of this port.
    let ports = 0;
    let portsFailed = 0;
    let hosts = 0;
    let hostsFailed = 0;
    let first = time;
    for (const attempt of attempts) {
      if (attempt[0] === dstIp) {
        ports += 1;
        portsFailed += attempt[3];
      }
      if (attempt[1] === port) {
        hosts += 1;
        hostsFailed += attempt[3];
      }
    }
    const checks = [
      {
        kind: 'port scan',
        target: `port:${dstIp}`,
        count: ports,
        failures: portsFailed,
        min: minPorts,
      },
      {
        kind: 'host sweep',
        target: `host:${port}`,
        count: hosts,
        failures: hostsFailed,
        min: minHosts,
      },
    ] as const;
    for (const check of checks) {
      const share = check.count === 0 ? 0 : check.failures / check.count;
      if (check.count < check.min || share < minFailed || alerts[check.target] !== undefined)
        continue;
      alerts = { ...alerts, [check.target]: time };
      const involved = attempts.filter((attempt) =>
        check.kind === 'port scan' ? attempt[0] === dstIp : attempt[1] === port,
      );
      first = Math.min(...involved.map((attempt) => attempt[2]));
      const span = Math.max(1, time - first);
      const sample =
        check.kind === 'port scan'
          ? involved
              .map((attempt) => attempt[1])
              .sort((left, right) => left - right)
              .slice(0, 12)
          : involved.map((attempt) => attempt[0]).slice(0, 12);
      const portText = port === 0 ? 'ICMP' : `port ${port}`;
      const what =
        check.kind === 'port scan'
          ? `${check.count} ports on ${dstIp}`
          : `${check.count} hosts on ${portText}`;
      findings.push(
        networkFinding({
          analytic: ID,
          title:
            check.kind === 'port scan'
              ? `Port scan of ${dstIp} from ${srcIp}`
              : `Host sweep of ${portText} from ${srcIp}`,
          message: `${srcIp} tried ${what} in ${round(span / 1000, 1)} s; ${round(share * 100, 1)} % of the attempts failed`,
          explanation: `Fired because ${check.count} ≥ ${check.min} distinct ${check.kind === 'port scan' ? 'ports on one destination' : 'destinations on one port'} were tried within ${Math.round(windowMs / 1000)} s and ${check.failures} of them (${round(share * 100, 1)} % ≥ ${minFailed * 100} %) failed (reset, refused or unanswered). ${check.kind === 'port scan' ? 'Ports' : 'Hosts'} (first 12): ${sample.join(', ')}.`,
          severityId: internalSource ? 3 : 2,
          confidence: Math.min(1, 0.5 + share / 2),
          firstSeen: first,
          lastSeen: time,
          createdTime: createdAt(clock, time),
          key: `${srcIp}→${check.target}`,
          view,
          evidence: {
            kind: check.kind,
            window_ms: windowMs,
            ...(check.kind === 'port scan'
              ? { destination: dstIp, distinct_ports: check.count, min_ports: minPorts }
              : { port, distinct_hosts: check.count, min_hosts: minHosts }),
            failed_attempts: check.failures,
            failed_share: round(share),
            min_failed_share: minFailed,
            span_ms: span,
            sample,
            internal_source: internalSource,
          },
          techniques: internalSource
            ? check.kind === 'port scan'
              ? ['T1046']
              : ['T1046', 'T1018']
            : ['T1595.001'],
          count: check.count,
        }),
      );
    }
    const entry: ScanEntry = { t: attempts, a: alerts, l: Math.max(held?.l ?? time, time) };
    return {
      state: advanceSourceTable(state, time, limits, lastSeen, { key, entry, batch }),
      findings,
    };
  }

  return {
    id: ID,
    initialState: () => emptySourceTableState<ScanEntry>(),
    restore: (value) => restoreSourceTableState<ScanEntry>(value, ID),
    observe,
    ...stepsFromObserve(observe),
    size: (state) => state.sources.size,
  };
}
