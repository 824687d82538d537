import { readFileSync } from 'node:fs';
import { NormalizationError } from '@openmdr/connector-kit';
import { describeGolden } from '@openmdr/connector-kit/testing';
import { OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { huntingUid, isAdvancedHuntingRecord, readHuntingRecord } from './hunting-record.js';
import { normalizeDefenderHuntingRecord } from './normalize-hunting.js';
import { defenderNormalizeSources } from './normalize-sources.js';

type Fixture = Record<string, unknown>;
const fixtures = new URL('./__fixtures__/', import.meta.url);
const records = JSON.parse(
  readFileSync(new URL('hunting-records.json', fixtures), 'utf8'),
) as Fixture[];
const of = (table: string, index = 0) =>
  records.filter((record) => record['category'] === `AdvancedHunting-${table}`)[index] as Fixture;
const normalize = (record: unknown) => normalizeDefenderHuntingRecord(record) as Fixture;

describe('Defender XDR Advanced Hunting streaming records → OCSF', () => {
  describeGolden(fixtures, 'hunting-records', (record) => normalizeDefenderHuntingRecord(record));

  it('map each main table to its OCSF class', () => {
    const classes = Object.fromEntries(
      records.map((record) => [
        String(record['category']).replace('AdvancedHunting-', ''),
        normalize(record)['class_uid'],
      ]),
    );
    expect(classes).toMatchObject({
      DeviceNetworkEvents: 4001,
      DeviceFileEvents: 1001,
      DeviceLogonEvents: 3002,
      IdentityLogonEvents: 3002,
      DeviceImageLoadEvents: 1005,
      AlertInfo: 2004,
      AlertEvidence: 2004,
      EmailEvents: 4009,
      DeviceEvents: 0,
      DeviceInfo: 0,
    });
    expect(normalize(of('DeviceProcessEvents'))['class_uid']).toBe(1007);
    expect(normalize(of('DeviceRegistryEvents', 0))['class_uid']).toBe(201002);
    expect(normalize(of('DeviceRegistryEvents', 1))['class_uid']).toBe(201001);
  });

  it('map a process creation: the new process, its parent as the actor, the device', () => {
    expect(normalize(of('DeviceProcessEvents'))).toMatchObject({
      activity_id: 1,
      device: {
        uid: '4b7c2e1d9a0f3e5c6b8a7d1e2f3a4b5c6d7e8f90',
        hostname: 'ws-fin-014.corp.example.com',
      },
      process: {
        pid: 8812,
        cmd_line: 'rundll32.exe C:\\Users\\Public\\update.dll,Start',
        file: { name: 'rundll32.exe', path: 'C:\\Windows\\System32\\rundll32.exe' },
        integrity_id: 3,
        user: { name: 'adele.vance', domain: 'corp' },
        parent_process: { pid: 7344, file: { name: 'powershell.exe' } },
      },
      actor: { process: { pid: 7344, parent_process: { pid: 4120 } } },
      metadata: {
        uid: 'DeviceProcessEvents:4b7c2e1d9a0f3e5c6b8a7d1e2f3a4b5c6d7e8f90:4824',
        tenant_uid: '3f2a9c1e-7b4d-4e8f-a1b2-c3d4e5f60718',
        event_code: 'ProcessCreated',
        product: { name: 'Microsoft Defender for Endpoint' },
      },
    });
  });

  it('map connections by direction: inbound swaps the endpoints, inspections are traffic', () => {
    expect(normalize(of('DeviceNetworkEvents', 0))).toMatchObject({
      activity_id: 1,
      src_endpoint: { ip: '192.0.2.15', port: 50258 },
      dst_endpoint: { ip: '203.0.113.80', port: 443, hostname: 'updates.example.net' },
      connection_info: { direction_id: 2, protocol_name: 'tcp' },
    });
    expect(normalize(of('DeviceNetworkEvents', 1))).toMatchObject({ activity_id: 4, status_id: 2 });
    expect(normalize(of('DeviceNetworkEvents', 2))).toMatchObject({
      src_endpoint: { ip: '2001:db8:ffff::7' },
      dst_endpoint: { ip: '2001:db8::15', port: 3389 },
      connection_info: { direction_id: 1, protocol_name: 'tcp' },
    });
    const dns = normalize(of('DeviceNetworkEvents', 3));
    expect(dns).toMatchObject({
      activity_id: 6,
      metadata: { event_code: 'DnsConnectionInspected' },
    });
    expect(dns['actor']).toBeUndefined();
    expect(dns['unmapped']).toMatchObject({ additionalFields: { query: 'updates.example.net' } });
  });

  it('map a rename with the old file and the new one, and a folder-only FolderPath', () => {
    expect(normalize(of('DeviceFileEvents', 1))).toMatchObject({
      activity_id: 5,
      file: { name: 'Q1-budget.xlsx' },
      file_result: { name: 'Q1-budget.xlsx.locked' },
      actor: { user: { name: 'svc-backup', domain: 'corp' } },
      unmapped: { requestSource: { ip: '192.0.2.44', port: 49731 }, requestProtocol: 'SMB' },
    });
    const evidence = normalize(of('AlertEvidence', 0))['evidences'] as Fixture[];
    expect(evidence[0]).toMatchObject({
      file: { name: 'update.dll', path: 'C:\\Users\\Public\\update.dll' },
    });
  });

  it('map logons: result, failure reason, logon type, protocol, remote source', () => {
    expect(normalize(of('DeviceLogonEvents', 0))).toMatchObject({
      status_id: 2,
      status_detail: 'InvalidUserNameOrPassword',
      user: { name: 'administrator' },
      logon_type_id: 3,
      auth_protocol_id: 1,
      src_endpoint: { ip: '198.51.100.23' },
    });
    expect(normalize(of('DeviceLogonEvents', 1))).toMatchObject({
      status_id: 1,
      logon_type_id: 10,
      auth_protocol_id: 99,
      auth_protocol: 'Negotiate',
      is_remote: true,
    });
    const local = normalize(of('DeviceLogonEvents', 2));
    expect(local).toMatchObject({
      status_id: 1,
      logon_type_id: 2,
      user: { name: 'megan', domain: 'mbp-042' },
      actor: { process: { pid: 542, parent_process: { pid: 1 } } },
    });
    // An empty RemoteIP and a truncated AdditionalFields read as absent; the row is kept.
    expect(local['src_endpoint']).toBeUndefined();
    expect(local['unmapped']).not.toHaveProperty('additionalFields');
    expect(normalize(of('IdentityLogonEvents'))).toMatchObject({
      user: { name: 'megan.bowen', email_addr: 'megan.bowen@example.com' },
      dst_endpoint: { ip: '192.0.2.10', port: 88, hostname: 'dc01.corp.example.com' },
      auth_protocol_id: 2,
      service: { name: 'Active Directory' },
    });
  });

  it('map registry values with their type and previous data, and keys', () => {
    expect(normalize(of('DeviceRegistryEvents', 0))).toMatchObject({
      activity_id: 2,
      reg_value: { name: 'Updater', type_id: 10, data: expect.stringContaining('update.dll') },
    });
    expect(normalize(of('DeviceRegistryEvents', 2))).toMatchObject({
      activity_id: 4,
      prev_reg_value: { name: 'DisableAntiSpyware', data: '0' },
    });
  });

  it('map alerts with ATT&CK techniques from AttackTechniques, and evidence rows as updates', () => {
    const info = normalize(of('AlertInfo', 0));
    expect(info).toMatchObject({
      activity_id: 1,
      severity_id: 3,
      finding_info: {
        uid: 'da638034938542563831_172489803',
        title: 'Suspicious Run key registration',
        types: ['Persistence'],
      },
    });
    expect((info['finding_info'] as Fixture)['attacks']).toEqual([
      {
        tactic: { uid: 'TA0003', name: 'Persistence' },
        technique: { uid: 'T1547', name: 'Boot or Logon Autostart Execution' },
      },
      {
        tactic: { uid: 'TA0003', name: 'Persistence' },
        technique: { uid: 'T1547' },
        sub_technique: { uid: 'T1547.001', name: 'Registry Run Keys / Startup Folder' },
      },
    ]);
    expect(normalize(of('AlertInfo', 1))).toMatchObject({
      severity_id: 4,
      metadata: { product: { name: 'Microsoft Defender for Office 365' } },
    });
    expect(normalize(of('AlertEvidence', 1))).toMatchObject({
      activity_id: 2,
      evidences: [{ dst_endpoint: { ip: '203.0.113.80' }, name: 'Ip' }],
    });
    expect(normalize(of('AlertEvidence', 2))).toMatchObject({
      evidences: [
        { user: { name: 'adele.vance', uid: 'S-1-5-21-1004336348-1177238915-682003330-1104' } },
      ],
    });
  });

  it('map email: direction, sender, recipient, delivery action', () => {
    expect(normalize(of('EmailEvents', 0))).toMatchObject({
      activity_id: 2,
      direction_id: 1,
      email: {
        from: 'helpdesk@example.org',
        to: ['adele.vance@example.com'],
        subject: 'Password expires today',
        smtp_from: 'bounce@mail.example.org',
      },
      src_endpoint: { ip: '198.51.100.200' },
      disposition_id: 2,
      severity_id: 3,
    });
    expect(normalize(of('EmailEvents', 1))).toMatchObject({ direction_id: 3, disposition_id: 1 });
  });

  it('keep unknown tables and rows a class cannot hold as Base Events with the row', () => {
    for (const record of [of('DeviceEvents'), of('DeviceInfo')]) {
      const event = normalize(record);
      expect(event['class_uid']).toBe(0);
      expect(event['unmapped']).toMatchObject({ properties: record['properties'] });
    }
    const noPid = records.at(-1) as Fixture;
    const event = normalize(noPid);
    expect(event['class_uid']).toBe(0);
    expect((event['metadata'] as Fixture)['debug']).toEqual([
      expect.stringMatching(/DeviceProcessEvents row kept as a Base Event/),
    ]);
  });

  it('read a category in another letter case as the same table', () => {
    const record = of('DeviceProcessEvents');
    const lower = { ...record, category: 'advancedhunting-deviceprocessevents' };
    expect(normalize(lower)['class_uid']).toBe(1007);
    expect(normalize(lower)['process']).toEqual(normalize(record)['process']);
  });

  it('never crash: any one column removed or retyped normalises or fails typed', () => {
    for (const record of records) {
      const properties = record['properties'] as Fixture;
      for (const key of Object.keys(properties)) {
        for (const replacement of [undefined, 7, -1, 'text', [null], null, {}]) {
          const copy = structuredClone(record);
          const row = copy['properties'] as Fixture;
          if (replacement === undefined) delete row[key];
          else row[key] = replacement;
          try {
            const event = normalizeDefenderHuntingRecord(copy);
            expect(validateOcsfEvent(event, { mode: 'strict' }).errors, key).toEqual([]);
          } catch (error) {
            expect(OpenMdrError.isInstance(error), `${key}: ${String(error)}`).toBe(true);
            expect((error as NormalizationError).path).toMatch(/^properties\./);
          }
        }
      }
    }
  });

  it('reject a record that is not a streaming API record, naming the field', () => {
    expect(() =>
      normalizeDefenderHuntingRecord({ category: 'SignInLogs', properties: {} }),
    ).toThrow(NormalizationError);
    expect(isAdvancedHuntingRecord({ category: 'AdvancedHunting-X' })).toBe(false);
    try {
      readHuntingRecord({
        category: 'AdvancedHunting-DeviceEvents',
        properties: { Timestamp: 'soon' },
      });
      expect.unreachable();
    } catch (error) {
      expect((error as NormalizationError).path).toBe('properties.Timestamp');
    }
  });

  it('give every fixture row a distinct, stable uid', () => {
    const uids = records.map((record) => huntingUid(readHuntingRecord(record)));
    expect(new Set(uids).size).toBe(records.length);
    expect(uids).toEqual(
      records.map((record) => huntingUid(readHuntingRecord(structuredClone(record)))),
    );
  });

  it('are picked by defender/hunting and by defender', () => {
    const any = defenderNormalizeSources.find((source) => source.id === 'defender');
    const own = defenderNormalizeSources.find((source) => source.id === 'defender/hunting');
    for (const record of records) {
      expect(own?.matches(record)).toBe(true);
      expect(any?.normalize(record)).toEqual(normalizeDefenderHuntingRecord(record));
    }
  });
});
