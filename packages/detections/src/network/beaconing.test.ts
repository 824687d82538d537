import type { DetectionFinding } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { createBeaconingAnalytic, scoreBeacon } from './beaconing.js';
import {
  analyticOf,
  byTime,
  conn,
  DAY,
  fold,
  HOUR,
  MINUTE,
  partsOf,
  random,
  SECOND,
  T0,
} from './traffic.test-helpers.js';

const IMPLANT = '10.1.4.20';
const C2 = '203.0.113.66';

/** A Cobalt-Strike-style beacon: sleep `period` minus up to `jitter` × period, fixed-size check-ins. */
function beacon(options: {
  src?: string;
  dst?: string;
  period?: number;
  jitter?: number;
  miss?: number;
  duration?: number;
  seed?: number;
  start?: number;
}): Record<string, unknown>[] {
  const next = random(options.seed ?? 1);
  const period = options.period ?? MINUTE;
  const events = [];
  let time = options.start ?? T0;
  while (time < (options.start ?? T0) + (options.duration ?? 2 * HOUR)) {
    time += period * (1 - (options.jitter ?? 0.1) * next());
    if (next() < (options.miss ?? 0)) continue;
    // The HTTPS check-in: a GET with the session cookie, an empty task list back.
    events.push(
      conn({
        time: Math.round(time),
        src: options.src ?? IMPLANT,
        dst: options.dst ?? C2,
        dstPort: 443,
        bytesOut: 360 + Math.round(next() * 12),
        bytesIn: 420 + Math.round(next() * 20),
      }),
    );
  }
  return events;
}

/** A user browsing: sessions at random times, each a burst of connections to several sites. */
function browsing(src: string, duration: number, seed: number): Record<string, unknown>[] {
  const next = random(seed);
  const sites = Array.from({ length: 25 }, (_, index) => `198.51.100.${10 + index}`);
  const events = [];
  let time = T0;
  while (time < T0 + duration) {
    time += -Math.log(1 - next()) * 4 * MINUTE;
    const site = sites[Math.floor(next() ** 2 * sites.length)] as string;
    const burst = 3 + Math.floor(next() * 25);
    for (let index = 0; index < burst; index += 1)
      events.push(
        conn({
          time: Math.round(time + next() * 8 * SECOND),
          src,
          dst: index < burst / 2 ? site : (sites[Math.floor(next() * sites.length)] as string),
          dstPort: 443,
          bytesOut: 600 + Math.round(next() * 3000),
          bytesIn: 2000 + Math.round(next() * 400_000),
        }),
      );
  }
  return events;
}

