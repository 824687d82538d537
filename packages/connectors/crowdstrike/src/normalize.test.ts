import { describeGolden } from '@openmdr/connector-kit/testing';
import { OpenMdrError } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { falconFixtures } from './falcon-simulator.test-helpers.js';
import {
  crowdstrikeNormalizeSources,
  normalizeCrowdStrikeAlert,
  normalizeCrowdStrikeHost,
} from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);

describe('CrowdStrike alerts → Detection Finding', () => {
  describeGolden(fixtures, 'alerts', (record) => normalizeCrowdStrikeAlert(record));

  it('maps severity, confidence, status, ATT&CK and the triggering process', () => {
    const [alert] = falconFixtures('alerts');
    const event = normalizeCrowdStrikeAlert(alert);
    expect(event).toMatchObject({
      class_uid: 2004,
      severity_id: 4,
      confidence_id: 3,
      status_id: 1,
      finding_info: {
        uid: alert?.['composite_id'],
        attacks: [
          {
            tactic: { uid: 'TA0002', name: 'Execution' },
            technique: { uid: 'T1059' },
            sub_technique: { uid: 'T1059.001', name: 'PowerShell' },
          },
        ],
      },
      device: { hostname: 'WS-FIN-014', os: { type_id: 100 } },
    });
    const process = event.evidences?.[0]?.process;
    expect(process?.name).toBe('powershell.exe');
    expect(process?.parent_process?.name).toBe('winword.exe');
    expect(process?.user?.name).toBe('jdoe');
    expect(event.unmapped?.['cid']).toBe('0123456789abcdef0123456789abcdef');
  });

  it('derives severity from the score when severity_name is absent', () => {
    const event = normalizeCrowdStrikeAlert({
      composite_id: 'x:ind:y:z',
      updated_timestamp: '2026-03-01T00:00:00Z',
      severity: 92,
    });
    expect(event.severity_id).toBe(5);
  });

  it('rejects a record without composite_id with a typed error naming the field', () => {
    const error = (() => {
      try {
        normalizeCrowdStrikeAlert({ updated_timestamp: '2026-03-01T00:00:00Z' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(OpenMdrError.isInstance(error)).toBe(true);
    expect((error as OpenMdrError).code).toBe('NORMALIZE_FAILED');
    expect((error as OpenMdrError).details).toMatchObject({ path: 'composite_id' });
  });

  it('rejects unparseable timestamps and non-objects without crashing', () => {
    expect(() =>
      normalizeCrowdStrikeAlert({ composite_id: 'a', updated_timestamp: 'yesterday' }),
    ).toThrow(/updated_timestamp is not a date-time/);
    for (const bad of [null, 42, 'text', []]) {
      expect(() => normalizeCrowdStrikeAlert(bad)).toThrow(/expected a JSON object/);
    }
  });

  it('keeps the raw record when asked', () => {
    const [alert] = falconFixtures('alerts');
    const event = normalizeCrowdStrikeAlert(alert, { includeRawData: true });
    expect(JSON.parse(String(event.raw_data))).toEqual(alert);
  });
});

describe('CrowdStrike hosts → Device Inventory Info', () => {
  describeGolden(fixtures, 'hosts', (record) => normalizeCrowdStrikeHost(record));

  it('maps the device, its sensor and containment state', () => {
    const host = falconFixtures('hosts')[2];
    const event = normalizeCrowdStrikeHost(host);
    expect(event).toMatchObject({
      class_uid: 5001,
      activity_id: 2,
      status_detail: 'containment: contained',
      device: {
        uid: host?.['device_id'],
        hostname: 'MBP-ENG-203',
        type_id: 3,
        os: { type_id: 300 },
        agent_list: [{ vendor_name: 'CrowdStrike', type_id: 1 }],
      },
    });
  });

  it('rejects a host without device_id', () => {
    expect(() => normalizeCrowdStrikeHost({ hostname: 'x' })).toThrow(/device_id is missing/);
  });
});

describe('CrowdStrike normalize sources', () => {
  const byId = (id: string) => {
    const source = crowdstrikeNormalizeSources.find((candidate) => candidate.id === id);
    if (!source) throw new Error(id);
    return source;
  };

  it('offers one source per stream and crowdstrike for any of them', () => {
    expect(crowdstrikeNormalizeSources.map((source) => source.id)).toEqual([
      'crowdstrike/alerts',
      'crowdstrike/hosts',
      'crowdstrike/event-stream',
      'crowdstrike/fdr',
      'crowdstrike',
    ]);
  });

  it('tells alerts and hosts apart by shape under the connector id alone', () => {
    const any = byId('crowdstrike');
    expect(any.normalize(falconFixtures('alerts')[3]).class_uid).toBe(2004);
    expect(any.normalize(falconFixtures('hosts')[3]).class_uid).toBe(5001);
    expect(() => any.normalize({ something: 'else' })).toThrow(
      /none of the CrowdStrike Falcon record shapes/,
    );
  });
});
