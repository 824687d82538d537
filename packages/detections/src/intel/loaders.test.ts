import { describe, expect, it } from 'vitest';
import { loadIndicatorCsv, loadIndicatorList } from './list.js';
import { loadMispContent } from './misp.js';
import { loadStixBundle } from './stix-bundle.js';

const bundle = {
  type: 'bundle',
  id: 'bundle--1',
  objects: [
    {
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--custom',
      name: 'TLP:AMBER+STRICT',
    },
    {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--a',
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-02T00:00:00.000Z',
      name: 'C2',
      pattern: "[ipv4-addr:value = '198.51.100.7']",
      pattern_type: 'stix',
      valid_from: '2026-01-01T00:00:00Z',
      valid_until: '2026-02-01T00:00:00Z',
      confidence: 80,
      indicator_types: ['malicious-activity'],
      object_marking_refs: [
        'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
        'marking-definition--custom',
      ],
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'command-and-control' }],
    },
    {
      type: 'indicator',
      id: 'indicator--b',
      pattern: "[process:name = 'x.exe']",
      pattern_type: 'stix',
    },
    { type: 'indicator', id: 'indicator--c', pattern: 'alert tcp any any', pattern_type: 'snort' },
    { type: 'indicator', id: 'indicator--d', pattern: "[ipv4-addr:value = '1.2.3.4'" },
    { type: 'malware', id: 'malware--x', name: 'ignored' },
  ],
};

describe('loadStixBundle', () => {
  it('loads indicators with validity, confidence, labels, kill chain and the most restrictive TLP', () => {
    const result = loadStixBundle(JSON.stringify(bundle), { source: 'feed.json' });
    expect(result.indicators).toEqual([
      {
        id: 'indicator--a',
        pattern: "[ipv4-addr:value = '198.51.100.7']",
        name: 'C2',
        confidence: 80,
        validFrom: Date.parse('2026-01-01T00:00:00Z'),
        validUntil: Date.parse('2026-02-01T00:00:00Z'),
        created: Date.parse('2026-01-01T00:00:00Z'),
        modified: Date.parse('2026-01-02T00:00:00Z'),
        labels: ['malicious-activity'],
        killChainPhases: [{ killChainName: 'mitre-attack', phaseName: 'command-and-control' }],
        tlp: 'AMBER STRICT',
        source: 'feed.json',
      },
    ]);
    expect(
      result.rejected.map((rejected) => [rejected.id, rejected.code, rejected.location]),
    ).toEqual([
      ['indicator--b', 'INTEL_PATTERN_UNSUPPORTED', 'feed.json objects[2]'],
      ['indicator--c', 'INTEL_PATTERN_UNSUPPORTED', 'feed.json objects[3]'],
      ['indicator--d', 'INTEL_PATTERN_SYNTAX', 'feed.json objects[4]'],
    ]);
  });

  it('reports JSON that does not parse', () => {
    expect(loadStixBundle('{', { source: 'x.json' }).rejected[0]).toMatchObject({
      code: 'INTEL_SOURCE_INVALID',
      location: 'x.json',
    });
  });
});

