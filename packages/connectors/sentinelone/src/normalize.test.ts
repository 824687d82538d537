import { describeGolden } from '@openmdr/connector-kit/testing';
import { describe, expect, it } from 'vitest';
import {
  normalizeSentinelOneAgent,
  normalizeSentinelOneThreat,
  sentineloneNormalizeSources,
} from './index.js';
import { sentineloneFixtures } from './simulator.test-helpers.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);

describe('SentinelOne threats → Detection Finding', () => {
  describeGolden(fixtures, 'threats', (record) => normalizeSentinelOneThreat(record));

  it('maps confidence, mitigation, verdict and the MITRE indicators', () => {
    const event = normalizeSentinelOneThreat(sentineloneFixtures('threats')[2]);
    expect(event).toMatchObject({
      severity_id: 4,
      confidence_id: 3,
      status_id: 2,
      verdict_id: 2,
      disposition_id: 9,
      device: { hostname: 'WS-HR-002', type_id: 2, os: { type_id: 100 } },
    });
    expect(event.finding_info.attacks?.map((attack) => attack.technique?.uid)).toEqual([
      'T1486',
      'T1490',
    ]);
    expect(event.evidences?.[0]?.file?.name).toBe('locker.exe');
  });

  it('ignores non-MITRE tactics and keeps unknown verdicts as text', () => {
    const events = sentineloneFixtures('threats').map((record) =>
      normalizeSentinelOneThreat(record),
    );
    expect(events[9]?.finding_info.attacks).toHaveLength(1);
    expect(events[11]).toMatchObject({ verdict_id: 99, verdict: 'pending_review' });
  });

  it('rejects a threat without id, naming the field', () => {
    expect(() => normalizeSentinelOneThreat({ threatInfo: {} })).toThrow(/^id is missing/);
    expect(() => normalizeSentinelOneThreat({ id: '1', threatInfo: {} })).toThrow(
      /threatInfo\.updatedAt is missing/,
    );
  });
});

describe('SentinelOne agents → Device Inventory Info', () => {
  describeGolden(fixtures, 'agents', (record) => normalizeSentinelOneAgent(record));

  it('maps the agent, its site and network status', () => {
    const event = normalizeSentinelOneAgent(sentineloneFixtures('agents')[2]);
    expect(event).toMatchObject({
      status_detail: 'network: disconnected',
      device: {
        hostname: 'mbp-eng-203',
        type_id: 3,
        org: { name: 'Customer A - HQ' },
        os: { type_id: 300 },
      },
    });
  });
});

describe('SentinelOne normalize sources', () => {
  it('tells threats and agents apart under the connector id alone', () => {
    const any = sentineloneNormalizeSources.find((source) => source.id === 'sentinelone');
    expect(any?.normalize(sentineloneFixtures('threats')[0]).class_uid).toBe(2004);
    expect(any?.normalize(sentineloneFixtures('agents')[0]).class_uid).toBe(5001);
    expect(() => any?.normalize([])).toThrow(/none of the SentinelOne record shapes/);
  });
});
