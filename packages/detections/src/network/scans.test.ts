import type { DetectionFinding } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { connectionFailed } from './event-view.js';
import { createScanAnalytic } from './scans.js';
import {
  analyticOf,
  byTime,
  conn,
  type FindingParts,
  fold,
  foldBatch,
  MINUTE,
  partsOf,
  random,
  SECOND,
  T0,
} from './traffic.test-helpers.js';

const SCANNER = '10.1.3.66';
/** nmap's most common TCP ports first, then the rest of the low range. */
const PORTS = [
  80, 23, 443, 21, 22, 25, 3389, 110, 445, 139, 143, 53, 135, 3306, 8080, 1723, 111, 995, 993, 5900,
  1025, 587, 8888, 199, 1720, 465, 548, 113, 81, 6001, 10000, 514, 5060, 179, 1026, 2000, 8443,
  8000, 32768, 554, 26, 1433, 49152, 2001, 515, 8008, 49154, 1027, 5666, 646,
];

/** `nmap -sS` of one host: closed ports answer RST (REJ), open ones SYN-ACK (the scanner resets). */
function synScan(target: string, open: readonly number[], seed: number): Record<string, unknown>[] {
  const next = random(seed);
  return PORTS.map((port, index) =>
    open.includes(port)
      ? conn({
          time: T0 + index * 40 + Math.round(next() * 20),
          src: SCANNER,
          dst: target,
          dstPort: port,
          history: 'ShR',
          state: 'RSTO',
          bytesOut: 0,
        })
      : conn({
          time: T0 + index * 40 + Math.round(next() * 20),
          src: SCANNER,
          dst: target,
          dstPort: port,
          history: 'Sr',
          state: 'REJ',
        }),
  );
}

/** A sweep of a /24 for SMB: most addresses are empty (no answer), a few hosts refuse or accept. */
function smbSweep(seed: number): Record<string, unknown>[] {
  const next = random(seed);
  return Array.from({ length: 254 }, (_, index) => {
    const roll = next();
    const base = {
      time: T0 + MINUTE + index * 150,
      src: SCANNER,
      dst: `10.1.5.${index + 1}`,
      dstPort: 445,
    };
    return roll < 0.8
      ? conn({ ...base, history: 'S', state: 'S0' })
      : roll < 0.9
        ? conn({ ...base, history: 'Sr', state: 'REJ' })
        : conn({ ...base, bytesOut: 160, bytesIn: 200 });
  });
}

describe('connection outcome', () => {
  it('reads the OCSF activity, Zeek conn_state and history, and packet counts', () => {
    const base = conn({ time: T0, src: '10.0.0.1', dst: '10.0.0.2', dstPort: 22 });
    expect(connectionFailed(base)).toBe(false);
    expect(connectionFailed({ ...base, activity_id: 5 })).toBe(true);
    expect(connectionFailed({ ...base, unmapped: { conn_state: 'S0' } })).toBe(true);
    expect(
      connectionFailed({ ...base, unmapped: {}, connection_info: { flag_history: 'Sr' } }),
    ).toBe(true);
    expect(
      connectionFailed({ ...base, unmapped: {}, connection_info: { flag_history: 'ShAdDaFf' } }),
    ).toBe(false);
    expect(
      connectionFailed({
        ...base,
        unmapped: {},
        connection_info: {},
        traffic: { packets_out: 1, packets_in: 0 },
      }),
    ).toBe(true);
    expect(connectionFailed({ class_uid: 4001 })).toBeUndefined();
  });
});