describe('loadMispContent', () => {
  it('loads IDS attributes of events and objects, with TLP from tags and deletions as revocations', () => {
    const event = {
      Event: {
        info: 'Phishing wave',
        threat_level_id: '1',
        Tag: [{ name: 'tlp:green' }, { name: 'campaign:x' }],
        Attribute: [
          {
            uuid: 'u1',
            type: 'ip-dst',
            category: 'Network activity',
            value: '203.0.113.9',
            to_ids: true,
            timestamp: '1767225600',
          },
          {
            uuid: 'u2',
            type: 'domain',
            value: 'bad.example',
            to_ids: true,
            Tag: [{ name: 'tlp:red' }],
          },
          { uuid: 'u3', type: 'filename|sha256', value: `x.exe|${'a'.repeat(64)}`, to_ids: true },
          { uuid: 'u4', type: 'email-src', value: 'p@bad.example', to_ids: false },
          { uuid: 'u5', type: 'regkey', value: 'HKLM\\x', to_ids: true },
          { uuid: 'u6', type: 'ip-src', value: 'not-an-ip', to_ids: true },
          { uuid: 'u7', type: 'url', value: 'http://bad.example/x', to_ids: true, deleted: true },
        ],
        Object: [
          {
            name: 'file',
            Attribute: [
              { uuid: 'u8', type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e', to_ids: '1' },
            ],
          },
        ],
      },
    };
    const result = loadMispContent(event, { source: 'misp.json' });
    expect(
      result.indicators.map((indicator) => [
        indicator.id,
        indicator.pattern,
        indicator.tlp,
        indicator.revoked ?? false,
      ]),
    ).toEqual([
      ['misp:u1', "[ipv4-addr:value = '203.0.113.9']", 'GREEN', false],
      ['misp:u2', "[domain-name:value = 'bad.example']", 'RED', false],
      ['misp:u3', `[file:hashes.'SHA-256' = '${'a'.repeat(64)}']`, 'GREEN', false],
      ['misp:u7', "[url:value = 'http://bad.example/x']", 'GREEN', true],
      ['misp:u8', "[file:hashes.'MD5' = 'd41d8cd98f00b204e9800998ecf8427e']", 'GREEN', false],
    ]);
    expect(result.indicators[0]).toMatchObject({
      modified: 1_767_225_600_000,
      severityId: 4,
      labels: ['Network activity', 'campaign:x'],
    });
    expect(result.rejected.map((rejected) => [rejected.id, rejected.code])).toEqual([
      ['misp:u4', 'INTEL_NOT_FOR_DETECTION'],
      ['misp:u5', 'INTEL_PATTERN_UNSUPPORTED'],
      ['misp:u6', 'INTEL_SOURCE_INVALID'],
    ]);
    expect(result.rejected[2]?.location).toBe('misp.json Event.Attribute[5]');
  });

  it('loads restSearch attribute responses and rejects unknown shapes', () => {
    const response = {
      response: {
        Attribute: [{ uuid: 'r1', type: 'hostname', value: 'c2.example', to_ids: true }],
      },
    };
    expect(loadMispContent(response).indicators[0]?.pattern).toBe(
      "[domain-name:value = 'c2.example']",
    );
    expect(loadMispContent({ nope: 1 }).rejected[0]?.code).toBe('INTEL_SOURCE_INVALID');
  });

  it('loads restSearch attributes that embed their Event summary, applying its threat level', () => {
    const attributes = [
      {
        uuid: 'a1',
        type: 'ip-dst',
        value: '198.51.100.9',
        to_ids: true,
        Event: { id: '7', info: 'Campaign', threat_level_id: '1' },
        Tag: [{ name: 'tlp:amber+strict' }],
      },
      { uuid: 'a2', type: 'domain', value: 'c2.example', to_ids: true, deleted: true, Event: {} },
    ];
    const result = loadMispContent(attributes);
    expect(result.rejected).toEqual([]);
    expect(result.indicators.map((indicator) => indicator.id)).toEqual(['misp:a1', 'misp:a2']);
    expect(result.indicators[0]).toMatchObject({
      tlp: 'AMBER STRICT',
      severityId: 4,
      source: 'misp event: Campaign',
    });
    expect(result.indicators[1]?.revoked).toBe(true);
  });
});

describe('list loaders', () => {
  it('loads a plain list, detecting kinds, skipping comments and reporting bad lines with file:line', () => {
    const text = [
      '# feed',
      '198.51.100.0/24',
      'evil.example  # c2',
      `${'b'.repeat(40)}`,
      'http://x.example/a',
      'a@b.example',
      '???',
      '',
    ].join('\n');
    const result = loadIndicatorList(text, { source: 'iocs.txt', confidence: 60 });
    expect(result.indicators.map((indicator) => indicator.pattern)).toEqual([
      "[ipv4-addr:value = '198.51.100.0/24']",
      "[domain-name:value = 'evil.example']",
      `[file:hashes.'SHA-1' = '${'b'.repeat(40)}']`,
      "[url:value = 'http://x.example/a']",
      "[email-addr:value = 'a@b.example']",
    ]);
    expect(result.indicators[0]).toMatchObject({
      id: 'iocs.txt:ip:198.51.100.0/24',
      confidence: 60,
    });
    expect(result.rejected).toEqual([
      expect.objectContaining({ input: '???', location: 'iocs.txt:7' }),
    ]);
  });

  it('loads CSV with typed columns, quoting and per-row errors', () => {
    const text = [
      'value,type,name,confidence,tlp,valid_until,labels',
      '"198.51.100.7",ipv4,"C2, primary",90,amber,2026-03-01T00:00:00Z,c2;apt',
      'evil.example,domain,,101,,,',
      'x.example,hash,,,,,',
      '2001:db8::5,,,,tlp:red,,',
      ',domain,,,,,',
    ].join('\n');
    const result = loadIndicatorCsv(text, { source: 'iocs.csv' });
    expect(result.indicators).toEqual([
      {
        id: 'iocs.csv:ip:198.51.100.7',
        pattern: "[ipv4-addr:value = '198.51.100.7']",
        source: 'iocs.csv',
        name: 'C2, primary',
        confidence: 90,
        tlp: 'AMBER',
        validUntil: Date.parse('2026-03-01T00:00:00Z'),
        labels: ['c2', 'apt'],
      },
      {
        id: 'iocs.csv:ip:2001:db8::5',
        pattern: "[ipv6-addr:value = '2001:db8::5']",
        source: 'iocs.csv',
        tlp: 'RED',
      },
    ]);
    expect(result.rejected.map((rejected) => [rejected.location, rejected.reason])).toEqual([
      ['iocs.csv:3', "confidence '101' is not a number from 0 to 100"],
      ['iocs.csv:4', "unknown indicator type 'hash'"],
      ['iocs.csv:6', 'empty value'],
    ]);
  });
});
