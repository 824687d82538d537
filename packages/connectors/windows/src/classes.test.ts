import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { windowsRecord } from './fixtures.test-helpers.js';
import { normalizeWindowsEvent } from './index.js';

/** Normalises and checks the result is a strictly valid OCSF 1.8.0 event. */
function normalize(record: unknown): Record<string, unknown> {
  const event = normalizeWindowsEvent(record);
  expect(validateOcsfEvent(event, { mode: 'strict' }).errors, JSON.stringify(event)).toEqual([]);
  return event;
}

const security = 'Microsoft-Windows-Security-Auditing';
const subject = {
  SubjectUserSid: 'S-1-5-21-1-2-3-1106',
  SubjectUserName: 'user01',
  SubjectDomainName: 'EXAMPLE',
  SubjectLogonId: '0x15e1a7',
};

describe('Security share access and Filtering Platform', () => {
  it('maps 5145 on IPC$ to SMB Activity: File Open on a named pipe, ShareName kept as written', () => {
    const event = normalize(
      windowsRecord(security, 5145, {
        ...subject,
        ObjectType: 'File',
        IpAddress: '10.0.2.17',
        IpPort: 49222,
        ShareName: '\\\\*\\IPC$',
        ShareLocalPath: null,
        RelativeTargetName: 'svcctl',
        AccessMask: '0x12019f',
        AccessList: '%%1538\n\t\t\t\t%%4416',
        AccessReason: '-',
      }),
    );
    expect(event).toMatchObject({
      class_uid: 4006,
      activity_id: 2,
      share: 'IPC$',
      share_type_id: 2,
      file: { name: 'svcctl', path: 'svcctl', type_id: 6 },
      src_endpoint: { ip: '10.0.2.17', port: 49222 },
      dst_endpoint: { hostname: 'host-1.example.test' },
      actor: { user: { name: 'user01', uid: 'S-1-5-21-1-2-3-1106' }, session: { uid: '0x15e1a7' } },
      unmapped: { ShareName: '\\\\*\\IPC$', AccessMask: '0x12019f', ObjectType: 'File' },
    });
  });

  it('maps 5140 on a file share to SMB Activity with share type File', () => {
    const event = normalize(
      windowsRecord(security, 5140, {
        ...subject,
        IpAddress: '10.0.2.17',
        ShareName: '\\\\*\\C$',
        ShareLocalPath: '\\??\\C:\\',
        AccessMask: '0x1',
      }),
    );
    expect(event).toMatchObject({ class_uid: 4006, share: 'C$', share_type_id: 1 });
  });

  it('maps an inbound 5156 to Network Activity with the remote side as source', () => {
    const event = normalize(
      windowsRecord(security, 5156, {
        ProcessID: 4,
        Application: 'System',
        Direction: '%%14592',
        SourceAddress: '10.0.0.5',
        SourcePort: '445',
        DestAddress: '10.0.0.9',
        DestPort: '51234',
        Protocol: '6',
        FilterRTID: '0',
        LayerName: '%%14610',
        LayerRTID: '44',
        RemoteUserID: 'S-1-0-0',
        RemoteMachineID: 'S-1-0-0',
      }),
    );
    expect(event).toMatchObject({
      class_uid: 4001,
      activity_id: 1,
      src_endpoint: { ip: '10.0.0.9', port: 51234 },
      dst_endpoint: { ip: '10.0.0.5', port: 445, hostname: 'host-1.example.test' },
      connection_info: { direction_id: 1, protocol_num: 6, protocol_name: 'tcp' },
      actor: { process: { pid: 4, name: 'System' } },
      action_id: 1,
      disposition_id: 1,
      // WFP's local/remote names stay readable as written.
      unmapped: { SourcePort: '445', DestAddress: '10.0.0.9', Protocol: '6', LayerRTID: '44' },
    });
  });

  it('maps 5157 (blocked) to Refuse and 5158 (bind) to Other "Bind"', () => {
    const blocked = normalize(
      windowsRecord(security, 5157, {
        ProcessID: 7,
        Application: '\\device\\harddiskvolume2\\x.exe',
        Direction: '%%14593',
        SourceAddress: '10.0.0.5',
        SourcePort: '50000',
        DestAddress: '203.0.113.7',
        DestPort: '443',
        Protocol: '6',
      }),
    );
    expect(blocked).toMatchObject({
      activity_id: 5,
      src_endpoint: { ip: '10.0.0.5' },
      dst_endpoint: { ip: '203.0.113.7', port: 443 },
      action_id: 2,
      disposition_id: 2,
    });
    const bind = normalize(
      windowsRecord(security, 5158, {
        ProcessId: '3304',
        Application: '\\device\\x.exe',
        SourceAddress: '0.0.0.0',
        SourcePort: '58390',
        Protocol: '17',
      }),
    );
    expect(bind).toMatchObject({
      activity_id: 99,
      activity_name: 'Bind',
      src_endpoint: { port: 58390 },
    });
  });
});

