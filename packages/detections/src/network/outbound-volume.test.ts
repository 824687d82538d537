import type { DetectionFinding } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { createOutboundVolumeAnalytic, ewmaUpdate } from './outbound-volume.js';
import {
  analyticOf,
  conn,
  DAY,
  fold,
  foldBatch,
  HOUR,
  partsOf,
  random,
  T0,
} from './traffic.test-helpers.js';

const MB = 1024 ** 2;
const GB = 1024 ** 3;

/** A host's outbound connections for `days` days: `daily(day)` bytes split over `parts` uploads. */
function days(
  src: string,
  count: number,
  daily: (day: number, next: () => number) => number,
  options: { parts?: number; hour?: number; seed?: number; dst?: string } = {},
): Record<string, unknown>[] {
  const next = random(options.seed ?? 1);
  const parts = options.parts ?? 24;
  const events = [];
  for (let day = 0; day < count; day += 1) {
    const total = daily(day, next);
    for (let part = 0; part < parts; part += 1)
      events.push(
        conn({
          time:
            T0 +
            day * DAY +
            (options.hour ?? 0) * HOUR +
            Math.round((part / parts) * (options.hour === undefined ? 14 : 2) * HOUR),
          src,
          dst: options.dst ?? '52.97.146.162',
          dstPort: 443,
          bytesOut: Math.round(total / parts),
          bytesIn: 10_000,
        }),
      );
  }
  return events;
}

describe('outbound volume', () => {
  it('updates the EWMA mean and variance', () => {
    let baseline = { mean: 100, variance: 0 };
    baseline = ewmaUpdate(baseline.mean, baseline.variance, 200, 0.5);
    expect(baseline).toEqual({ mean: 150, variance: 2_500 });
  });

  it('finds a workstation uploading 6 GiB after ten days of about 300 MiB', () => {
    const usual = days('10.1.3.50', 10, (_, next) => 300 * MB * (0.7 + next() * 0.6));
    const exfiltration = Array.from({ length: 60 }, (_, index) =>
      conn({
        time: T0 + 10 * DAY + 9 * HOUR + index * 60_000,
        src: '10.1.3.50',
        dst: '185.199.110.9',
        dstPort: 443,
        bytesOut: 100 * MB,
        bytesIn: 50_000,
      }),
    );
    const { findings } = fold(createOutboundVolumeAnalytic(), [...usual, ...exfiltration]);
    expect(findings).toHaveLength(1);
    const finding = partsOf(findings[0] as DetectionFinding);
    expect(analyticOf(findings[0] as DetectionFinding)).toBe('network.outbound-volume');
    expect(finding.severityId).toBe(3);
    const { data } = finding;
    expect(data['bytes_out']).toBeGreaterThanOrEqual(GB);
    expect(data['bytes_out']).toBeLessThan(1.2 * GB);
    expect(data['buckets_learnt']).toBe(10);
    expect(data['z_score']).toBeGreaterThanOrEqual(4);
    expect(data['ratio']).toBeGreaterThanOrEqual(3);
    expect(finding.message).toMatch(
      /^10\.1\.3\.50 sent 1\.0\d GiB out since 2026-03-12T00:00:00\.000Z, \d+(\.\d)? × its baseline of 3\d\d(\.\d)? MiB per bucket \(z = \d+(\.\d)?\)$/,
    );
    expect(finding.techniques).toEqual(['T1048']);
    expect(finding.evidence['dst_endpoint']).toMatchObject({ ip: '185.199.110.9' });
  });

  it('stays quiet on nightly backups, sync bursts under the floor, growth and busy days', () => {
    const events = [
      // A file server's nightly 40 GiB backup to the cloud, 01:00–03:00.
      ...days('10.1.9.5', 20, (_, next) => 40 * GB * (0.9 + next() * 0.2), { hour: 1, seed: 2 }),
      // A laptop's OneDrive syncing 800 MiB once, on a usual 150 MiB a day.
      ...days(
        '10.1.3.51',
        20,
        (day, next) => (day === 15 ? 800 * MB : 150 * MB * (0.8 + next() * 0.4)),
        { seed: 3 },
      ),
      // A web server whose traffic grows 3 % a day.
      ...days('10.1.9.6', 20, (day) => 20 * GB * 1.03 ** day, { seed: 4 }),
      // A designer's busy day: 2.5 × a usual 600 MiB.
      ...days(
        '10.1.3.52',
        20,
        (day, next) => (day === 12 ? 1.5 * GB : 600 * MB * (0.8 + next() * 0.4)),
        { seed: 5 },
      ),
      // Internal traffic (to the file server) is not outbound.
      ...days('10.1.3.53', 20, (day) => (day === 18 ? 30 * GB : 200 * MB), { dst: '10.1.9.5' }),
    ].sort((left, right) => (left['time'] as number) - (right['time'] as number));
    const { findings } = foldBatch(createOutboundVolumeAnalytic(), events);
    expect(findings.map((finding) => finding.message)).toEqual([]);
  });

  it('judges hourly buckets when asked, and forgets idle sources', () => {
    const hourly = createOutboundVolumeAnalytic({
      bucketMs: HOUR,
      learningBuckets: 24,
      minBytes: 200 * MB,
    });
    const usual = Array.from({ length: 48 }, (_, hour) =>
      conn({
        time: T0 + hour * HOUR,
        src: '10.1.3.54',
        dst: '52.97.146.162',
        dstPort: 443,
        bytesOut: 20 * MB,
      }),
    );
    const burst = conn({
      time: T0 + 48 * HOUR + 60_000,
      src: '10.1.3.54',
      dst: '185.199.110.9',
      dstPort: 443,
      bytesOut: 400 * MB,
    });
    expect(foldBatch(hourly, [...usual, burst]).findings).toHaveLength(1);
    const forgetting = createOutboundVolumeAnalytic({ idleMs: 2 * DAY });
    const { state } = foldBatch(forgetting, [
      ...usual,
      conn({
        time: T0 + 10 * DAY,
        src: '10.1.3.55',
        dst: '52.97.146.162',
        dstPort: 443,
        bytesOut: MB,
      }),
    ]);
    expect(state.sources.size).toBe(1);
  });

  it('keeps at most maxSources sources over 10⁵ distinct sources', () => {
    const analytic = createOutboundVolumeAnalytic({ maxSources: 1_000 });
    let state = analytic.initialState();
    let largest = 0;
    for (let start = 0; start < 100_000; start += 1_000) {
      const batch = Array.from({ length: 1_000 }, (_, offset) => {
        const index = start + offset;
        return conn({
          time: T0 + index * 10,
          src: `10.7.${index & 255}.${(index >> 8) & 255}`,
          dst: '52.97.146.162',
          dstPort: 443,
          bytesOut: 5_000,
        });
      });
      state = analytic.stepBatch(state, batch).state;
      largest = Math.max(largest, analytic.size(state));
    }
    expect(largest).toBeLessThanOrEqual(1_000);
    expect(analytic.restore(JSON.parse(JSON.stringify(state))).sources.size).toBe(
      state.sources.size,
    );
  });
});
