import { ManualClock, OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { NetworkAnalyticError } from './analytic.js';
import { createBeaconingAnalytic } from './beaconing.js';
import { createNetworkAnalytics } from './network-analytics.js';
import {
  analyticOf,
  byTime,
  conn,
  DAY,
  dns,
  expectValid,
  HOUR,
  http,
  MINUTE,
  random,
  SECOND,
  T0,
} from './traffic.test-helpers.js';

const GB = 1024 ** 3;
const IMPLANT = '10.1.3.17';

/** Eight days of an office's ordinary traffic, then an intrusion on one host. */
function story(): Record<string, unknown>[] {
  const next = random(21);
  const events: Record<string, unknown>[] = [];
  for (let day = 0; day < 9; day += 1)
    for (let host = 0; host < 10; host += 1) {
      const src = `10.1.3.${10 + host}`;
      for (let visit = 0; visit < 12; visit += 1) {
        const time = T0 + day * DAY + visit * 40 * MINUTE + Math.round(next() * 20 * MINUTE);
        const site = ['www.google.com', 'outlook.office365.com', 'github.com'][visit % 3] as string;
        events.push(dns({ time, src, name: site }));
        events.push(
          conn({
            time: time + 50,
            src,
            dst: `142.250.${visit}.${host}`,
            dstPort: 443,
            hostname: site,
            ja3: 'cd08e31494f9531f560d64c695473da9',
            bytesOut: 20_000_000,
            bytesIn: 900_000,
          }),
        );
        events.push(
          http({
            time: time + 90,
            src,
            dst: `142.250.${visit}.${host}`,
            host: site,
            userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0.0.0',
          }),
        );
      }
    }
  const day8 = T0 + 8 * DAY + 10 * HOUR;
  // The implant: a new domain, its own TLS stack and user agent, a one-minute beacon.
  events.push(dns({ time: day8, src: IMPLANT, name: 'api.telemetry-sync.com' }));
  for (let beat = 0; beat < 30; beat += 1)
    events.push(
      conn({
        time: day8 + 1000 + Math.round(beat * MINUTE - next() * 6 * SECOND),
        src: IMPLANT,
        dst: '203.0.113.66',
        dstPort: 443,
        hostname: 'api.telemetry-sync.com',
        ja3: 'a0e9f5d64349fb13191bc781f81f42e1',
        bytesOut: 380,
        bytesIn: 410,
      }),
    );
  events.push(
    http({
      time: day8 + 2000,
      src: IMPLANT,
      dst: '203.0.113.66',
      host: 'api.telemetry-sync.com',
      userAgent: 'Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)',
    }),
  );
  // Discovery: a SYN scan of the file server.
  for (let port = 1; port <= 30; port += 1)
    events.push(
      conn({
        time: day8 + 40 * MINUTE + port * 30,
        src: IMPLANT,
        dst: '10.1.9.5',
        dstPort: port,
        state: 'REJ',
        history: 'Sr',
      }),
    );
  // A fallback DGA, and staged data leaving through DNS and HTTPS.
  for (let index = 0; index < 12; index += 1)
    events.push(
      dns({
        time: day8 + 50 * MINUTE + index * SECOND,
        src: IMPLANT,
        name: `${['xjwqhfbmzt', 'kqzvprtlnw', 'bmxqtzvkyr', 'wvkzqhxtpl'][index % 4]}${'abcdefghijkl'[index]}.com`,
        rcodeId: 3,
      }),
    );
  for (let index = 0; index < 45; index += 1) {
    let data = '';
    for (let char = 0; char < 50; char += 1)
      data += 'abcdefghijklmnopqrstuvwxyz234567'[Math.floor(next() * 32)];
    events.push(
      dns({
        time: day8 + HOUR + index * 400,
        src: IMPLANT,
        name: `${data}.t1.example.net`,
        type: 'TXT',
      }),
    );
  }
  for (let index = 0; index < 20; index += 1)
    events.push(
      conn({
        time: day8 + 2 * HOUR + Math.round(index * MINUTE * (1 + 3 * next())),
        src: IMPLANT,
        dst: '185.199.110.9',
        dstPort: 443,
        bytesOut: Math.round((0.1 + 0.2 * next()) * GB),
      }),
    );
  return byTime(events);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

describe('network analytics', () => {
  it('reads the events the connectors produce (strictly valid OCSF 1.8)', () => {
    for (const event of [
      conn({
        time: T0,
        src: '10.0.0.1',
        dst: '203.0.113.1',
        dstPort: 443,
        hostname: 'a.example.com',
        ja3: 'cd08e31494f9531f560d64c695473da9',
        ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1',
      }),
      dns({ time: T0, src: '10.0.0.1', name: 'www.example.com', type: 'TXT', rcodeId: 3 }),
      http({
        time: T0,
        src: '10.0.0.1',
        dst: '203.0.113.1',
        host: 'www.example.com',
        userAgent: 'curl/8.5.0',
      }),
    ]) {
      const result = validateOcsfEvent(event, { mode: 'strict' });
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });

  it('follows an intrusion through every analytic, tenant and ATT&CK on each finding', () => {
    const network = createNetworkAnalytics();
    const { findings } = network.stepBatch(network.initialState(), story());
    expectValid(findings);
    expect(findings.map((finding) => analyticOf(finding))).toEqual([
      'network.rarity.destination',
      'network.rarity.ja3',
      'network.rarity.user-agent',
      'network.beaconing',
      'network.scan',
      'network.dga',
      'network.rarity.destination',
      'network.dns-tunnelling',
      'network.outbound-volume',
    ]);
    for (const finding of findings) {
      expect(finding.metadata.tenant_uid).toBe('acme');
      expect(finding.device?.ip).toBe(IMPLANT);
    }
    const techniques = findings.flatMap((finding) =>
      (finding.finding_info.attacks ?? []).map(
        (attack) => attack.sub_technique?.uid ?? attack.technique?.uid,
      ),
    );
    expect(new Set(techniques)).toEqual(
      new Set(['T1071', 'T1573', 'T1071.001', 'T1046', 'T1568.002', 'T1071.004', 'T1572', 'T1048']),
    );
  });

  it('gives the same findings and state stepping one event at a time, in batches, and across a store round trip', () => {
    const events = story();
    const network = createNetworkAnalytics();
    let single = network.initialState();
    const one: string[] = [];
    for (const event of events) {
      const step = network.step(single, event);
      single = step.state;
      one.push(...step.findings.map((finding) => finding.finding_info.uid));
    }
    const half = Math.floor(events.length / 2);
    const first = network.stepBatch(network.initialState(), events.slice(0, half));
    const stored = network.restore(JSON.parse(JSON.stringify(first.state)));
    const second = network.stepBatch(stored, events.slice(half));
    expect(
      [...first.findings, ...second.findings].map((finding) => finding.finding_info.uid),
    ).toEqual(one);
    expect(JSON.parse(JSON.stringify(second.state))).toEqual(JSON.parse(JSON.stringify(single)));
  });

  it('never modifies the state it is given', () => {
    const events = story();
    const network = createNetworkAnalytics();
    const half = Math.floor(events.length / 2);
    const frozen = deepFreeze(
      network.stepBatch(network.initialState(), events.slice(0, half)).state,
    );
    const snapshot = JSON.stringify(frozen);
    const batch = network.stepBatch(frozen, events.slice(half));
    let single = frozen;
    for (const event of events.slice(half)) single = network.step(single, event).state;
    expect(JSON.stringify(frozen)).toBe(snapshot);
    expect(batch.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(batch.state)).toBe(JSON.stringify(single));
  });

  it('ignores other events, stamps created_time from the clock, and rejects bad options and states', () => {
    const network = createNetworkAnalytics({ rarity: false, outboundVolume: false });
    expect(network.analytics.map((analytic) => analytic.id)).toEqual([
      'network.beaconing',
      'network.dns-tunnelling',
      'network.dga',
      'network.scan',
    ]);
    const state = network.initialState();
    expect(network.step(state, { class_uid: 1007, time: T0 }).state).toBe(state);
    const beacon = Array.from({ length: 20 }, (_, beat) =>
      conn({
        time: T0 + beat * MINUTE,
        src: IMPLANT,
        dst: '203.0.113.66',
        dstPort: 8443,
        bytesOut: 300,
      }),
    );
    const clock = new ManualClock(T0 + DAY);
    let current = state;
    const created: unknown[] = [];
    for (const event of beacon) {
      const step = network.step(current, event, clock);
      current = step.state;
      created.push(...step.findings.map((finding) => finding.finding_info.created_time));
    }
    expect(created).toEqual([T0 + DAY]);
    expect(network.size(current)).toBeGreaterThan(0);
    const error = (() => {
      try {
        createBeaconingAnalytic({ threshold: 2 });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(NetworkAnalyticError);
    expect(OpenMdrError.isInstance(error) && error.code).toBe('NETWORK_ANALYTIC_OPTIONS_INVALID');
    expect(() =>
      network.restore({ version: 1, analytics: { 'network.dga': { version: 1 } } }),
    ).toThrow(/not a network\.dga state/);
    expect(network.restore({ version: 1, analytics: {} })).toEqual(network.initialState());
  });
});