describe('Security directory service, SAM and token rights', () => {
  it('maps 5136 to Entity Management: Update with the changed attribute', () => {
    const event = normalize(
      windowsRecord(security, 5136, {
        ...subject,
        OpCorrelationID: '{780ea6e1-6307-48d6-8b0d-8c45cc7534ae}',
        DSName: 'example.local',
        DSType: '%%14676',
        ObjectDN: 'CN=alice,CN=Users,DC=example,DC=local',
        ObjectGUID: '{6cdecdb5-7515-4511-8141-c34a7c3d4a0a}',
        ObjectClass: 'user',
        AttributeLDAPDisplayName: 'servicePrincipalName',
        AttributeSyntaxOID: '2.5.5.12',
        AttributeValue: 'http/evil',
        OperationType: '%%14674',
      }),
    );
    expect(event).toMatchObject({
      class_uid: 3004,
      activity_id: 3,
      entity: {
        name: 'CN=alice,CN=Users,DC=example,DC=local',
        uid: '{6cdecdb5-7515-4511-8141-c34a7c3d4a0a}',
        type_id: 2,
        type: 'User',
        data: { attribute: 'servicePrincipalName', value: 'http/evil', syntax_oid: '2.5.5.12' },
      },
      actor: { user: { name: 'user01' } },
      unmapped: { ObjectClass: 'user', OperationType: '%%14674' },
    });
  });

  it('maps 5139 (moved) to Move with the new DN as entity_result', () => {
    const event = normalize(
      windowsRecord(security, 5139, {
        ...subject,
        OldObjectDN: 'CN=a,OU=x,DC=e',
        NewObjectDN: 'CN=a,OU=y,DC=e',
        ObjectGUID: '{1}',
        ObjectClass: 'msDS-Custom',
      }),
    );
    expect(event).toMatchObject({
      activity_id: 5,
      entity: { name: 'CN=a,OU=x,DC=e', type_id: 99, type: 'msDS-Custom' },
      entity_result: { name: 'CN=a,OU=y,DC=e' },
    });
  });

  it('maps 4662 by its access mask: control access is Read, write property is Update', () => {
    const dcsync = normalize(
      windowsRecord(security, 4662, {
        ...subject,
        ObjectServer: 'DS',
        ObjectType: '%{19195a5b-6da0-11d0-afd3-00c04fd930c9}',
        ObjectName: '%{c6faf700-bfe4-452a-a766-424f84c29583}',
        OperationType: 'Object Access',
        HandleId: '0x0',
        AccessList: '%%7688\n\t\t\t\t',
        AccessMask: '0x100',
        Properties: '%%7688\n\t\t{1131f6aa-9c07-11d1-f79f-00c04fc2dcd2}',
      }),
    );
    expect(dcsync).toMatchObject({
      class_uid: 3004,
      activity_id: 2,
      entity: { name: '%{c6faf700-bfe4-452a-a766-424f84c29583}', type_id: 4 },
      access_mask: 256,
      access_list: ['%%7688'],
      unmapped: { Properties: '%%7688\n\t\t{1131f6aa-9c07-11d1-f79f-00c04fc2dcd2}' },
    });
    const write = normalize(
      windowsRecord(security, 4662, {
        ...subject,
        ObjectServer: 'DS',
        ObjectType: '%{bf967aba-0de6-11d0-a285-00aa003049e2}',
        ObjectName: '%{00000000-0000-0000-0000-000000000001}',
        AccessMask: '0x20',
      }),
    );
    expect(write).toMatchObject({ activity_id: 3, entity: { type_id: 2 } });
  });

  it('maps 4661 on a SAM object to Other with the requesting process', () => {
    const event = normalize(
      windowsRecord(security, 4661, {
        ...subject,
        ObjectServer: 'Security Account Manager',
        ObjectType: 'SAM_DOMAIN',
        ObjectName: 'DC=example,DC=corp',
        AccessMask: '0x2d',
        ProcessId: '0x1f0',
        ProcessName: 'C:\\Windows\\System32\\lsass.exe',
      }),
    );
    expect(event).toMatchObject({
      class_uid: 3004,
      activity_id: 99,
      activity_name: 'Object Handle Request',
      entity: { name: 'DC=example,DC=corp', type_id: 4 },
      actor: { process: { pid: 0x1f0, name: 'lsass.exe' } },
    });
  });

  it('maps 4799 to Entity Management: Read of the group, and 4703 to User Access Management', () => {
    const enumerated = normalize(
      windowsRecord(security, 4799, {
        ...subject,
        TargetUserName: 'Administrators',
        TargetDomainName: 'Builtin',
        TargetSid: 'S-1-5-32-544',
        CallerProcessId: '0x23e8',
        CallerProcessName: 'C:\\Windows\\System32\\net1.exe',
      }),
    );
    expect(enumerated).toMatchObject({
      class_uid: 3004,
      activity_id: 2,
      entity: { name: 'Administrators', uid: 'S-1-5-32-544', type_id: 3 },
      actor: { process: { pid: 0x23e8, name: 'net1.exe' }, user: { name: 'user01' } },
    });
    const adjusted = normalize(
      windowsRecord(security, 4703, {
        ...subject,
        TargetUserSid: 'S-1-5-21-1-2-3-1000',
        TargetUserName: 'IEUser',
        TargetDomainName: 'HOST',
        TargetLogonId: '0x53ca2',
        ProcessName: 'C:\\x\\MalSeclogon.exe',
        ProcessId: '0x21a4',
        EnabledPrivilegeList: 'SeDebugPrivilege',
        DisabledPrivilegeList: '-',
      }),
    );
    expect(adjusted).toMatchObject({
      class_uid: 3005,
      activity_id: 1,
      user: { name: 'IEUser' },
      privileges: ['SeDebugPrivilege'],
      actor: { process: { pid: 0x21a4, name: 'MalSeclogon.exe' } },
    });
  });
});

