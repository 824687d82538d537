import type { DetectionFinding } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { createRarityAnalytic, normaliseUserAgent } from './rarity.js';
import {
  analyticOf,
  conn,
  DAY,
  dns,
  fold,
  foldBatch,
  HOUR,
  http,
  partsOf,
  T0,
} from './traffic.test-helpers.js';

const CHROME_126 =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const CHROME_127 = CHROME_126.replace('Chrome/126.0.0.0', 'Chrome/127.0.6533.73');
const EDGE =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.68';
const WINDOWS_UPDATE = 'Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50';
const DELIVERY = 'Microsoft-Delivery-Optimization/10.0';
const IMPLANT_UA = 'Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; WOW64; Trident/5.0; MALC)';
const JA3_CHROME = 'cd08e31494f9531f560d64c695473da9';
const JA3_SCHANNEL = '28a2c9bd18a11de089ef85a160da29e4';
const JA3_IMPLANT = 'a0e9f5d64349fb13191bc781f81f42e1';
const JA4_CHROME = 't13d1516h2_8daaf6152771_e5627efa2ab1';
const JA4_IMPLANT = 't12d190800_d83cc789557e_7af1ed941c26';

/** A week and a day of an office's web traffic: 20 hosts, a few browsers, Windows Update. */
function baseline(days: number, tenant = 'acme'): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  const sites = [
    'www.google.com',
    'outlook.office365.com',
    'www.bbc.co.uk',
    'github.com',
    'slack.com',
    'zoom.us',
  ];
  for (let day = 0; day < days; day += 1)
    for (let host = 0; host < 20; host += 1) {
      const src = `10.1.3.${10 + host}`;
      const time = T0 + day * DAY + host * 60_000;
      const site = sites[(day + host) % sites.length] as string;
      events.push(
        http({
          time,
          src,
          dst: '198.51.100.20',
          host: site,
          userAgent: host % 3 ? CHROME_126 : EDGE,
          tenant,
        }),
      );
      events.push(
        http({
          time: time + 1000,
          src,
          dst: '13.107.4.50',
          host: 'dl.delivery.mp.microsoft.com',
          userAgent: day % 2 ? WINDOWS_UPDATE : DELIVERY,
          tenant,
        }),
      );
      events.push(
        conn({
          time: time + 2000,
          src,
          dst: '142.250.1.1',
          dstPort: 443,
          hostname: site,
          ja3: host % 4 ? JA3_CHROME : JA3_SCHANNEL,
          ja4: JA4_CHROME,
          tenant,
        }),
      );
      events.push(dns({ time: time + 3000, src, name: site, tenant }));
    }
  return events;
}

