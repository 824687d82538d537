import { describeGolden } from '@openmdr/connector-kit/testing';
import { OpenMdrError } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { defenderFixtures } from './defender-simulator.test-helpers.js';
import {
  defenderNormalizeSources,
  normalizeDefenderEndpointAlert,
  normalizeDefenderGraphAlert,
  normalizeDefenderIncident,
  normalizeDefenderMachine,
} from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);

describe('Defender for Endpoint alerts → Detection Finding', () => {
  describeGolden(fixtures, 'endpoint-alerts', (record) => normalizeDefenderEndpointAlert(record));

  it('maps category and techniques to ATT&CK, evidence to processes, files, users', () => {
    const event = normalizeDefenderEndpointAlert(defenderFixtures('endpoint-alerts')[1]);
    expect(event.finding_info.attacks).toEqual([
      {
        tactic: { uid: 'TA0006', name: 'Credential Access' },
        technique: { uid: 'T1003' },
        sub_technique: { uid: 'T1003.001' },
      },
    ]);
    expect(event.evidences?.map((evidence) => Object.keys(evidence).sort())).toEqual([
      ['user'],
      ['process'],
    ]);
    expect(event.evidences?.[1]?.process?.parent_process?.name).toBe('cmd.exe');
  });

  it('maps the classification to a verdict', () => {
    const events = defenderFixtures('endpoint-alerts').map((record) =>
      normalizeDefenderEndpointAlert(record),
    );
    expect(events[2]?.verdict_id).toBe(2);
    expect(events[5]?.verdict_id).toBe(1);
    expect(events[7]?.verdict_id).toBe(5);
  });

  it('rejects a record without id with a typed error naming the field', () => {
    try {
      normalizeDefenderEndpointAlert({ lastUpdateTime: '2026-04-01T00:00:00Z' });
      expect.unreachable();
    } catch (error) {
      expect(OpenMdrError.isInstance(error)).toBe(true);
      expect((error as OpenMdrError).details).toMatchObject({ path: 'id' });
    }
  });
});

describe('Defender XDR alerts → Detection Finding', () => {
  describeGolden(fixtures, 'xdr-alerts', (record) => normalizeDefenderGraphAlert(record));

  it('keeps the portal link, the recommended actions and the device evidence', () => {
    const record = defenderFixtures('xdr-alerts')[0];
    const event = normalizeDefenderGraphAlert(record);
    expect(event.finding_info.src_url).toBe(record?.['alertWebUrl']);
    expect(event.remediation?.desc).toMatch(/Isolate the device/);
    expect(event.device?.hostname).toBe('ws-fin-014.corp.example.com');
  });

  it('keeps evidence of types it does not know in evidence data', () => {
    const event = normalizeDefenderGraphAlert(defenderFixtures('xdr-alerts')[11]);
    expect(
      event.evidences?.find((evidence) => evidence.name === 'oauthApplication')?.data,
    ).toMatchObject({
      displayName: 'Mail Sync Helper',
    });
  });
});

describe('Defender XDR incidents → Incident Finding', () => {
  describeGolden(fixtures, 'incidents', (record) => normalizeDefenderIncident(record));

  it('lists the incident alerts as finding infos and names an assignee group when unassigned', () => {
    const events = defenderFixtures('incidents').map((record) => normalizeDefenderIncident(record));
    expect(events[0]?.finding_info_list.length).toBe(2);
    expect(events[0]?.assignee_group?.name).toBe('Unassigned');
    expect(events[1]?.assignee?.email_addr).toBe('analyst1@mssp.example.net');
  });
});

describe('Defender machines → Device Inventory Info', () => {
  describeGolden(fixtures, 'machines', (record) => normalizeDefenderMachine(record));

  it('maps interfaces, group and risk', () => {
    const event = normalizeDefenderMachine(defenderFixtures('machines')[2]);
    expect(event.device.network_interfaces?.[0]?.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(event.device.groups?.[0]?.name).toBe('Mac-Fleet');
  });
});

describe('Defender normalize sources', () => {
  it('tells the four record shapes apart under the connector id alone', () => {
    const any = defenderNormalizeSources.find((source) => source.id === 'defender');
    expect(any).toBeDefined();
    const classes = ['endpoint-alerts', 'machines', 'xdr-alerts', 'incidents'].map(
      (name) => any?.normalize(defenderFixtures(name)[3]).class_uid,
    );
    expect(classes).toEqual([2004, 5001, 2004, 2005]);
    expect(() => any?.normalize({ unrelated: true })).toThrow(
      /none of the Microsoft Defender record shapes/,
    );
  });
});