describe('Remote Desktop', () => {
  it('maps RemoteConnectionManager 1149 to RDP Activity with the client user and address', () => {
    const record = windowsRecord(
      'Microsoft-Windows-TerminalServices-RemoteConnectionManager',
      1149,
      {},
    );
    const event = record.Event as Record<string, unknown>;
    delete event.EventData;
    event.UserData = {
      EventXML: { Param1: 'administrator', Param2: 'ie11win7', Param3: '10.0.2.16' },
    };
    expect(normalize(record)).toMatchObject({
      class_uid: 4005,
      activity_id: 3,
      user: { name: 'administrator', domain: 'ie11win7' },
      src_endpoint: { ip: '10.0.2.16' },
      dst_endpoint: { hostname: 'host-1.example.test' },
      status_id: 1,
    });
  });

  it('maps RdpCoreTS 131 to RDP Activity: Initial Request with the client address and port', () => {
    const event = normalize(
      windowsRecord('Microsoft-Windows-RemoteDesktopServices-RdpCoreTS', 131, {
        ConnType: 'TCP',
        ClientIP: '10.0.2.16:52202',
      }),
    );
    expect(event).toMatchObject({
      class_uid: 4005,
      activity_id: 1,
      src_endpoint: { ip: '10.0.2.16', port: 52202 },
      connection_info: { protocol_num: 6, direction_id: 1 },
    });
  });

  it('maps LocalSessionManager 21 to Authentication: Logon and 24 to RDP Disconnect', () => {
    const provider = 'Microsoft-Windows-TerminalServices-LocalSessionManager';
    const logon = normalize(
      windowsRecord(provider, 21, { User: 'HOST\\alice', SessionID: 2, Address: '10.0.0.9' }),
    );
    expect(logon).toMatchObject({
      class_uid: 3002,
      activity_id: 1,
      user: { name: 'alice', domain: 'HOST' },
      session: { uid: '2' },
      src_endpoint: { ip: '10.0.0.9' },
      is_remote: true,
    });
    const local = normalize(
      windowsRecord(provider, 24, { User: 'HOST\\alice', SessionID: 1, Address: 'LOCAL' }),
    );
    expect(local).toMatchObject({
      class_uid: 4005,
      activity_id: 7,
      unmapped: { Address: 'LOCAL' },
    });
  });
});

