import type { DetectionFinding } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { createDgaAnalytic } from './dga.js';
import { createDnsTunnellingAnalytic } from './dns-tunnelling.js';
import {
  isInternalName,
  normaliseHostname,
  registeredDomain,
  subdomainOf,
} from './domain-names.js';
import { nameFeatures } from './name-features.js';
import {
  analyticOf,
  byTime,
  dns,
  foldBatch,
  HOUR,
  MINUTE,
  partsOf,
  random,
  SECOND,
  T0,
} from './traffic.test-helpers.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz012345';
const HEX = '0123456789abcdef';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ALPHANUMERIC = `${LETTERS}0123456789`;

function text(next: () => number, alphabet: string, length: number): string {
  let out = '';
  for (let index = 0; index < length; index += 1)
    out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}
/** Splits data into DNS labels of at most `size` characters. */
const labels = (data: string, size: number): string =>
  data.match(new RegExp(`.{1,${size}}`, 'g'))?.join('.') ?? data;

/** iodine: base32 upstream data in 57-character labels, NULL queries several times a second. */
function iodine(src: string, duration: number, seed: number): Record<string, unknown>[] {
  const next = random(seed);
  const events = [];
  for (let time = T0; time < T0 + duration; time += 150 + next() * 400) {
    const header = 'abcdefghijklmnop'[Math.floor(next() * 16)] as string;
    const data = header + text(next, BASE32, 60 + Math.floor(next() * 90));
    events.push(
      dns({
        time: Math.round(time),
        src,
        name: `${labels(data, 57)}.t1.example.net`,
        type: 'NULL',
      }),
    );
  }
  return events;
}

/** dnscat2: hex-encoded packets (session id, sequence, data) as TXT queries, about one a second. */
function dnscat2(src: string, duration: number, seed: number): Record<string, unknown>[] {
  const next = random(seed);
  const session = text(next, HEX, 4);
  const events = [];
  for (let time = T0; time < T0 + duration; time += 700 + next() * 600) {
    const packet = `${session}${text(next, HEX, 8)}${text(next, HEX, 6 + Math.floor(next() * 80))}`;
    events.push(
      dns({
        time: Math.round(time),
        src,
        name: `${labels(packet, 30)}.updates.example.org`,
        type: next() < 0.7 ? 'TXT' : 'CNAME',
      }),
    );
  }
  return events;
}

/** An office's ordinary lookups for an hour. */
function ordinaryDns(): Record<string, unknown>[] {
  const next = random(99);
  const events: Record<string, unknown>[] = [];
  const clients = Array.from({ length: 40 }, (_, index) => `10.1.3.${20 + index}`);
  const common = [
    'www.google.com',
    'fonts.gstatic.com',
    'ajax.googleapis.com',
    'www.bbc.co.uk',
    'news.ycombinator.com',
    'outlook.office365.com',
    'login.microsoftonline.com',
    'teams.microsoft.com',
    'acme.sharepoint.com',
    'acme-my.sharepoint.com',
    'settings-win.data.microsoft.com',
    'v10.events.data.microsoft.com',
    'fe2cr.update.microsoft.com',
    'sls.update.microsoft.com',
    'ctldl.windowsupdate.com',
    'dl.delivery.mp.microsoft.com',
    'www.msftconnecttest.com',
    'dns.msftncsi.com',
    'r4---sn-4g5ednsz.googlevideo.com',
    'i.ytimg.com',
    'www.youtube.com',
    'github.com',
    'objects.githubusercontent.com',
    'slack.com',
    'edgeapi.slack.com',
    'zoom.us',
    'www.linkedin.com',
    '0.pool.ntp.org',
    '1.pool.ntp.org',
    'time.windows.com',
    'ocsp.digicert.com',
    'crl3.digicert.com',
  ];
  for (let time = T0; time < T0 + HOUR; time += 50 + next() * 300) {
    const client = clients[Math.floor(next() * clients.length)] as string;
    events.push(
      dns({
        time: Math.round(time),
        src: client,
        name: common[Math.floor(next() * common.length)] as string,
        type: next() < 0.3 ? 'AAAA' : 'A',
      }),
    );
  }
  // One browser opening many sites behind CloudFront distributions (random ids).
  for (let index = 0; index < 80; index += 1)
    events.push(
      dns({
        time: T0 + index * 20 * SECOND,
        src: clients[0] as string,
        name: `d${text(next, LETTERS + HEX, 13)}.cloudfront.net`,
      }),
    );
  for (let index = 0; index < 40; index += 1)
    events.push(
      dns({
        time: T0 + index * 30 * SECOND,
        src: clients[1] as string,
        name: `${text(next, HEX, 6)}.cloudfront.net`,
      }),
    );
  // The backup server walks its S3 buckets, long but readable names with hex suffixes.
  for (let index = 0; index < 60; index += 1) {
    const bucket = `acme-${['logs', 'backups', 'archive', 'db-snapshots'][index % 4]}-${2020 + (index % 6)}-${text(next, HEX, 6)}`;
    events.push(
      dns({
        time: T0 + index * 40 * SECOND,
        src: '10.1.9.5',
        name: `${bucket}.s3.eu-west-1.amazonaws.com`,
      }),
    );
  }
  // The SIEM resolves the addresses it sees (PTR), the mail gateway checks block lists.
  for (let index = 0; index < 300; index += 1) {
    events.push(
      dns({
        time: T0 + index * 10 * SECOND,
        src: '10.1.9.6',
        name: `${index % 250}.${(index * 7) % 250}.113.203.in-addr.arpa`,
        type: 'PTR',
      }),
    );
    events.push(
      dns({
        time: T0 + index * 10 * SECOND,
        src: '10.1.9.7',
        name: `${(index * 3) % 250}.${index % 200}.51.198.zen.spamhaus.org`,
      }),
    );
  }
  // Sophos endpoint protection looks file hashes up in DNS (hash-encoded names by design).
  for (let index = 0; index < 120; index += 1)
    events.push(
      dns({
        time: T0 + index * 25 * SECOND,
        src: clients[2] as string,
        name: `0.${labels(text(next, HEX, 64), 32)}.sxl.sophosxl.net`,
        type: 'TXT',
      }),
    );
  // Active Directory and search-list lookups.
  for (let index = 0; index < 200; index += 1)
    events.push(
      dns({
        time: T0 + index * 15 * SECOND,
        src: clients[index % 40] as string,
        name: index % 2 ? '_ldap._tcp.dc._msdcs.corp.acme.local' : `ws${index}.corp.acme.local`,
        type: index % 2 ? 'SRV' : 'A',
      }),
    );
  return byTime(events);
}