describe('scans', () => {
  it('finds an nmap SYN scan of one host and an SMB sweep of a subnet', () => {
    const { findings } = fold(
      createScanAnalytic(),
      byTime([...synScan('10.1.5.20', [22, 80, 443, 3389], 1), ...smbSweep(2)]),
    );
    expect(findings.map((finding) => finding.finding_info.title)).toEqual([
      `Port scan of 10.1.5.20 from ${SCANNER}`,
      `Host sweep of port 445 from ${SCANNER}`,
    ]);
    const [scan, sweep] = findings.map(partsOf) as [FindingParts, FindingParts];
    expect(analyticOf(findings[0] as DetectionFinding)).toBe('network.scan');
    expect(scan.data['distinct_ports']).toBe(20);
    expect(scan.data['failed_share']).toBeGreaterThanOrEqual(0.8);
    expect(scan.message).toMatch(
      /^10\.1\.3\.66 tried 20 ports on 10\.1\.5\.20 in 0\.\d s; 8\d(\.\d)? % of the attempts failed$/,
    );
    expect(scan.techniques).toEqual(['T1046']);
    expect(sweep.techniques).toEqual(['T1046', 'T1018']);
    expect(sweep.severityId).toBe(3);
    expect(sweep.tenant).toBe('acme');
  });

  it('finds an ICMP ping sweep', () => {
    const events = Array.from({ length: 40 }, (_, index) => ({
      ...conn({
        time: T0 + index * 100,
        src: SCANNER,
        dst: `10.1.6.${index + 1}`,
        dstPort: 8,
        protocol: 'icmp',
        state: 'OTH',
        history: '',
      }),
      traffic: {
        packets_out: 1,
        packets_in: index % 5 === 0 ? 1 : 0,
        bytes_out: 64,
        bytes_in: index % 5 === 0 ? 64 : 0,
      },
    }));
    const { findings } = fold(createScanAnalytic(), events);
    expect(findings.map((finding) => finding.finding_info.title)).toEqual([
      `Host sweep of ICMP from ${SCANNER}`,
    ]);
  });

  it('stays quiet on browsing, resolvers, Windows Update, Office 365, RPC and monitoring', () => {
    const next = random(7);
    const events: Record<string, unknown>[] = [];
    // Browsing: a page pulls from 45 CDN and ad servers in a few seconds, all established.
    for (let index = 0; index < 45; index += 1)
      events.push(
        conn({
          time: T0 + Math.round(next() * 5 * SECOND),
          src: '10.1.3.30',
          dst: `151.101.${index}.${Math.floor(next() * 250)}`,
          dstPort: 443,
          bytesOut: 800,
          bytesIn: 40_000,
        }),
      );
    // The resolver asks 60 authoritative servers; a tenth time out.
    for (let index = 0; index < 60; index += 1)
      events.push(
        conn({
          time: T0 + index * 3 * SECOND,
          src: '10.0.0.53',
          dst: `192.0.${index}.53`,
          dstPort: 53,
          protocol: 'udp',
          ...(index % 10 === 0
            ? { state: 'S0', history: 'D' }
            : { bytesOut: 60, bytesIn: 300, history: 'Dd' }),
        }),
      );
    // NTP, and Windows Update Delivery Optimization trying a dozen LAN peers (half are off).
    for (let index = 0; index < 4; index += 1)
      events.push(
        conn({
          time: T0 + index * SECOND,
          src: '10.1.3.31',
          dst: `162.159.200.${index}`,
          dstPort: 123,
          protocol: 'udp',
          bytesOut: 48,
          bytesIn: 48,
          history: 'Dd',
        }),
      );
    for (let index = 0; index < 12; index += 1)
      events.push(
        conn({
          time: T0 + index * 2 * SECOND,
          src: '10.1.3.31',
          dst: `10.1.3.${100 + index}`,
          dstPort: 7680,
          ...(index % 2 ? { state: 'S0', history: 'S' } : { bytesOut: 9_000, bytesIn: 4_000_000 }),
        }),
      );
    // Office 365: Outlook, Teams and OneDrive across 25 front-end addresses.
    for (let index = 0; index < 25; index += 1)
      events.push(
        conn({
          time: T0 + index * 7 * SECOND,
          src: '10.1.3.32',
          dst: `52.97.${index}.162`,
          dstPort: 443,
          bytesOut: 2_000,
          bytesIn: 30_000,
        }),
      );
    // A client talks to a domain controller's RPC endpoint mapper and 30 dynamic ports.
    events.push(
      conn({
        time: T0,
        src: '10.1.3.33',
        dst: '10.0.0.10',
        dstPort: 135,
        bytesOut: 200,
        bytesIn: 300,
      }),
    );
    for (let index = 0; index < 30; index += 1)
      events.push(
        conn({
          time: T0 + index * 8 * SECOND,
          src: '10.1.3.33',
          dst: '10.0.0.10',
          dstPort: 49_664 + index * 3,
          bytesOut: 1_000,
          bytesIn: 2_000,
        }),
      );
    // Monitoring polls 50 servers on five ports every minute; two are down.
    for (let round = 0; round < 5; round += 1)
      for (let server = 0; server < 50; server += 1)
        for (const port of [22, 80, 443, 3306, 5666])
          events.push(
            conn({
              time: T0 + round * MINUTE + server * 500 + port,
              src: '10.0.0.20',
              dst: `10.2.0.${server + 1}`,
              dstPort: port,
              ...(server < 2 ? { state: 'S0', history: 'S' } : { bytesOut: 100, bytesIn: 200 }),
            }),
          );
    // NetBIOS name lookups to every neighbour (ignored port), most unanswered.
    for (let index = 0; index < 40; index += 1)
      events.push(
        conn({
          time: T0 + index * 100,
          src: '10.1.3.34',
          dst: `10.1.3.${index + 1}`,
          dstPort: 137,
          protocol: 'udp',
          state: 'S0',
          history: 'D',
        }),
      );
    const { findings } = foldBatch(createScanAnalytic(), byTime(events));
    expect(findings.map((finding) => finding.message)).toEqual([]);
  });

  it('leaves out authorised scanners and, by default, external sources', () => {
    const scan = synScan('10.1.5.20', [], 3);
    expect(foldBatch(createScanAnalytic({ ignoreSources: [SCANNER] }), scan).findings).toHaveLength(
      0,
    );
    const external = scan.map((event) => ({
      ...event,
      src_endpoint: { ip: '198.51.100.7', port: 40_000 },
    }));
    expect(foldBatch(createScanAnalytic(), external).findings).toHaveLength(0);
    const all = foldBatch(createScanAnalytic({ internalSourcesOnly: false }), external).findings;
    expect(all).toHaveLength(1);
    expect(all[0]?.severity_id).toBe(2);
    expect(partsOf(all[0] as DetectionFinding).techniques).toEqual(['T1595.001']);
  });

  it('keeps at most maxSources sources over 10⁵ distinct sources', () => {
    const analytic = createScanAnalytic({ maxSources: 1_000 });
    let state = analytic.initialState();
    let largest = 0;
    for (let start = 0; start < 100_000; start += 1_000) {
      const batch = Array.from({ length: 1_000 }, (_, offset) => {
        const index = start + offset;
        return conn({
          time: T0 + index * 10,
          src: `10.6.${index & 255}.${(index >> 8) & 255}`,
          dst: '10.0.0.10',
          dstPort: 445,
          state: 'S0',
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