describe('BITS, Windows Installer, RPC', () => {
  const bits = 'Microsoft-Windows-Bits-Client';

  it('maps BITS 3 to Scheduled Job Activity: Create, with the Windows 7 template too', () => {
    const created = normalize(
      windowsRecord(bits, 3, {
        jobTitle: 'backdoor',
        jobId: '{8f97efec-9bdf-4726-90b9-8c56b76bdbd7}',
        jobOwner: 'HOST\\alice',
        processPath: 'C:\\Windows\\System32\\bitsadmin.exe',
        processId: 3616,
      }),
    );
    expect(created).toMatchObject({
      class_uid: 1006,
      activity_id: 1,
      job: { name: 'backdoor', user: { name: 'alice', domain: 'HOST' } },
      actor: { process: { pid: 3616, name: 'bitsadmin.exe' } },
      unmapped: { jobId: '{8f97efec-9bdf-4726-90b9-8c56b76bdbd7}' },
    });
    const win7 = normalize(
      windowsRecord(bits, 3, { string: 'hola', string2: 'IEWIN7\\IEUser', string3: null }),
    );
    expect(win7).toMatchObject({
      class_uid: 1006,
      job: { name: 'hola', user: { name: 'IEUser' } },
    });
  });

  it('maps BITS 59/61 to Network Activity Open/Fail with the URL parsed', () => {
    const started = normalize(
      windowsRecord(bits, 59, {
        transferId: '{b78f5411-669a-4b66-98b4-97bb0f7c5bad}',
        name: 'Font Download',
        Id: '{316d5a72-c392-42ac-820f-8f390d3371e5}',
        url: 'https://fs.example.test:8443/fs/config.json?x=1',
        bytesTotal: 55,
        bytesTransferred: 0,
      }),
    );
    expect(started).toMatchObject({
      class_uid: 4001,
      activity_id: 1,
      url: {
        url_string: 'https://fs.example.test:8443/fs/config.json?x=1',
        scheme: 'https',
        hostname: 'fs.example.test',
        port: 8443,
        path: '/fs/config.json',
        query_string: 'x=1',
      },
      dst_endpoint: { hostname: 'fs.example.test', port: 8443 },
      unmapped: { name: 'Font Download' },
    });
    const failed = normalize(
      windowsRecord(bits, 61, {
        name: 'x',
        url: 'http://203.0.113.9/a.exe',
        hr: 2147954407,
        bytesTransferred: '18446744073709551615',
      }),
    );
    expect(failed).toMatchObject({
      activity_id: 4,
      status_id: 2,
      status_code: '0x80072ee7',
      unmapped: { bytesTransferred: '18446744073709551615' },
    });
  });

  it('maps MsiInstaller 1040 to Application Lifecycle with the package, Data kept for Sigma', () => {
    const data =
      '<string>C:\\Users\\Public\\x.msi</string>\n<string>2128</string>\n<string>(NULL)</string>\n';
    const event = normalize(
      windowsRecord('MsiInstaller', 1040, { Data: data, Binary: null }, { Channel: 'Application' }),
    );
    expect(event).toMatchObject({
      class_uid: 6002,
      activity_id: 99,
      activity_name: 'Begin Transaction',
      app: { name: 'x.msi', path: 'C:\\Users\\Public\\x.msi' },
      actor: { process: { pid: 2128 } },
      unmapped: { Data: data },
    });
    const installed = normalize(
      windowsRecord('MsiInstaller', 11707, {
        Data: ['Product: AteraAgent -- Installation completed successfully.', '(NULL)'],
      }),
    );
    expect(installed).toMatchObject({ activity_id: 1, app: { name: 'AteraAgent' }, status_id: 1 });
  });

  it('maps RPC server call 6 (no channel) to Network Activity with the endpoint', () => {
    const event = normalize(
      windowsRecord(
        'Microsoft-Windows-RPC',
        6,
        {
          InterfaceUuid: '{c681d488-d850-11d0-8c52-00c04fd90f7e}',
          ProcNum: 0,
          Protocol: 2,
          NetworkAddress: 'NULL',
          Endpoint: '\\pipe\\lsarpc',
        },
        { Channel: null },
      ),
    );
    expect(event).toMatchObject({
      class_uid: 4001,
      activity_id: 99,
      activity_name: 'RPC Server Call',
      app_protocol_name: 'dcerpc',
      dst_endpoint: { svc_name: '\\pipe\\lsarpc' },
      connection_info: { direction_id: 1 },
      unmapped: { InterfaceUuid: '{c681d488-d850-11d0-8c52-00c04fd90f7e}', ProcNum: 0 },
    });
  });
});

