import { ManualClock, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import type { ThreatIndicator } from './indicator.js';
import { matchIntel } from './intel-finding.js';
import { IntelIndex } from './intel-index.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function network(dst: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    class_uid: 4001,
    category_uid: 4,
    activity_id: 6,
    type_uid: 400106,
    severity_id: 1,
    time: T0,
    metadata: { version: '1.8.0', uid: `evt-${dst}`, product: { name: 'fw', vendor_name: 'x' } },
    src_endpoint: { ip: '10.1.1.5' },
    dst_endpoint: { ip: dst },
    device: { hostname: 'ws-01', type_id: 2 },
    ...extra,
  };
}

function indicator(
  id: string,
  pattern: string,
  extra: Partial<ThreatIndicator> = {},
): ThreatIndicator {
  return { id, pattern, ...extra };
}

describe('IntelIndex', () => {
  const clock = new ManualClock(T0);

  it('matches exact IPv4 and IPv6 addresses and CIDR blocks through the tries', () => {
    const index = new IntelIndex({ clock });
    const result = index.apply([
      indicator('a', "[ipv4-addr:value = '198.51.100.7']"),
      indicator('b', "[ipv4-addr:value = '203.0.113.0/24']"),
      indicator('c', "[ipv4-addr:value = '203.0.0.0/16']"),
      indicator('d', "[ipv6-addr:value = '2001:db8:abcd::/48']"),
      indicator('e', "[ipv6-addr:value = '2001:db8::1']"),
      indicator('f', "[ipv4-addr:value ISSUBSET '0.0.0.0/0']"),
    ]);
    expect(result).toMatchObject({ added: 6, rejected: [] });
    const ids = (dst: string) => index.match(network(dst)).map((match) => match.indicator.id);
    expect(ids('198.51.100.7')).toEqual(['a', 'f']);
    expect(ids('203.0.113.200')).toEqual(['b', 'c', 'f']);
    expect(ids('203.0.1.1')).toEqual(['c', 'f']);
    expect(ids('2001:db8:abcd:12::9')).toEqual(['d', 'f']); // f: the IPv4 source 10.1.1.5
    expect(ids('2001:0db8:0000::0001')).toEqual(['e', 'f']);
    expect(ids('2001:db8:abce::1')).toEqual(['f']);
    expect(index.stats()).toMatchObject({ exactAddresses: 2, ipv4Blocks: 3, ipv6Blocks: 1 });
  });

  it('matches domains by suffix on label boundaries, URLs normalised, e-mails and hashes', () => {
    const index = new IntelIndex({ clock });
    index.apply([
      indicator('dom', "[domain-name:value = 'Evil.Example.']"),
      indicator('url', "[url:value = 'HTTPS://Bad.Example:443/a/../payload.exe#frag']"),
      indicator('mail', "[email-addr:value = 'phish@bad.example']"),
      indicator(
        'sha',
        "[file:hashes.'SHA-256' = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855']",
      ),
      indicator('md5', "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"),
    ]);
    const dns = (hostname: string) => ({
      class_uid: 4003,
      time: T0,
      metadata: { version: '1.8.0', product: { name: 'dns' } },
      query: { hostname },
    });
    expect(index.match(dns('a.b.evil.example')).map((match) => match.indicator.id)).toEqual([
      'dom',
    ]);
    expect(index.match(dns('evil.example')).map((match) => match.indicator.id)).toEqual(['dom']);
    expect(index.match(dns('notevil.example'))).toEqual([]);
    const http = {
      class_uid: 4002,
      time: T0,
      metadata: { version: '1.8.0', product: { name: 'proxy' } },
      http_request: { url: { url_string: 'http://bad.example/payload.exe' } },
    };
    expect(index.match(http).map((match) => match.indicator.id)).toEqual(['url']);
    const email = {
      class_uid: 4009,
      time: T0,
      metadata: { version: '1.8.0', product: { name: 'mail' } },
      email: { from: 'Phish@Bad.Example' },
    };
    expect(index.match(email).map((match) => match.indicator.id)).toEqual(['mail']);
    const file = {
      class_uid: 1001,
      time: T0,
      metadata: { version: '1.8.0', product: { name: 'edr' } },
      file: {
        name: 'x',
        hashes: [
          {
            algorithm_id: 3,
            value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
          },
          { algorithm_id: 1, value: 'D41D8CD98F00B204E9800998ECF8427E' },
        ],
      },
    };
    const matches = index.match(file);
    expect(matches.map((match) => match.indicator.id)).toEqual(['sha', 'md5']);
    expect(matches[0]?.matched[0]).toMatchObject({ field: 'sha256', path: 'file.hashes.value' });
  });

  it('reads the event observables[] when present instead of deriving them', () => {
    const index = new IntelIndex({ clock });
    index.apply([indicator('a', "[ipv4-addr:value = '192.0.2.9']")]);
    const event = {
      ...network('10.0.0.1'),
      observables: [{ type_id: 2, name: 'custom.ip', value: '192.0.2.9' }],
    };
    expect(index.match(event)[0]?.matched).toEqual([
      { field: 'ip', value: '192.0.2.9', path: 'custom.ip' },
    ]);
  });

  it('evaluates AND across values of one event, and negation', () => {
    const index = new IntelIndex({ clock });
    index.apply([
      indicator('both', "[ipv4-addr:value = '198.51.100.7' AND ipv4-addr:value = '10.1.1.5']"),
      indicator(
        'notfrom',
        "[ipv4-addr:value = '198.51.100.7' AND ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']",
      ),
      indicator('like', "[domain-name:value LIKE '%.evil.example']"),
    ]);
    expect(index.match(network('198.51.100.7')).map((match) => match.indicator.id)).toEqual([
      'both',
      'notfrom',
    ]);
    const other = network('198.51.100.7', { src_endpoint: { ip: '198.51.100.7' } });
    expect(index.match(other).map((match) => match.indicator.id)).toEqual(['notfrom']);
    expect(index.stats().unindexed).toBe(1);
    const dns = {
      class_uid: 4003,
      time: T0,
      metadata: { version: '1.8.0', product: {} },
      query: { hostname: 'x.evil.example' },
    };
    expect(index.match(dns).map((match) => match.indicator.id)).toEqual(['like']);
  });

  it('respects valid_from and valid_until against the clock, and prunes expired indicators', () => {
    const manual = new ManualClock(T0);
    const index = new IntelIndex({ clock: manual });
    index.apply([
      indicator('a', "[ipv4-addr:value = '198.51.100.7']", {
        validFrom: T0 + 1000,
        validUntil: T0 + 5000,
      }),
    ]);
    expect(index.match(network('198.51.100.7'))).toHaveLength(0);
    manual.set(T0 + 1000);
    expect(index.match(network('198.51.100.7'))).toHaveLength(1);
    manual.set(T0 + 5000);
    expect(index.match(network('198.51.100.7'))).toHaveLength(0);
    expect(index.prune()).toEqual(['a']);
    expect(index.size).toBe(0);
  });

  it('applies newer revisions and revocations in place, ignoring older revisions', () => {
    const index = new IntelIndex({ clock });
    index.apply([indicator('i', "[ipv4-addr:value = '198.51.100.7']", { modified: 2 })]);
    expect(
      index.apply([indicator('i', "[ipv4-addr:value = '198.51.100.8']", { modified: 1 })]),
    ).toMatchObject({ unchanged: 1 });
    expect(index.match(network('198.51.100.7'))).toHaveLength(1);
    expect(
      index.apply([indicator('i', "[ipv4-addr:value = '198.51.100.8']", { modified: 3 })]),
    ).toMatchObject({ updated: 1 });
    expect(index.match(network('198.51.100.7'))).toHaveLength(0);
    expect(index.match(network('198.51.100.8'))).toHaveLength(1);
    expect(
      index.apply([
        indicator('i', "[ipv4-addr:value = '198.51.100.8']", { modified: 4, revoked: true }),
      ]),
    ).toMatchObject({ revoked: 1 });
    expect(index.match(network('198.51.100.8'))).toHaveLength(0);
    expect(index.stats()).toMatchObject({ indicators: 0, exactAddresses: 0 });
  });

  it('reports unsupported patterns per indicator and round-trips through JSON', () => {
    const index = new IntelIndex({ clock });
    const result = index.apply([
      indicator('ok', "[domain-name:value = 'evil.example']"),
      indicator('bad', "[process:name = 'x']"),
    ]);
    expect(result.rejected).toEqual([
      expect.objectContaining({
        id: 'bad',
        code: 'INTEL_PATTERN_UNSUPPORTED',
        reason: expect.stringContaining('process:name'),
      }),
    ]);
    const copy = IntelIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())), { clock });
    expect(copy.size).toBe(1);
    expect(copy.get('ok')?.pattern).toBe("[domain-name:value = 'evil.example']");
  });

  it('builds strictly valid Detection Findings carrying confidence, TLP and the indicator as evidence', () => {
    const index = new IntelIndex({ clock });
    index.apply([
      indicator('indicator--1', "[ipv4-addr:value = '198.51.100.7']", {
        confidence: 85,
        tlp: 'AMBER',
        name: 'C2 server',
        severityId: 4,
      }),
    ]);
    const event = network('198.51.100.7', { actor: { user: { name: 'alice' } } });
    const [finding] = matchIntel(index, event, { clock, tenantId: 'acme' });
    expect(finding).toBeDefined();
    if (finding === undefined) return;
    expect(validateOcsfEvent(finding, { mode: 'strict' }).ok).toBe(true);
    expect(finding.class_uid).toBe(2004);
    expect(finding.severity_id).toBe(4);
    expect(finding.confidence_id).toBe(3);
    expect(finding.osint?.[0]).toMatchObject({
      tlp: 'AMBER',
      value: '198.51.100.7',
      uid: 'indicator--1',
      type_id: 1,
    });
    expect(finding.evidences?.[0]?.data).toMatchObject({
      indicator_id: 'indicator--1',
      event_uid: 'evt-198.51.100.7',
    });
    expect(finding.device?.hostname).toBe('ws-01');
    expect(finding.actor?.user?.name).toBe('alice');
    expect(finding.metadata.tenant_uid).toBe('acme');
    expect(matchIntel(index, event, { clock })[0]?.finding_info.uid).toBe(finding.finding_info.uid);
  });
});
