import { member, numberAt, textAt } from '../graph/ocsf-fields.js';
import type { ImpactMarker } from './assessment-types.js';
import type { EventView } from './event-view.js';
import { IMPACT_RULES, type ImpactRule } from './impact-rules.js';
import { isInternalIp } from './ip-ranges.js';

/** Options of the impact detection. */
export interface ImpactOptions {
  /** Bytes sent to one outside destination from which a `data-exfiltrated` marker is raised. Default 100 MiB. */
  exfiltrationBytes?: number;
  /** How many entry ids a marker keeps as evidence. Default 20. */
  markerEvidenceLimit?: number;
  /** The detectors; default {@link IMPACT_RULES}. */
  rules?: readonly ImpactRule[];
}

/** Default of {@link ImpactOptions.exfiltrationBytes}: 100 MiB. */
export const DEFAULT_EXFILTRATION_BYTES = 100 * 1024 * 1024;

interface Accumulated {
  marker: ImpactMarker;
  order: number;
}

/** `connection_info.direction_id` of an inbound connection. */
const INBOUND = 1;

/**
 * Runs the impact rules over events one at a time and aggregates what they find: one marker per
 * rule and host (first time, evidence ids in arrival order up to the limit, bytes summed for
 * staging), plus one `data-exfiltrated` marker per outside destination whose bytes out reach the
 * threshold. State is per rule, host and destination, not per event.
 */
export class ImpactCollector {
  private readonly markers = new Map<string, Accumulated>();
  private readonly outbound = new Map<
    string,
    { bytes: number; time: number; hosts: Set<string>; evidence: string[] }
  >();
  private readonly rules: readonly ImpactRule[];
  private readonly threshold: number;
  private readonly evidenceLimit: number;

  constructor(options: ImpactOptions = {}) {
    this.rules = options.rules ?? IMPACT_RULES;
    this.threshold = options.exfiltrationBytes ?? DEFAULT_EXFILTRATION_BYTES;
    this.evidenceLimit = options.markerEvidenceLimit ?? 20;
  }

  /**
   * Checks one event.
   * @returns Whether any rule matched it.
   */
  add(view: EventView): boolean {
    let matched = false;
    for (const [index, rule] of this.rules.entries()) {
      const description = rule.match(view);
      if (description === undefined) continue;
      matched = true;
      this.record(rule, index, view, description);
    }
    this.countBytesOut(view);
    return matched;
  }

  private record(rule: ImpactRule, order: number, view: EventView, description: string): void {
    const host = view.host ?? '';
    const key = `${rule.name}|${host.toLowerCase()}`;
    let entry = this.markers.get(key);
    if (entry === undefined) {
      entry = {
        order,
        marker: {
          kind: rule.kind,
          summary: host === '' ? description : `${description} on ${host}`,
          technique: rule.technique,
          hosts: host === '' ? [] : [host],
          time: view.time,
          evidence: [],
        },
      };
      this.markers.set(key, entry);
    }
    const marker = entry.marker;
    if (view.time < marker.time) {
      marker.time = view.time;
      marker.summary = host === '' ? description : `${description} on ${host}`;
    }
    if (marker.evidence.length < this.evidenceLimit && !marker.evidence.includes(view.entryId)) {
      marker.evidence.push(view.entryId);
    }
    if (rule.kind === 'data-staged') {
      const size = numberAt(view.event, 'file.size');
      if (size !== undefined) marker.bytes = (marker.bytes ?? 0) + size;
    }
  }

  private countBytesOut(view: EventView): void {
    if (view.classUid < 4001 || view.classUid > 4099) return;
    const bytes = numberAt(view.event, 'traffic.bytes_out');
    if (bytes === undefined || bytes <= 0) return;
    if (numberAt(view.event, 'connection_info.direction_id') === INBOUND) return;
    const dstIp = textAt(view.event, 'dst_endpoint.ip');
    const destination = dstIp ?? textAt(view.event, 'dst_endpoint.hostname');
    if (destination === undefined || (dstIp !== undefined && isInternalIp(dstIp))) return;
    let entry = this.outbound.get(destination);
    if (entry === undefined) {
      entry = { bytes: 0, time: view.time, hosts: new Set(), evidence: [] };
      this.outbound.set(destination, entry);
    }
    entry.bytes += bytes;
    if (view.time < entry.time) entry.time = view.time;
    const source = view.host ?? textAt(member(view.event, 'src_endpoint'), 'ip');
    if (source !== undefined && entry.hosts.size < 50) entry.hosts.add(source);
    if (entry.evidence.length < this.evidenceLimit && !entry.evidence.includes(view.entryId)) {
      entry.evidence.push(view.entryId);
    }
  }

  /** The markers, by rule order then time; exfiltration by volume last, largest first. */
  result(): ImpactMarker[] {
    const markers = [...this.markers.values()]
      .sort((a, b) => a.order - b.order || a.marker.time - b.marker.time)
      .map((entry) => entry.marker);
    const volumes = [...this.outbound.entries()]
      .filter(([, entry]) => entry.bytes >= this.threshold)
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .map(
        ([destination, entry]): ImpactMarker => ({
          kind: 'data-exfiltrated',
          summary: `${formatBytes(entry.bytes)} sent to ${destination}`,
          technique: 'T1041',
          hosts: [...entry.hosts],
          bytes: entry.bytes,
          time: entry.time,
          evidence: entry.evidence,
        }),
      );
    return [...markers, ...volumes];
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