describe('lexical features', () => {
  it('measures entropy, ratios and bigram surprisal', () => {
    expect(nameFeatures('aaaa').entropy).toBe(0);
    expect(nameFeatures('abcd').entropy).toBeCloseTo(2, 10);
    const office = nameFeatures('office365');
    expect(office.digitRatio).toBeCloseTo(3 / 9, 10);
    expect(office.alternation).toBeCloseTo(1 / 8, 10);
    expect(nameFeatures('rhythms').consonantRatio).toBeCloseTo(6 / 7, 10);
    expect(nameFeatures('information').bigramSurprisal).toBeLessThan(4);
    expect(nameFeatures('xjwqhfbmzt').bigramSurprisal).toBeGreaterThan(6);
  });

  it('tells chosen names from generated ones', () => {
    const chosen = [
      'google',
      'microsoft',
      'windowsupdate',
      'googleusercontent',
      'cloudflare',
      'sharepoint',
      'stackoverflow',
      'salesforce',
      'wikipedia',
      'instagram',
      'office365',
      'msftconnecttest',
      'digicert',
      'letsencrypt',
      'trafficmanager',
      'azureedge',
      'amazonaws',
      'cloudfront',
      'my-company-backups-eu-west-1',
      'acme-logs-2026-03-7f3a9c',
      'settings-win',
      'login-microsoftonline',
      'information',
      'background',
      'newspaper',
      'download',
      'telemetry',
      'production',
      'corporate',
      'weatherforecast',
    ];
    expect(chosen.filter((name) => nameFeatures(name).randomness >= 0.5)).toEqual([]);
    const next = random(5);
    for (const [alphabet, length] of [
      [LETTERS, 12],
      [ALPHANUMERIC, 12],
      [HEX, 24],
      [BASE32, 24],
    ] as const) {
      const generated = Array.from({ length: 200 }, () => text(next, alphabet, length));
      const flagged = generated.filter((name) => nameFeatures(name).randomness >= 0.5).length;
      expect(flagged / generated.length).toBeGreaterThan(0.9);
    }
  });
});