describe('beaconing', () => {
  it('finds a 60 s HTTPS beacon with 10 % jitter among a user’s browsing', () => {
    const analytic = createBeaconingAnalytic();
    const { findings } = fold(
      analytic,
      byTime([...beacon({ duration: 2 * HOUR }), ...browsing(IMPLANT, 2 * HOUR, 7)]),
    );
    expect(findings).toHaveLength(1);
    const finding = partsOf(findings[0] as DetectionFinding);
    expect(analyticOf(findings[0] as DetectionFinding)).toBe('network.beaconing');
    expect(finding.title).toBe(`Beaconing from ${IMPLANT} to ${C2}:443`);
    expect(finding.message).toMatch(/every 5\d\.\d s \(median\) over 16 beats/);
    expect(finding.tenant).toBe('acme');
    expect(finding.deviceIp).toBe(IMPLANT);
    expect(finding.parents).toEqual(['T1071']);
    expect(finding.techniques).toEqual(['T1071.001']);
    expect(finding.tactics).toEqual(['TA0011 Command and Control']);
    expect(finding.data['period_ms']).toBeGreaterThan(54_000);
    expect(finding.data['period_ms']).toBeLessThan(60_000);
    expect(finding.data['jitter_mad_ratio']).toBeLessThan(0.05);
    expect(finding.data['score']).toBeGreaterThanOrEqual(0.8);
    expect(finding.evidence['dst_endpoint']).toEqual({ ip: C2, port: 443 });
    expect(finding.desc).toContain('Beacon score');
  });

  it('allows missed beats, heavy jitter and events out of order', () => {
    const analytic = createBeaconingAnalytic();
    const missed = fold(analytic, beacon({ miss: 0.1, seed: 3 }));
    expect(missed.findings).toHaveLength(1);
    expect(partsOf(missed.findings[0] as DetectionFinding).data['missed_beats']).toBeGreaterThan(0);
    expect(fold(analytic, beacon({ jitter: 0.5, seed: 5 })).findings).toHaveLength(1);
    expect(
      fold(analytic, beacon({ period: 5 * MINUTE, duration: 4 * HOUR })).findings,
    ).toHaveLength(1);
    const shuffled = beacon({ seed: 9 });
    for (let index = 0; index + 1 < shuffled.length; index += 4) {
      const held = shuffled[index] as Record<string, unknown>;
      shuffled[index] = shuffled[index + 1] as Record<string, unknown>;
      shuffled[index + 1] = held;
    }
    expect(fold(analytic, shuffled).findings).toHaveLength(1);
  });

  it('raises one finding per pair and re-alerts only after realertMs', () => {
    const analytic = createBeaconingAnalytic({ realertMs: 6 * HOUR });
    const { findings } = fold(analytic, beacon({ duration: 13 * HOUR }));
    expect(findings).toHaveLength(3);
  });

  it('stays quiet on browsing, NTP, DNS, Windows Update, Office 365 and CDN traffic', () => {
    const next = random(42);
    const events: Record<string, unknown>[] = [];
    const hosts = Array.from({ length: 30 }, (_, index) => `10.1.2.${10 + index}`);
    const duration = 8 * HOUR;
    hosts.slice(0, 6).forEach((host, index) => {
      events.push(...browsing(host, duration, 100 + index));
    });
    for (const host of hosts) {
      // ntpd: a 64 s poll to a pool server; the Windows time service every ~17 min.
      for (let time = T0 + next() * 64 * SECOND; time < T0 + duration; time += 64 * SECOND)
        events.push(
          conn({
            time: Math.round(time),
            src: host,
            dst: '162.159.200.1',
            dstPort: 123,
            protocol: 'udp',
            bytesOut: 48,
            bytesIn: 48,
          }),
        );
      // Office 365: Outlook and Teams keep polling outlook.office365.com every minute.
      for (
        let time = T0 + next() * MINUTE;
        time < T0 + duration;
        time += MINUTE * (0.97 + next() * 0.06)
      )
        events.push(
          conn({
            time: Math.round(time),
            src: host,
            dst: '52.97.146.162',
            dstPort: 443,
            bytesOut: 1450,
            bytesIn: 980,
          }),
        );
      // Windows Update: a scan at a random time, then a burst of downloads from the CDN.
      const scan = T0 + next() * duration;
      events.push(
        conn({
          time: Math.round(scan),
          src: host,
          dst: '20.72.205.209',
          dstPort: 443,
          bytesOut: 9_000,
          bytesIn: 60_000,
        }),
      );
      for (let index = 0; index < 12; index += 1)
        events.push(
          conn({
            time: Math.round(scan + 20 * SECOND + next() * 10 * MINUTE),
            src: host,
            dst: `13.107.4.${50 + (index % 3)}`,
            dstPort: 80,
            bytesOut: 700,
            bytesIn: 5_000_000 + Math.round(next() * 50_000_000),
          }),
        );
    }
    // The resolver forwards to public resolvers all day.
    for (let time = T0; time < T0 + duration; time += 200 + next() * 3_000)
      events.push(
        conn({
          time: Math.round(time),
          src: '10.0.0.53',
          dst: '8.8.8.8',
          dstPort: 53,
          protocol: 'udp',
          bytesOut: 60,
          bytesIn: 120,
        }),
      );
    // A video stream from a CDN: chunk requests every 2–10 s, varying sizes.
    for (let time = T0; time < T0 + 2 * HOUR; time += 2 * SECOND + next() * 8 * SECOND)
      events.push(
        conn({
          time: Math.round(time),
          src: hosts[7] as string,
          dst: '151.101.2.132',
          dstPort: 443,
          bytesOut: 900 + Math.round(next() * 400),
          bytesIn: 200_000 + Math.round(next() * 2_000_000),
        }),
      );
    const analytic = createBeaconingAnalytic();
    const { findings, state } = fold(analytic, byTime(events));
    expect(findings.map((finding) => finding.message)).toEqual([]);
    expect(state.pairs.size).toBeGreaterThan(100);
  });

  it('fires on the same Office 365-like rhythm when only one host has it', () => {
    const events = [];
    const next = random(8);
    for (let time = T0; time < T0 + 2 * HOUR; time += MINUTE * (0.97 + next() * 0.06))
      events.push(
        conn({
          time: Math.round(time),
          src: '10.1.2.10',
          dst: '52.97.146.162',
          dstPort: 443,
          bytesOut: 1450,
          bytesIn: 980,
        }),
      );
    expect(fold(createBeaconingAnalytic(), events).findings).toHaveLength(1);
    const allowed = createBeaconingAnalytic({ ignoreDestinations: ['52.97.146.162'] });
    expect(fold(allowed, events).findings).toHaveLength(0);
  });

  it('scores random arrivals low and periodic ones high', () => {
    const next = random(11);
    const options = { minIntervalMs: 5000, maxMissedBeats: 3, jitterTolerance: 0.5 };
    const poisson: number[] = [0];
    while (poisson.length < 48)
      poisson.push((poisson.at(-1) as number) + Math.max(2000, -Math.log(1 - next()) * MINUTE));
    const periodic = Array.from({ length: 48 }, (_, index) => index * MINUTE + next() * 6 * SECOND);
    const sizes = new Array<number>(48).fill(300);
    expect(scoreBeacon(poisson, sizes, options)?.score).toBeLessThan(0.7);
    expect(scoreBeacon(periodic, sizes, options)?.score).toBeGreaterThan(0.9);
    expect(scoreBeacon([0, 1000, 2000, 3000], sizes, options)).toBeUndefined(); // below minIntervalMs
  });

  it('keeps at most maxPairs pairs over 10⁵ distinct pairs, and its state survives JSON', () => {
    const analytic = createBeaconingAnalytic({ maxPairs: 5_000 });
    let state = analytic.initialState();
    let largest = 0;
    for (let index = 0; index < 100_000; index += 1) {
      state = analytic.step(
        state,
        conn({
          time: T0 + index * 50,
          src: `10.2.${(index >> 8) & 255}.${index & 255}`,
          dst: `203.0.${(index >> 10) & 63}.${(index >> 2) & 255}`,
          dstPort: 443,
          bytesOut: 500,
        }),
      ).state;
      largest = Math.max(largest, analytic.size(state));
    }
    expect(largest).toBeLessThanOrEqual(10_000);
    expect(state.pairs.size).toBeLessThanOrEqual(5_000);
    expect(state.destinations.size).toBeLessThanOrEqual(5_000);
    const restored = analytic.restore(JSON.parse(JSON.stringify(state)));
    const events = beacon({ start: T0 + DAY / 2 });
    expect(fold(analytic, events, restored).findings).toHaveLength(1);
    expect(() => analytic.restore({ version: 2 })).toThrow(/not a network.beaconing state/);
  });
});
