import { NormalizationError } from '@openmdr/connector-kit';
import { RecordReader } from '@openmdr/connector-kit/normalize';
import { parseEveTime } from './eve-time.js';

/**
 * The health of a Suricata sensor, from its periodic `stats` record (counters since start):
 * what it captured and dropped, how much it decoded, how many flows and alerts it produced.
 */
export interface SuricataHealth {
  /** When the sensor wrote the record, epoch ms. */
  readonly time: number;
  /** The sensor (`host`, its `sensor-name`), when logged. */
  readonly sensor?: string | undefined;
  /** Seconds since the sensor started. */
  readonly uptimeSeconds?: number | undefined;
  /** Packets the capture method received (`capture.kernel_packets`). */
  readonly capturedPackets?: number | undefined;
  /** Packets the kernel dropped before Suricata saw them (`capture.kernel_drops`). */
  readonly droppedPackets?: number | undefined;
  /** `droppedPackets / (capturedPackets + droppedPackets)`, 0–1: above a few percent, detection is blind. */
  readonly dropRatio?: number | undefined;
  /** Packets decoded (`decoder.pkts`). */
  readonly decodedPackets?: number | undefined;
  /** Flow memory cap hits (`flow.memcap`): above 0, flows were not tracked. */
  readonly flowMemcapHits?: number | undefined;
  /** TCP reassembly memory cap hits (`tcp.reassembly_memuse` exhaustion, `tcp.segment_memcap_drop`). */
  readonly reassemblyMemcapDrops?: number | undefined;
  /** Alerts raised (`detect.alert`). */
  readonly alerts?: number | undefined;
  /** The whole `stats` object, for counters not summarised here. */
  readonly counters: Readonly<Record<string, unknown>>;
}

/** True when a parsed EVE record is a `stats` record. */
export function isSuricataStats(record: unknown): boolean {
  return (
    typeof record === 'object' &&
    record !== null &&
    (record as Record<string, unknown>)['event_type'] === 'stats'
  );
}

/**
 * The {@link SuricataHealth} of an EVE `stats` record.
 *
 * @throws {NormalizationError} when the record has no `stats` object or no timestamp.
 */
export function suricataHealthOf(record: unknown): SuricataHealth {
  const reader = new RecordReader(record);
  const stats = reader.object('stats');
  if (!stats) throw new NormalizationError('stats is missing or not an object', { path: 'stats' });
  const timestamp = reader.string('timestamp');
  const time = timestamp === undefined ? undefined : parseEveTime(timestamp)?.ms;
  if (time === undefined) {
    throw new NormalizationError('timestamp is missing or not an EVE timestamp', {
      path: 'timestamp',
    });
  }
  const captured = stats.number('capture.kernel_packets');
  const dropped = stats.number('capture.kernel_drops');
  const seen = (captured ?? 0) + (dropped ?? 0);
  return {
    time,
    sensor: reader.string('host'),
    uptimeSeconds: stats.number('uptime'),
    capturedPackets: captured,
    droppedPackets: dropped,
    dropRatio: dropped !== undefined && seen > 0 ? dropped / seen : undefined,
    decodedPackets: stats.number('decoder.pkts'),
    flowMemcapHits: stats.number('flow.memcap'),
    reassemblyMemcapDrops: stats.number('tcp.segment_memcap_drop'),
    alerts: stats.number('detect.alert'),
    counters: stats.record,
  };
}

/**
 * Where a connector instance keeps the sensor health its `stats` records report: the latest
 * per sensor, and an optional listener called with each.
 */
export class SuricataHealthMonitor {
  readonly #latest = new Map<string, SuricataHealth>();
  readonly #listener: ((health: SuricataHealth) => void) | undefined;

  constructor(listener?: (health: SuricataHealth) => void) {
    this.#listener = listener;
  }

  /** Records one sensor's health (a newer record replaces an older one). */
  report(health: SuricataHealth): void {
    const key = health.sensor ?? '';
    const previous = this.#latest.get(key);
    if (previous === undefined || previous.time <= health.time) this.#latest.set(key, health);
    this.#listener?.(health);
  }

  /** The latest health of every sensor seen, by sensor name (`''` when the records name none). */
  latest(): ReadonlyMap<string, SuricataHealth> {
    return this.#latest;
  }
}