describe('domain names', () => {
  it('normalises host names and finds registered domains by the documented heuristic', () => {
    expect(normaliseHostname(' WWW.Example.COM. ')).toBe('www.example.com');
    expect(normaliseHostname('203.0.113.5')).toBeUndefined();
    expect(normaliseHostname('2001:db8::1')).toBeUndefined();
    expect(registeredDomain('a.b.example.co.uk')).toBe('example.co.uk');
    expect(registeredDomain('shop.example.com.au')).toBe('example.com.au');
    expect(registeredDomain('www.google.com')).toBe('google.com');
    expect(registeredDomain('bucket.s3.amazonaws.com')).toBe('amazonaws.com');
    expect(registeredDomain('example.io')).toBe('example.io');
    expect(registeredDomain('localhost')).toBe('localhost');
    expect(subdomainOf('a.b.example.com', 'example.com')).toBe('a.b');
    expect(subdomainOf('example.com', 'example.com')).toBe('');
    expect(isInternalName('wpad')).toBe(true);
    expect(isInternalName('dc1.corp.acme.local')).toBe(true);
    expect(isInternalName('4.3.2.1.in-addr.arpa')).toBe(true);
    expect(isInternalName('intranet.acme.com', ['acme.com'])).toBe(true);
    expect(isInternalName('www.acme.com')).toBe(false);
  });
});

describe('DNS tunnelling', () => {
  it('finds an iodine tunnel (base32 in NULL queries)', () => {
    const { findings } = foldTunnel(
      byTime([...iodine('10.1.3.77', 10 * MINUTE, 1), ...ordinaryDns()]),
    );
    expect(findings).toHaveLength(1);
    const finding = partsOf(findings[0] as DetectionFinding);
    expect(analyticOf(findings[0] as DetectionFinding)).toBe('network.dns-tunnelling');
    expect(finding.title).toBe('DNS tunnelling from 10.1.3.77 through example.net');
    expect(finding.data['encoded_share']).toBeGreaterThan(0.9);
    expect(finding.data['txt_null_share']).toBe(1);
    expect(finding.data['unique_subdomains']).toBe(40);
    expect(finding.evidence['query']).toMatchObject({ type: 'NULL' });
    expect(finding.techniques).toEqual(['T1071.004', 'T1572']);
    expect(finding.tenant).toBe('acme');
    expect(finding.message).toMatch(
      /queried 40 distinct subdomains of example\.net in 30 min \(40 queries\): 100 % look encoded/,
    );
  });

  it('finds a dnscat2 session (hex in TXT and CNAME queries)', () => {
    const { findings } = foldTunnel(dnscat2('10.1.3.78', 5 * MINUTE, 2));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.finding_info.title).toBe(
      'DNS tunnelling from 10.1.3.78 through example.org',
    );
  });

  it('stays quiet on an office’s DNS: CDNs, S3, Office 365, PTR, block lists, AD', () => {
    const events = ordinaryDns();
    expect(foldTunnel(events).findings.map((finding) => finding.message)).toEqual([]);
    // The reputation lookups would look like a tunnel without the default ignore list.
    const unguarded = createDnsTunnellingAnalytic({ ignoreDomains: [] });
    let state = unguarded.initialState();
    const titles: string[] = [];
    for (const event of events) {
      const step = unguarded.step(state, event);
      state = step.state;
      titles.push(...step.findings.map((finding) => finding.finding_info.title ?? ''));
    }
    expect(titles).toEqual(['DNS tunnelling from 10.1.3.22 through sophosxl.net']);
  });

  it('keeps at most maxKeys keys over 10⁵ distinct (source, domain) keys', () => {
    const analytic = createDnsTunnellingAnalytic({ maxKeys: 2_000 });
    let state = analytic.initialState();
    let largest = 0;
    for (let start = 0; start < 100_000; start += 1_000) {
      const batch = Array.from({ length: 1_000 }, (_, offset) => {
        const index = start + offset;
        return dns({
          time: T0 + index * 10,
          src: `10.4.${index & 255}.${(index >> 8) & 255}`,
          name: `www.site${index}.com`,
        });
      });
      state = analytic.stepBatch(state, batch).state;
      largest = Math.max(largest, analytic.size(state));
    }
    expect(largest).toBeLessThanOrEqual(2_000);
    const restored = analytic.restore(JSON.parse(JSON.stringify(state)));
    expect(
      foldTunnel(iodine('10.1.3.77', 5 * MINUTE, 3), restored, analytic).findings,
    ).toHaveLength(1);
  });
});

function foldTunnel(
  events: Record<string, unknown>[],
  state?: ReturnType<ReturnType<typeof createDnsTunnellingAnalytic>['initialState']>,
  analytic = createDnsTunnellingAnalytic(),
) {
  return foldBatch(analytic, events, state ?? analytic.initialState());
}

