import { describe, expect, it } from 'vitest';
import { logsourceApplies } from '../field-access.js';
import { ocsfFieldGetter, ocsfFieldMapping } from './ocsf-field-mapping.js';

const processLaunch = {
  class_uid: 1007,
  activity_id: 1,
  metadata: {
    log_name: 'Microsoft-Windows-Sysmon/Operational',
    log_provider: 'Microsoft-Windows-Sysmon',
    event_code: '1',
  },
  device: { hostname: 'ws1', os: { type_id: 100 } },
  process: {
    pid: 3412,
    cmd_line: 'cmd.exe /c whoami',
    file: {
      path: 'C:\\Windows\\System32\\cmd.exe',
      name: 'cmd.exe',
      hashes: [
        { algorithm_id: 1, algorithm: 'MD5', value: 'AA' },
        { algorithm_id: 18, algorithm: 'Imphash', value: 'BB' },
      ],
    },
    user: { name: 'SYSTEM', domain: 'NT AUTHORITY' },
    integrity: 'System',
    parent_process: { pid: 1, file: { path: 'C:\\Temp\\node.exe' } },
  },
  unmapped: { OriginalFileName: 'Cmd.Exe' },
};

const read = (field: string, event: unknown) => ocsfFieldGetter(field)(event);

describe('ocsfFieldMapping: fields', () => {
  it('reads Sigma Image as the full path, never the process name', () => {
    expect(read('Image', processLaunch)).toBe('C:\\Windows\\System32\\cmd.exe');
    expect(read('ParentImage', processLaunch)).toBe('C:\\Temp\\node.exe');
    expect(read('CommandLine', processLaunch)).toBe('cmd.exe /c whoami');
    expect(read('IntegrityLevel', processLaunch)).toBe('System');
  });

  it('writes users back as DOMAIN\\name and hashes back in Sysmon form', () => {
    expect(read('User', processLaunch)).toBe('NT AUTHORITY\\SYSTEM');
    expect(read('Hashes', processLaunch)).toBe('MD5=AA,IMPHASH=BB');
    expect(read('md5', processLaunch)).toBe('AA');
    expect(read('Imphash', processLaunch)).toBe('BB');
    expect(read('sha256', processLaunch)).toBeUndefined();
  });

  it('answers the System fields and falls back to unmapped', () => {
    expect(read('EventID', processLaunch)).toBe(1);
    expect(read('Channel', processLaunch)).toBe('Microsoft-Windows-Sysmon/Operational');
    expect(read('Computer', processLaunch)).toBe('ws1');
    expect(read('OriginalFileName', processLaunch)).toBe('Cmd.Exe');
    expect(read('NoSuchField', processLaunch)).toBeUndefined();
  });

  it('reads the acting process where the class has no process (image load, file, registry)', () => {
    const imageLoad = {
      class_uid: 1005,
      activity_id: 1,
      actor: {
        process: { pid: 1, file: { path: 'C:\\a.exe' } },
        user: { name: 'bob', domain: 'D' },
      },
      module: { file: { path: 'C:\\b.dll' } },
    };
    expect(read('Image', imageLoad)).toBe('C:\\a.exe');
    expect(read('ImageLoaded', imageLoad)).toBe('C:\\b.dll');
    expect(read('User', imageLoad)).toBe('D\\bob');
    const registrySet = {
      class_uid: 201002,
      activity_id: 2,
      actor: { process: { pid: 1, file: { path: 'C:\\r.exe' } } },
      reg_value: { path: 'HKLM\\Run', name: 'evil', data: 'C:\\evil.exe' },
    };
    expect(read('TargetObject', registrySet)).toBe('HKLM\\Run\\evil');
    expect(read('Details', registrySet)).toBe('C:\\evil.exe');
    expect(read('EventType', registrySet)).toBe('SetValue');
    expect(read('Image', registrySet)).toBe('C:\\r.exe');
  });

  it('reads process access as source acting on target, GrantedAccess in hex', () => {
    const access = {
      class_uid: 1007,
      activity_id: 3,
      actor: { process: { pid: 296, file: { path: 'C:\\dump.exe' } } },
      process: { pid: 860, file: { path: 'C:\\Windows\\System32\\lsass.exe' } },
      requested_permissions: 0x1fffff,
    };
    expect(read('SourceImage', access)).toBe('C:\\dump.exe');
    expect(read('TargetImage', access)).toBe('C:\\Windows\\System32\\lsass.exe');
    expect(read('GrantedAccess', access)).toBe('0x1fffff');
  });

  it('reads network and authentication fields', () => {
    const connection = {
      class_uid: 4001,
      dst_endpoint: { ip: '203.0.113.9', port: 443 },
      connection_info: { direction_id: 2, protocol_ver_id: 4, protocol_name: 'tcp' },
    };
    expect(read('DestinationIp', connection)).toBe('203.0.113.9');
    expect(read('DestinationPort', connection)).toBe(443);
    expect(read('Initiated', connection)).toBe('true');
    expect(read('DestinationIsIpv6', connection)).toBe('false');
    const logon = {
      class_uid: 3002,
      user: { name: 'admin' },
      logon_type_id: 10,
      src_endpoint: { ip: '198.51.100.7' },
    };
    expect(read('TargetUserName', logon)).toBe('admin');
    expect(read('LogonType', logon)).toBe(10);
    expect(read('IpAddress', logon)).toBe('198.51.100.7');
    expect(read('LogonType', { class_uid: 3002, logon_type_id: 1 })).toBe(0);
  });

  it('returns one function object per field name', () => {
    expect(ocsfFieldMapping.field('Image', { category: 'process_creation' })).toBe(
      ocsfFieldMapping.field('Image', { category: 'image_load' }),
    );
  });
});