describe('producer shapes', () => {
  it('reads a Winlogbeat (ECS) record', () => {
    const event = normalize({
      '@timestamp': '2026-01-02T03:04:05.678Z',
      event: { code: '5145', provider: security },
      winlog: {
        provider_name: security,
        time_created: '2026-01-02T03:04:00.000Z',
        level: 'information',
        keywords: ['Audit Success'],
        event_id: '5145',
        channel: 'Security',
        computer_name: 'dc1.example.test',
        record_id: 77,
        process: { pid: 4, thread: { id: 8 } },
        event_data: {
          ...subject,
          ShareName: '\\\\*\\IPC$',
          RelativeTargetName: 'lsarpc',
          IpAddress: '10.0.0.9',
        },
      },
    });
    expect(event).toMatchObject({
      class_uid: 4006,
      time: Date.parse('2026-01-02T03:04:00.000Z'),
      metadata: { uid: '77', log_name: 'Security' },
      device: { hostname: 'dc1.example.test' },
      share: 'IPC$',
    });
  });

  it('reads a Winlogbeat 6 record', () => {
    const event = normalize({
      '@timestamp': '2019-05-01T00:00:00.000Z',
      event_id: 1,
      source_name: 'Microsoft-Windows-Sysmon',
      log_name: 'Microsoft-Windows-Sysmon/Operational',
      computer_name: 'ws1',
      event_data: { ProcessId: '10', Image: 'C:\\x.exe', UtcTime: '2019-05-01 00:00:00.000' },
    });
    expect(event).toMatchObject({ class_uid: 1007, process: { pid: 10 } });
  });

  it('reads an NXLog record, takes the provider from the channel and the script from Message', () => {
    const noProvider = normalize({
      EventID: 5158,
      Channel: 'Security',
      Hostname: 'WORKSTATION5',
      TimeCreated: '2020-10-18 02:17:12.527',
      Task: '12810',
      SourcePort: '61143',
      SourceAddress: '0.0.0.0',
      Protocol: '6',
      ProcessId: '3488',
      Application: '\\device\\x.exe',
      Message: 'The Windows Filtering Platform has permitted a bind to a local port.',
    });
    expect(noProvider).toMatchObject({
      class_uid: 4001,
      time: Date.parse('2020-10-18T02:17:12.527Z'),
      metadata: { log_provider: security },
    });
    const script = normalize({
      SourceName: 'Microsoft-Windows-PowerShell',
      EventID: 4104,
      Channel: 'Microsoft-Windows-PowerShell/Operational',
      Hostname: 'dc.example.test',
      EventType: 'WARNING',
      SeverityValue: 3,
      '@timestamp': '2020-08-06T07:01:37.702Z',
      Message:
        'Creating Scriptblock text (1 of 1):\r\nGet-Process\r\n\r\nScriptBlock ID: 3c1d\r\nPath: ',
    });
    expect(script).toMatchObject({
      class_uid: 1009,
      script: { script_content: { value: 'Get-Process' }, uid: '3c1d' },
    });
    expect(script.unmapped).toBeUndefined();
  });
});