describe('rarity', () => {
  it('reports a new destination, JA3, JA4 and user agent after the learning period', () => {
    const day8 = T0 + 8 * DAY;
    const { findings } = fold(createRarityAnalytic(), [
      ...baseline(8),
      dns({ time: day8, src: '10.1.3.77', name: 'cdn.telemetry-sync.com' }),
      conn({
        time: day8 + 500,
        src: '10.1.3.77',
        dst: '203.0.113.66',
        dstPort: 443,
        hostname: 'cdn.telemetry-sync.com',
        ja3: JA3_IMPLANT,
        ja4: JA4_IMPLANT,
      }),
      http({
        time: day8 + 900,
        src: '10.1.3.77',
        dst: '203.0.113.66',
        host: 'cdn.telemetry-sync.com',
        userAgent: IMPLANT_UA,
      }),
    ]);
    expect(
      findings.map((finding) => [analyticOf(finding), finding.severity_id, finding.is_alert]),
    ).toEqual([
      ['network.rarity.destination', 1, false],
      ['network.rarity.ja3', 2, true],
      ['network.rarity.ja4', 2, true],
      ['network.rarity.user-agent', 2, true],
    ]);
    expect(findings[0]?.message).toBe(
      '10.1.3.77 used the destination domain telemetry-sync.com, never seen in the tenant in 8 days of baseline',
    );
    const ua = partsOf(findings[3] as DetectionFinding);
    expect(ua.data['normalised']).toBe(normaliseUserAgent(IMPLANT_UA));
    expect(ua.evidence['http_request']).toEqual({ user_agent: IMPLANT_UA });
    expect(ua.techniques).toEqual(['T1071.001']);
    expect(ua.tenant).toBe('acme');
  });

  it('stays quiet on known values, browser updates, new subdomains and during learning', () => {
    const day9 = T0 + 9 * DAY;
    const { findings } = foldBatch(createRarityAnalytic(), [
      ...baseline(9),
      http({
        time: day9,
        src: '10.1.3.12',
        dst: '198.51.100.20',
        host: 'mail.google.com',
        userAgent: CHROME_127,
      }),
      conn({
        time: day9 + 10,
        src: '10.1.3.12',
        dst: '142.250.1.1',
        dstPort: 443,
        hostname: 'docs.github.com',
        ja3: JA3_CHROME,
        ja4: JA4_CHROME,
      }),
      dns({ time: day9 + 20, src: '10.1.3.12', name: 'cdn.outlook.office365.com' }),
      dns({ time: day9 + 30, src: '10.1.3.12', name: 'dc1.corp.acme.local' }),
    ]);
    expect(findings).toEqual([]);
    expect(normaliseUserAgent(CHROME_127)).toBe(normaliseUserAgent(CHROME_126));
    // A value new during the learning period is learnt, not reported.
    const learning = foldBatch(createRarityAnalytic(), [
      ...baseline(2),
      http({
        time: T0 + 2 * DAY,
        src: '10.1.3.77',
        dst: '203.0.113.66',
        host: 'x.telemetry-sync.com',
        userAgent: IMPLANT_UA,
      }),
    ]);
    expect(learning.findings).toEqual([]);
  });

  it('keeps tenants apart: each has its own first-seen sets and learning period', () => {
    const analytic = createRarityAnalytic({ kinds: ['user-agent'] });
    const acme = foldBatch(analytic, baseline(8, 'acme'));
    const day8 = T0 + 8 * DAY;
    const globex = foldBatch(
      analytic,
      baseline(1, 'globex').map((event) => ({
        ...event,
        time: (event['time'] as number) + 8 * DAY,
      })),
      acme.state,
    );
    expect(globex.findings).toEqual([]);
    const late = foldBatch(
      analytic,
      [
        http({
          time: day8 + 8 * DAY,
          src: '10.9.0.5',
          dst: '198.51.100.20',
          host: 'www.google.com',
          userAgent: IMPLANT_UA,
          tenant: 'globex',
        }),
        http({
          time: day8 + 8 * DAY + 1,
          src: '10.9.0.5',
          dst: '198.51.100.20',
          host: 'www.google.com',
          userAgent: IMPLANT_UA,
          tenant: 'acme',
        }),
      ],
      globex.state,
    );
    expect(late.findings.map((finding) => finding.metadata.tenant_uid)).toEqual(['globex', 'acme']);
  });

  it('forgets unseen values and keeps at most maxValues over 10⁵ distinct values', () => {
    const analytic = createRarityAnalytic({ kinds: ['user-agent'], maxValues: 5_000 });
    const letters = (index: number): string =>
      index < 26
        ? String.fromCharCode(97 + index)
        : letters(Math.floor(index / 26) - 1) + letters(index % 26);
    let state = analytic.initialState();
    let largest = 0;
    for (let start = 0; start < 100_000; start += 1_000) {
      const batch = Array.from({ length: 1_000 }, (_, offset) => {
        const index = start + offset;
        return http({
          time: T0 + index * 1_000,
          src: '10.1.3.10',
          dst: '198.51.100.20',
          host: 'www.google.com',
          userAgent: `agent-${letters(index)}`,
        });
      });
      state = analytic.stepBatch(state, batch).state;
      largest = Math.max(largest, analytic.size(state));
    }
    expect(largest).toBeLessThanOrEqual(5_000);
    expect(analytic.restore(JSON.parse(JSON.stringify(state))).values.size).toBe(state.values.size);
    const forgetful = createRarityAnalytic({
      kinds: ['user-agent'],
      learningPeriodMs: 0,
      forgetAfterMs: 2 * HOUR,
    });
    const again = foldBatch(forgetful, [
      http({
        time: T0,
        src: '10.1.3.10',
        dst: '198.51.100.20',
        host: 'a.example.com',
        userAgent: 'curl/8.5.0',
      }),
      http({
        time: T0 + 1,
        src: '10.1.3.10',
        dst: '198.51.100.20',
        host: 'a.example.com',
        userAgent: 'Wget/1.21',
      }),
      http({
        time: T0 + 3 * HOUR,
        src: '10.1.3.10',
        dst: '198.51.100.20',
        host: 'a.example.com',
        userAgent: 'Wget/1.21',
      }),
      http({
        time: T0 + 3 * HOUR + 1,
        src: '10.1.3.10',
        dst: '198.51.100.20',
        host: 'a.example.com',
        userAgent: 'curl/8.5.0',
      }),
    ]);
    expect(again.findings.map((finding) => finding.evidences?.[0]?.data)).toMatchObject([
      { value: 'curl/8.5.0' },
      { value: 'Wget/1.21' },
      { value: 'Wget/1.21' },
      { value: 'curl/8.5.0' },
    ]);
  });
});