describe('DGA', () => {
  /** Conficker-like: random 8–11 letter names under a handful of TLDs, nearly all NXDOMAIN. */
  function conficker(src: string, count: number, seed: number): Record<string, unknown>[] {
    const next = random(seed);
    const tlds = ['com', 'net', 'org', 'info', 'biz', 'ws', 'cc', 'cn'];
    return Array.from({ length: count }, (_, index) => {
      const name = `${text(next, LETTERS, 8 + Math.floor(next() * 4))}.${tlds[index % tlds.length]}`;
      return dns({
        time: T0 + index * 12 * SECOND,
        src,
        name,
        rcodeId: index === count - 1 ? 0 : 3,
      });
    });
  }

  it('finds a host resolving generated domains, and names the one that resolved', () => {
    const events = byTime([...conficker('10.1.3.90', 40, 1), ...ordinaryDns()]);
    // The one that resolves comes last; the finding fires at the tenth NXDOMAIN.
    const analytic = createDgaAnalytic();
    const step = foldBatch(analytic, events);
    expect(step.findings).toHaveLength(1);
    const finding = partsOf(step.findings[0] as DetectionFinding);
    expect(analyticOf(step.findings[0] as DetectionFinding)).toBe('network.dga');
    expect(finding.message).toMatch(
      /^10\.1\.3\.90 got NXDOMAIN for 10 generated-looking domains in 15 min/,
    );
    expect(finding.techniques).toEqual(['T1568.002']);
    expect(finding.tactics).toEqual(['TA0011 Command and Control']);
    // After the re-alert interval the resolved candidate is reported.
    const later = createDgaAnalytic({ realertMs: 0 });
    const all = foldBatch(later, conficker('10.1.3.91', 40, 2)).findings;
    expect(all.at(-1)?.message).toMatch(/; 1 resolved: [a-z]{8,11}\.[a-z]+$/);
  });

  it('finds alphanumeric DGAs and works on query-only sensors', () => {
    const next = random(3);
    const events = Array.from({ length: 30 }, (_, index) =>
      dns({
        time: T0 + index * 5 * SECOND,
        src: '10.1.3.92',
        name: `${text(next, ALPHANUMERIC, 12)}.net`,
        rcodeId: 3,
      }),
    );
    expect(foldBatch(createDgaAnalytic(), events).findings).toHaveLength(1);
    const queries = events.map((event) => {
      const { rcode_id: _rcode, rcode: _text, ...rest } = event;
      return { ...rest, activity_id: 1, type_uid: 400301 };
    });
    const strict = createDgaAnalytic();
    expect(strict.stepBatch(strict.initialState(), queries).findings).toHaveLength(0);
    const lenient = createDgaAnalytic({ requireNxDomain: false });
    expect(foldBatch(lenient, queries).findings).toHaveLength(1);
  });

  it('stays quiet on typos, browser probes, search lists and random-looking CDN names', () => {
    const next = random(4);
    const events: Record<string, unknown>[] = [...ordinaryDns()];
    const host = '10.1.3.40';
    for (const typo of [
      'gooogle.com',
      'microsfot.com',
      'linkedn.com',
      'facebok.com',
      'wikipeida.org',
      'stackoverflw.com',
    ])
      events.push(dns({ time: T0 + next() * HOUR, src: host, name: typo, rcodeId: 3 }));
    for (let restart = 0; restart < 10; restart += 1)
      for (let probe = 0; probe < 3; probe += 1) {
        const label = text(next, LETTERS, 7 + Math.floor(next() * 9));
        events.push(
          dns({ time: T0 + restart * 5 * MINUTE + probe, src: host, name: label, rcodeId: 3 }),
        );
        events.push(
          dns({
            time: T0 + restart * 5 * MINUTE + probe + 1,
            src: host,
            name: `${label}.corp.acme.local`,
            rcodeId: 3,
          }),
        );
      }
    for (let index = 0; index < 50; index += 1)
      events.push(
        dns({
          time: T0 + index * MINUTE,
          src: host,
          name: `${text(next, LETTERS + HEX, 14)}.akamaihd.net`,
        }),
      );
    for (const resolved of ['msftncsi.com', 'duckduckgo.com', 'akamaihd.net', 'ipv4only.arpa'])
      events.push(dns({ time: T0 + next() * HOUR, src: host, name: resolved }));
    const analytic = createDgaAnalytic();
    const step = analytic.stepBatch(analytic.initialState(), byTime(events));
    expect(step.findings.map((finding) => finding.message)).toEqual([]);
  });

  it('keeps at most maxSources sources over 10⁵ distinct sources', () => {
    const analytic = createDgaAnalytic({ maxSources: 1_000 });
    const next = random(6);
    let state = analytic.initialState();
    let largest = 0;
    for (let start = 0; start < 100_000; start += 1_000) {
      const batch = Array.from({ length: 1_000 }, (_, offset) => {
        const index = start + offset;
        return dns({
          time: T0 + index * 10,
          src: `10.5.${index & 255}.${(index >> 8) & 255}`,
          name: `${text(next, LETTERS, 10)}.com`,
          rcodeId: 3,
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