describe('ocsfFieldMapping: routing', () => {
  const applies = (rule: object, event: unknown) =>
    (ocsfFieldMapping.logsources(event) ?? []).some((logsource) =>
      logsourceApplies(rule, logsource),
    );

  it('routes a Sysmon process launch to windows process_creation (and service sysmon)', () => {
    expect(applies({ product: 'windows', category: 'process_creation' }, processLaunch)).toBe(true);
    expect(applies({ product: 'windows', service: 'sysmon' }, processLaunch)).toBe(true);
    expect(applies({ product: 'windows', category: 'image_load' }, processLaunch)).toBe(false);
    expect(applies({ product: 'linux', category: 'process_creation' }, processLaunch)).toBe(false);
  });

  it('routes Security 4688 to process_creation and to service security', () => {
    const event = {
      class_uid: 1007,
      activity_id: 1,
      metadata: {
        log_name: 'Security',
        log_provider: 'Microsoft-Windows-Security-Auditing',
        event_code: '4688',
      },
      device: { os: { type_id: 100 } },
    };
    expect(applies({ product: 'windows', category: 'process_creation' }, event)).toBe(true);
    expect(applies({ product: 'windows', service: 'security' }, event)).toBe(true);
  });

  it('routes by class and activity when the event is not from Sysmon', () => {
    const pipe = {
      class_uid: 1001,
      activity_id: 1,
      file: { type_id: 6 },
      device: { os: { type_id: 100 } },
    };
    expect(applies({ product: 'windows', category: 'pipe_created' }, pipe)).toBe(true);
    expect(applies({ product: 'windows', category: 'file_event' }, pipe)).toBe(false);
    const valueDelete = { class_uid: 201002, activity_id: 4, device: { os: { type_id: 100 } } };
    expect(applies({ category: 'registry_delete' }, valueDelete)).toBe(true);
    expect(applies({ category: 'registry_set' }, valueDelete)).toBe(false);
    const linuxConnection = { class_uid: 4001, activity_id: 1, device: { os: { type_id: 200 } } };
    expect(applies({ product: 'linux', category: 'network_connection' }, linuxConnection)).toBe(
      true,
    );
    expect(applies({ product: 'windows', category: 'network_connection' }, linuxConnection)).toBe(
      false,
    );
  });

  it('gives equal route keys to events of equal logsources', () => {
    const other = { ...processLaunch, process: { pid: 9 } };
    expect(ocsfFieldMapping.routeKey(other)).toBe(ocsfFieldMapping.routeKey(processLaunch));
    expect(ocsfFieldMapping.routeKey({ ...processLaunch, activity_id: 2 })).not.toBe(
      ocsfFieldMapping.routeKey(processLaunch),
    );
  });
});
