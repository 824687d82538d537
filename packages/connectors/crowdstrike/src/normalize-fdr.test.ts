import { readFileSync } from 'node:fs';
import { describeGolden } from '@openmdr/connector-kit/testing';
import { OpenMdrError } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { crowdstrikeNormalizeSources, normalizeCrowdStrikeFdrEvent } from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
type Rec = Record<string, unknown>;
const records = JSON.parse(readFileSync(new URL('fdr-events.json', fixtures), 'utf8')) as Rec[];
const byName = (name: string, nth = 0) =>
  records.filter((record) => record['event_simpleName'] === name)[nth];
// biome-ignore lint/suspicious/noExplicitAny: assertions walk the built events freely
type Loose = Record<string, any>;
const normalize = (record: unknown) => normalizeCrowdStrikeFdrEvent(record) as unknown as Loose;

function errorOf(run: () => unknown): OpenMdrError {
  try {
    run();
  } catch (caught) {
    if (OpenMdrError.isInstance(caught)) return caught;
    throw caught;
  }
  throw new Error('no error');
}

describe('CrowdStrike Falcon Data Replicator → OCSF', () => {
  describeGolden(fixtures, 'fdr-events', (record) => normalizeCrowdStrikeFdrEvent(record));

  it('maps ProcessRollup2 to a launched process with its parent, user and hashes', () => {
    const event = normalize(byName('ProcessRollup2'));
    expect(event).toMatchObject({
      class_uid: 1007,
      activity_id: 1,
      time: 1697775225712,
      device: {
        uid: '4c2e0a1b2c3d4e5f60718293a4b5c6d7',
        hostname: 'WS-FIN-014',
        os: { type_id: 100 },
      },
      process: {
        uid: '289748810026',
        pid: 7284,
        name: 'cmd.exe',
        cmd_line: '"C:\\Windows\\system32\\cmd.exe" /c whoami /all',
        user: { name: 'jdoe', uid: 'S-1-5-21-3623811015-3361044348-30300820-1604' },
        parent_process: { uid: '289741187433', name: 'explorer.exe' },
      },
      actor: { process: { uid: '289741187433' } },
      metadata: { event_code: 'ProcessRollup2', logged_time: 1697775225961 },
    });
    // the all-zero SHA-1 Falcon writes for "not computed" is dropped
    expect(event['process'].file.hashes.map((hash: Rec) => hash['algorithm'])).toEqual([
      'MD5',
      'SHA-256',
    ]);
    expect(event['unmapped']).toMatchObject({ aip: '198.51.100.10', IntegrityLevel: '8192' });
  });

  it('maps process end and injection', () => {
    expect(normalize(byName('EndOfProcess'))).toMatchObject({ activity_id: 2, exit_code: 0 });
    expect(normalize(byName('DllInjection'))).toMatchObject({
      activity_id: 4,
      module: { file: { name: 'payload.dll' } },
    });
  });

  it('orients network connections by ConnectionDirection', () => {
    expect(normalize(byName('NetworkConnectIP4'))).toMatchObject({
      class_uid: 4001,
      activity_id: 1,
      src_endpoint: { ip: '10.20.0.14', port: 59926 },
      dst_endpoint: { ip: '203.0.113.14', port: 80 },
      connection_info: { protocol_name: 'tcp', direction_id: 2 },
    });
    expect(normalize(byName('NetworkReceiveAcceptIP4'))).toMatchObject({
      src_endpoint: { ip: '192.0.2.77', port: 51514 },
      dst_endpoint: { ip: '10.20.0.14', port: 22 },
      connection_info: { direction_id: 1 },
    });
    expect(normalize(byName('NetworkListenIP4'))['activity_id']).toBe(7);
    expect(normalize(byName('RawBindIP6'))).toMatchObject({
      activity_id: 99,
      activity_name: 'RawBind',
    });
    // an IPv6 connect event carrying an IPv4 remote address (seen in real FDR data)
    expect(normalize(byName('NetworkConnectIP6'))['dst_endpoint']).toEqual({
      ip: '127.0.0.1',
      port: 50626,
    });
  });

  it('maps DNS requests with their type and answers', () => {
    expect(normalize(byName('DnsRequest', 1))).toMatchObject({
      class_uid: 4003,
      query: { hostname: 'update.example.net', type: 'A' },
      answers: [{ rdata: '192.0.2.10' }, { rdata: '192.0.2.11' }],
      rcode_id: 0,
    });
    expect(normalize(byName('DnsRequest'))['query']).toEqual({
      hostname: 'jss.corp.example.com',
      type: 'AAAA',
    });
  });

  it('maps logons, failed logons and logoffs', () => {
    expect(normalize(byName('UserLogon'))).toMatchObject({
      class_uid: 3002,
      activity_id: 1,
      status_id: 1,
      logon_type_id: 10,
      is_remote: true,
      user: { name: 'jdoe', domain: 'CORP', email_addr: 'jdoe@corp.example.com' },
      src_endpoint: { ip: '10.0.5.21', hostname: 'JUMP-01' },
    });
    expect(normalize(byName('UserLogonFailed2'))).toMatchObject({
      status_id: 2,
      status_code: '3221225572',
      logon_type_id: 3,
      src_endpoint: { ip: '203.0.113.99' },
    });
    expect(normalize(byName('UserLogoff'))).toMatchObject({
      activity_id: 2,
      auth_protocol_id: 2,
      time: 1745989529811,
    });
  });

  it('maps file writes, renames and directories', () => {
    expect(normalize(byName('NewExecutableWritten'))).toMatchObject({
      class_uid: 1001,
      activity_id: 1,
      file: { name: 'invoice.exe', type_id: 8, size: 100488 },
    });
    expect(normalize(byName('FileRenameInfo'))).toMatchObject({
      activity_id: 5,
      file: { name: 'report.docx' },
      file_result: { name: 'report.docx.locked' },
    });
    expect(normalize(byName('DirectoryCreate'))['file'].type_id).toBe(2);
  });

  it('maps module loads, driver loads and registry changes', () => {
    expect(normalize(byName('ImageHash'))).toMatchObject({
      class_uid: 1005,
      module: { file: { name: 'ntdll.dll' }, load_type_id: 1 },
    });
    expect(normalize(byName('DriverLoad'))).toMatchObject({
      class_uid: 1002,
      driver: { file: { name: 'rtcore64.sys' } },
    });
    expect(normalize(byName('AsepValueUpdate'))).toMatchObject({
      class_uid: 201002,
      activity_id: 2,
      reg_value: {
        path: '\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater',
        name: 'Updater',
        type_id: 10,
      },
    });
    expect(normalize(byName('AsepKeyUpdate'))).toMatchObject({ class_uid: 201001, activity_id: 3 });
  });

  it('maps an aidmaster record to Device Inventory Info and keeps other events as Base Event', () => {
    const aidmaster = records.find((record) => record['event_simpleName'] === undefined);
    expect(normalize(aidmaster)).toMatchObject({
      class_uid: 5001,
      device: {
        uid: '4c2e0a1b2c3d4e5f60718293a4b5c6d7',
        hostname: 'WS-FIN-014',
        type_id: 3,
        os: { name: 'Windows 11', type_id: 100 },
        model: 'Latitude 5440',
        agent_list: [{ version: '7.01.13922.0' }],
      },
      time: 1697775300000,
    });
    expect(normalize(byName('SensorHeartbeat'))).toMatchObject({
      class_uid: 0,
      activity_name: 'SensorHeartbeat',
      unmapped: { NetworkContainmentState: '0' },
    });
    expect(normalize({ cid: 'c', MAC: '00-11-22-33-44-55', Time: '1697775300.000' })).toMatchObject(
      { class_uid: 0, activity_name: 'fdr_secondary' },
    );
  });

  it('rejects records it cannot use with a typed error naming the field', () => {
    expect(errorOf(() => normalizeCrowdStrikeFdrEvent({ aip: '1.2.3.4' })).details).toMatchObject({
      path: 'event_simpleName',
    });
    expect(
      errorOf(() => normalizeCrowdStrikeFdrEvent({ event_simpleName: 'ProcessRollup2', aid: 'a' }))
        .details,
    ).toMatchObject({ path: 'timestamp' });
    expect(() => normalizeCrowdStrikeFdrEvent('not json')).toThrow(/JSON object/);
  });

  it('keeps a known event whose fields do not fill its class as Base Event, with the reason', () => {
    expect(
      normalize({ event_simpleName: 'DnsRequest', aid: 'a1', timestamp: '1625677476111' }),
    ).toMatchObject({
      class_uid: 0,
      activity_name: 'DnsRequest',
      status_detail: expect.stringMatching(/DomainName/),
      time: 1625677476111,
    });
  });

  it('is picked by shape under the connector id', () => {
    const any = crowdstrikeNormalizeSources.find((source) => source.id === 'crowdstrike');
    expect(any?.normalize(byName('UserLogon')).class_uid).toBe(3002);
    expect(any?.normalize(records.at(-1)).class_uid).toBe(5001);
  });
});
