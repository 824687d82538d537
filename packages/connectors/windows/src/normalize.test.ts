import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { windowsRecord } from './fixtures.test-helpers.js';
import {
  NormalizationError,
  type NormalizeWindowsOptions,
  normalizeWindowsEvent,
} from './index.js';

/** Normalises and checks the result is a strictly valid OCSF 1.8.0 event. */
function normalize(record: unknown, options?: NormalizeWindowsOptions): Record<string, unknown> {
  const event = normalizeWindowsEvent(record, options);
  const result = validateOcsfEvent(event, { mode: 'strict' });
  expect(result.errors, JSON.stringify(event)).toEqual([]);
  return event;
}

const sysmon = 'Microsoft-Windows-Sysmon';
const security = 'Microsoft-Windows-Security-Auditing';

describe('normalizeWindowsEvent: Sysmon', () => {
  it('maps process creation (1) to Process Activity: Launch with the full image path', () => {
    const event = normalize(
      windowsRecord(sysmon, 1, {
        RuleName: '-',
        UtcTime: '2026-01-02 03:04:05.123',
        ProcessGuid: '0197231E-9BE6-6934-5301-000000000B00',
        ProcessId: 3412,
        Image: 'C:\\Windows\\System32\\cmd.exe',
        OriginalFileName: 'Cmd.Exe',
        CommandLine: 'cmd.exe /c whoami',
        CurrentDirectory: 'C:\\Users\\x\\',
        User: 'HOST\\alice',
        LogonId: '0x1eba8',
        IntegrityLevel: 'Medium',
        Hashes: 'MD5=352B,SHA256=1F1D,IMPHASH=94F3',
        ParentProcessGuid: '0197231E-9B6B-6934-2B01-000000000B00',
        ParentProcessId: 1092,
        ParentImage: 'C:\\Temp\\node.exe',
        ParentCommandLine: 'node.exe server.js',
        ParentUser: 'HOST\\alice',
      }),
    );
    expect(event).toMatchObject({
      class_uid: 1007,
      activity_id: 1,
      type_uid: 100701,
      category_uid: 1,
      time: Date.parse('2026-01-02T03:04:05.123Z'),
      metadata: { version: '1.8.0', log_provider: sysmon, event_code: '1', uid: '42' },
      device: { hostname: 'host-1.example.test' },
      process: {
        pid: 3412,
        name: 'cmd.exe',
        cmd_line: 'cmd.exe /c whoami',
        file: { path: 'C:\\Windows\\System32\\cmd.exe', name: 'cmd.exe' },
        user: { name: 'alice', domain: 'HOST' },
        integrity: 'Medium',
        integrity_id: 3,
        parent_process: { pid: 1092, file: { path: 'C:\\Temp\\node.exe' } },
      },
      actor: { process: { pid: 1092 } },
      unmapped: { OriginalFileName: 'Cmd.Exe' },
    });
    const hashes = (event.process as { file: { hashes: unknown[] } }).file.hashes;
    expect(hashes).toEqual([
      { algorithm_id: 1, algorithm: 'MD5', value: '352B' },
      { algorithm_id: 3, algorithm: 'SHA-256', value: '1F1D' },
      { algorithm_id: 18, algorithm: 'Imphash', value: '94F3' },
    ]);
  });

  it('maps registry value set (13) to Registry Value Activity: Set, key and value split', () => {
    const event = normalize(
      windowsRecord(sysmon, 13, {
        EventType: 'SetValue',
        ProcessId: 4400,
        ProcessGuid: '5AA13A44-5A23-68FE-2155-000000004002',
        Image: 'C:\\Windows\\system32\\reg.exe',
        TargetObject: 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\evil',
        Details: 'DWORD (0x00000001)',
      }),
    );
    expect(event).toMatchObject({
      class_uid: 201002,
      activity_id: 2,
      type_uid: 20100202,
      reg_value: {
        path: 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
        name: 'evil',
        type_id: 2,
        reg_integer_data: 1,
        data: 'DWORD (0x00000001)',
      },
      actor: { process: { pid: 4400, file: { path: 'C:\\Windows\\system32\\reg.exe' } } },
    });
  });

  it('maps registry key create/delete (12) to Registry Key Activity', () => {
    const created = normalize(
      windowsRecord(sysmon, 12, { EventType: 'CreateKey', ProcessId: 1, TargetObject: 'HKU\\x' }),
    );
    const deleted = normalize(
      windowsRecord(sysmon, 12, { EventType: 'DeleteKey', ProcessId: 1, TargetObject: 'HKU\\x' }),
    );
    expect(created).toMatchObject({
      class_uid: 201001,
      activity_id: 1,
      reg_key: { path: 'HKU\\x' },
    });
    expect(deleted).toMatchObject({ class_uid: 201001, activity_id: 4 });
  });

  it('maps network connection (3) to Network Activity with endpoints and direction', () => {
    const event = normalize(
      windowsRecord(sysmon, 3, {
        ProcessId: 10,
        Image: 'C:\\x\\a.exe',
        Protocol: 'tcp',
        Initiated: 'true',
        SourceIsIpv6: 'false',
        SourceIp: '10.0.0.5',
        SourcePort: 50123,
        DestinationIp: '203.0.113.9',
        DestinationPort: 443,
        DestinationHostname: 'example.test',
      }),
    );
    expect(event).toMatchObject({
      class_uid: 4001,
      activity_id: 1,
      metadata: { profiles: ['host'] },
      src_endpoint: { ip: '10.0.0.5', port: 50123 },
      dst_endpoint: { ip: '203.0.113.9', port: 443, hostname: 'example.test' },
      connection_info: {
        direction_id: 2,
        protocol_name: 'tcp',
        protocol_num: 6,
        protocol_ver_id: 4,
      },
    });
  });

  it('maps DNS (22), image load (7), file create (11), pipe (17), process access (10)', () => {
    const dns = normalize(
      windowsRecord(sysmon, 22, {
        ProcessId: 1,
        QueryName: 'evil.example',
        QueryStatus: '0',
        QueryResults: '::ffff:192.0.2.1;',
      }),
    );
    expect(dns).toMatchObject({
      class_uid: 4003,
      query: { hostname: 'evil.example' },
      answers: [{ rdata: '::ffff:192.0.2.1' }],
      rcode_id: 0,
    });
    const load = normalize(
      windowsRecord(sysmon, 7, {
        ProcessId: 1,
        Image: 'C:\\a.exe',
        ImageLoaded: 'C:\\b.dll',
        Signed: 'false',
      }),
    );
    expect(load).toMatchObject({
      class_uid: 1005,
      module: { file: { path: 'C:\\b.dll' }, load_type_id: 1 },
      unmapped: { Signed: 'false' },
    });
    const file = normalize(
      windowsRecord(sysmon, 11, {
        ProcessId: 1,
        Image: 'C:\\a.exe',
        TargetFilename: 'C:\\t\\x.ps1',
      }),
    );
    expect(file).toMatchObject({
      class_uid: 1001,
      activity_id: 1,
      file: { path: 'C:\\t\\x.ps1', name: 'x.ps1' },
    });
    const pipe = normalize(
      windowsRecord(sysmon, 17, { ProcessId: 1, Image: 'C:\\a.exe', PipeName: '\\PSHost.1' }),
    );
    expect(pipe).toMatchObject({ class_uid: 1001, file: { path: '\\PSHost.1', type_id: 6 } });
    const access = normalize(
      windowsRecord(sysmon, 10, {
        SourceProcessId: 296,
        SourceImage: 'C:\\x\\dumper.exe',
        TargetProcessId: 860,
        TargetImage: 'C:\\WINDOWS\\system32\\lsass.exe',
        GrantedAccess: '0x1fffff',
      }),
    );
    expect(access).toMatchObject({
      class_uid: 1007,
      activity_id: 3,
      process: { pid: 860, file: { path: 'C:\\WINDOWS\\system32\\lsass.exe' } },
      actor: { process: { pid: 296 } },
      requested_permissions: 0x1fffff,
    });
  });
});

describe('normalizeWindowsEvent: Security, System, PowerShell', () => {
  it('maps a failed network logon (4625) to Authentication with logon type and source', () => {
    const event = normalize(
      windowsRecord(security, 4625, {
        SubjectUserSid: 'S-1-0-0',
        TargetUserName: 'admin',
        TargetDomainName: 'CORP',
        LogonType: 3,
        IpAddress: '198.51.100.7',
        IpPort: '0',
        AuthenticationPackageName: 'NTLM',
        Status: '0xc000006d',
        SubStatus: '0xc000006a',
        WorkstationName: 'WS1',
      }),
    );
    expect(event).toMatchObject({
      class_uid: 3002,
      activity_id: 1,
      status_id: 2,
      user: { name: 'admin', domain: 'CORP' },
      logon_type_id: 3,
      auth_protocol_id: 1,
      is_remote: true,
      src_endpoint: { ip: '198.51.100.7', port: 0, name: 'WS1' },
      status_code: '0xc000006d',
    });
  });

  it('maps 4688 to Process Activity with hex pids and mandatory label', () => {
    const event = normalize(
      windowsRecord(security, 4688, {
        SubjectUserName: 'alice',
        SubjectDomainName: 'CORP',
        NewProcessId: '0x1a4',
        NewProcessName: 'C:\\Windows\\System32\\whoami.exe',
        ProcessId: '0x10',
        ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
        CommandLine: 'whoami /all',
        MandatoryLabel: 'S-1-16-12288',
        TargetUserName: '-',
      }),
    );
    expect(event).toMatchObject({
      class_uid: 1007,
      activity_id: 1,
      process: {
        pid: 0x1a4,
        file: { path: 'C:\\Windows\\System32\\whoami.exe' },
        integrity: 'High',
        parent_process: { pid: 16, file: { path: 'C:\\Windows\\System32\\cmd.exe' } },
      },
      actor: { user: { name: 'alice', domain: 'CORP' } },
    });
  });

  it('maps account management (4720, 4740) to Account Change', () => {
    const created = normalize(
      windowsRecord(security, 4720, {
        TargetUserName: 'bob',
        TargetSid: 'S-1-5-21-1-1001',
        SubjectUserName: 'admin',
      }),
    );
    expect(created).toMatchObject({
      class_uid: 3001,
      activity_id: 1,
      user: { name: 'bob', uid: 'S-1-5-21-1-1001' },
      actor: { user: { name: 'admin' } },
    });
    const locked = normalize(windowsRecord(security, 4740, { TargetUserName: 'bob' }));
    expect(locked).toMatchObject({ class_uid: 3001, activity_id: 9 });
  });

  it('maps service install (7045), script block (4104) and log cleared (1102)', () => {
    const service = normalize(
      windowsRecord('Service Control Manager', 7045, {
        ServiceName: 'evilsvc',
        ImagePath: 'C:\\Temp\\evil.exe -k',
        ServiceType: 'user mode service',
        StartType: 'auto start',
        AccountName: 'LocalSystem',
      }),
    );
    expect(service).toMatchObject({
      class_uid: 201004,
      activity_id: 1,
      win_service: {
        name: 'evilsvc',
        cmd_line: 'C:\\Temp\\evil.exe -k',
        service_start_type_id: 3,
        service_type_id: 3,
      },
    });
    const script = normalize(
      windowsRecord('Microsoft-Windows-PowerShell', 4104, {
        MessageNumber: 1,
        MessageTotal: 1,
        ScriptBlockText: 'IEX (New-Object Net.WebClient).DownloadString("x")',
        ScriptBlockId: 'c1b1d3e4-0000-0000-0000-000000000000',
        Path: '',
      }),
    );
    expect(script).toMatchObject({
      class_uid: 1009,
      script: {
        script_content: { value: 'IEX (New-Object Net.WebClient).DownloadString("x")' },
        type_id: 2,
      },
      unmapped: { MessageNumber: 1, MessageTotal: 1 },
    });
    const cleared = normalize(
      windowsRecord(
        'Microsoft-Windows-Eventlog',
        1102,
        { SubjectUserName: 'admin' },
        { Channel: 'Security' },
      ),
    );
    expect(cleared).toMatchObject({ class_uid: 1008, activity_id: 1, log_name: 'Security' });
  });

  it('maps Kerberos (4768, 4769, 4771) and NTLM validation (4776) to Authentication', () => {
    const tgt = normalize(
      windowsRecord(security, 4768, {
        TargetUserName: 'alice',
        TargetDomainName: 'CORP',
        ServiceName: 'krbtgt',
        TicketOptions: '0x40810010',
        TicketEncryptionType: '0x17',
        Status: '0x0',
        IpAddress: '::ffff:10.0.0.5',
        IpPort: '50000',
      }),
    );
    expect(tgt).toMatchObject({
      class_uid: 3002,
      activity_id: 3,
      status_id: 1,
      auth_protocol_id: 2,
      service: { name: 'krbtgt' },
      src_endpoint: { ip: '::ffff:10.0.0.5', port: 50000 },
      unmapped: { TicketEncryptionType: '0x17' },
    });
    const service = normalize(
      windowsRecord(security, 4769, {
        TargetUserName: 'alice@CORP',
        ServiceName: 'MSSQL$X',
        Status: '0x0',
      }),
    );
    expect(service).toMatchObject({ activity_id: 4, authentication_token: { type_id: 2 } });
    const preauth = normalize(
      windowsRecord(security, 4771, { TargetUserName: 'bob', Status: '0x18' }),
    );
    expect(preauth).toMatchObject({ activity_id: 6, status_id: 2, status_code: '0x18' });
    const ntlm = normalize(
      windowsRecord(security, 4776, {
        TargetUserName: 'bob',
        Workstation: 'WS9',
        Status: '0xc000006a',
      }),
    );
    expect(ntlm).toMatchObject({
      activity_id: 99,
      activity_name: 'Credential Validation',
      status_id: 2,
      src_endpoint: { name: 'WS9' },
    });
  });

  it('maps object access (4663) and registry value changes (4657)', () => {
    const file = normalize(
      windowsRecord(security, 4663, {
        ObjectType: 'File',
        ObjectName: 'C:\\Secret\\a.txt',
        AccessMask: '0x1',
        ProcessId: '0x4',
        ProcessName: 'C:\\Windows\\explorer.exe',
        SubjectUserName: 'alice',
      }),
    );
    expect(file).toMatchObject({
      class_uid: 1001,
      activity_id: 14,
      file: { path: 'C:\\Secret\\a.txt' },
      access_mask: 1,
      actor: {
        process: { pid: 4, file: { path: 'C:\\Windows\\explorer.exe' } },
        user: { name: 'alice' },
      },
      unmapped: { ObjectType: 'File' },
    });
    const key = normalize(
      windowsRecord(security, 4663, { ObjectType: 'Key', ObjectName: '\\REGISTRY\\MACHINE\\SAM' }),
    );
    expect(key).toMatchObject({
      class_uid: 201001,
      activity_id: 2,
      reg_key: { path: '\\REGISTRY\\MACHINE\\SAM' },
    });
    const other = normalize(
      windowsRecord(security, 4663, { ObjectType: 'Mutant', ObjectName: 'x' }),
    );
    expect(other).toMatchObject({ class_uid: 0 });
    const value = normalize(
      windowsRecord(security, 4657, {
        ObjectName: '\\REGISTRY\\MACHINE\\SOFTWARE\\Run',
        ObjectValueName: 'evil',
        NewValue: 'C:\\evil.exe',
        OperationType: '%%1904',
      }),
    );
    expect(value).toMatchObject({
      class_uid: 201002,
      activity_id: 2,
      reg_value: { name: 'evil', data: 'C:\\evil.exe' },
    });
  });

  it('maps Sysmon for Linux records to Linux devices', () => {
    const event = normalize(
      windowsRecord(
        'Linux-Sysmon',
        1,
        {
          ProcessId: 42,
          Image: '/usr/bin/curl',
          CommandLine: 'curl http://x',
          User: 'root',
          ParentProcessId: 1,
          ParentImage: '/bin/bash',
        },
        { Channel: 'Linux-Sysmon/Operational' },
      ),
    );
    expect(event).toMatchObject({
      class_uid: 1007,
      device: { os: { type_id: 200, name: 'Linux' } },
      process: { name: 'curl', file: { path: '/usr/bin/curl' }, user: { name: 'root' } },
    });
  });

  it('keeps records without a dedicated mapping as Base Events with their data in unmapped', () => {
    const event = normalize(
      windowsRecord('Microsoft-Windows-TaskScheduler', 142, {
        TaskName: '\\T',
        UserName: 'System',
      }),
      { includeRawData: true },
    );
    expect(event).toMatchObject({
      class_uid: 0,
      activity_id: 99,
      type_uid: 99,
      unmapped: { TaskName: '\\T', UserName: 'System' },
    });
    expect(JSON.parse(event.raw_data as string)).toMatchObject({
      Event: { System: { EventID: 142 } },
    });
  });

  it('reads EventData exported as a list of named Data elements', () => {
    const record = windowsRecord(security, 4634, {});
    (record.Event as { EventData: unknown }).EventData = {
      Data: [
        { '#attributes': { Name: 'TargetUserName' }, '#text': 'carol' },
        { '#attributes': { Name: 'LogonType' }, '#text': '2' },
      ],
    };
    expect(normalize(record)).toMatchObject({
      class_uid: 3002,
      activity_id: 2,
      user: { name: 'carol' },
      logon_type_id: 2,
    });
  });
});

describe('normalizeWindowsEvent: every mapping is strictly valid OCSF', () => {
  const process = {
    ProcessId: 7,
    ProcessGuid: '0197231E-9BE6-6934-5301-000000000B00',
    Image: 'C:\\a.exe',
    User: 'D\\u',
  };
  it.each([
    [
      sysmon,
      2,
      { ...process, TargetFilename: 'C:\\x.txt', CreationUtcTime: '2026-01-01 00:00:00.000' },
      1001,
    ],
    [sysmon, 5, { ...process, UtcTime: '2026-01-01 00:00:00.000' }, 1007],
    [sysmon, 6, { ImageLoaded: 'C:\\d.sys', Hashes: 'SHA256=AB', Signed: 'true' }, 1002],
    [
      sysmon,
      8,
      {
        SourceProcessId: 1,
        SourceImage: 'C:\\s.exe',
        TargetProcessId: 2,
        TargetImage: 'C:\\t.exe',
        StartAddress: '0x1',
        StartModule: 'C:\\k.dll',
        StartFunction: 'LoadLibraryW',
      },
      1007,
    ],
    [sysmon, 12, { ...process, EventType: 'DeleteValue', TargetObject: 'HKU\\k\\v' }, 201002],
    [
      sysmon,
      14,
      { ...process, EventType: 'RenameKey', TargetObject: 'HKU\\a', NewName: 'HKU\\b' },
      201001,
    ],
    [
      sysmon,
      15,
      {
        ...process,
        TargetFilename: 'C:\\x:Zone.Identifier',
        Hash: 'MD5=AA',
        Contents: '[ZoneTransfer]',
      },
      1001,
    ],
    [sysmon, 18, { ...process, PipeName: '\\srvsvc', EventType: 'ConnectPipe' }, 1001],
    [
      sysmon,
      19,
      { EventType: 'WmiFilterEvent', Operation: 'Created', Name: 'f', Query: 'SELECT *' },
      0,
    ],
    [
      sysmon,
      23,
      {
        ...process,
        TargetFilename: 'C:\\x.exe',
        Hashes: 'MD5=AA',
        IsExecutable: 'true',
        Archived: 'false',
      },
      1001,
    ],
    [sysmon, 26, { ...process, TargetFilename: 'C:\\x.exe' }, 1001],
    [security, 4634, { TargetUserName: 'u', TargetLogonId: '0x1', LogonType: 3 }, 3002],
    [
      security,
      4648,
      {
        SubjectUserName: 'a',
        TargetUserName: 'b',
        TargetServerName: 'srv',
        ProcessId: '0x4',
        ProcessName: 'C:\\p.exe',
        IpAddress: '-',
      },
      3002,
    ],
    [
      security,
      4672,
      {
        SubjectUserName: 'u',
        SubjectLogonId: '0x1',
        PrivilegeList: 'SeDebugPrivilege\n\t\tSeBackupPrivilege',
      },
      3003,
    ],
    [
      security,
      4697,
      {
        ServiceName: 's',
        ServiceFileName: 'C:\\s.exe',
        ServiceStartType: '2',
        ServiceType: '0x10',
      },
      201004,
    ],
    [security, 4698, { TaskName: '\\t', SubjectUserName: 'u', TaskContent: '<Task/>' }, 1006],
    [security, 4722, { TargetUserName: 'u' }, 3001],
    [security, 4738, { TargetUserName: 'u' }, 3001],
    [
      'Microsoft-Windows-PowerShell',
      4103,
      { ContextInfo: 'Host Application = powershell', Payload: 'CommandInvocation(Get-Item)' },
      1009,
    ],
    ['PowerShellCore', 4104, { ScriptBlockText: 'Get-Process', ScriptBlockId: 'x' }, 1009],
    ['Microsoft-Windows-Eventlog', 104, {}, 1008],
  ] as const)('%s %s', (provider, eventId, data, classUid) => {
    expect(normalize(windowsRecord(provider, eventId, data)).class_uid).toBe(classUid);
  });
});

describe('normalizeWindowsEvent: bad records', () => {
  it.each([
    ['not an object', 'x', ''],
    ['no Event', {}, 'Event'],
    [
      'no EventID',
      { Event: { System: { Provider: { '#attributes': { Name: 'p' } } } } },
      'Event.System.EventID',
    ],
    [
      'no time',
      { Event: { System: { EventID: 1, Provider: { '#attributes': { Name: 'p' } } } } },
      'Event.System.TimeCreated.#attributes.SystemTime',
    ],
  ])('rejects a record with %s with a typed error naming the field', (_name, record, path) => {
    try {
      normalizeWindowsEvent(record);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NormalizationError);
      expect((error as NormalizationError).code).toBe('NORMALIZE_FAILED');
      expect((error as NormalizationError).path).toBe(path);
    }
  });

  it('names the missing EventData value of a Sysmon process creation', () => {
    expect(() => normalizeWindowsEvent(windowsRecord(sysmon, 1, { ProcessId: 1 }))).toThrow(
      expect.objectContaining({ code: 'NORMALIZE_FAILED', path: 'Event.EventData.Image' }),
    );
  });
});

// The shared regression set (`../shared` beside the repository, or OPENMDR_SHARED_DIR); without it
// this block is skipped, as the other corpus tests are.
const regressionEventsDirectory = `${
  process.env['OPENMDR_SHARED_DIR'] ??
  fileURLToPath(new URL('../../../../../shared/', import.meta.url))
}/sigma/regression-dev/events/`;

describe.skipIf(!existsSync(regressionEventsDirectory))(
  'normalizeWindowsEvent: regression-dev events',
  () => {
    const directory = regressionEventsDirectory;
    const records = (existsSync(directory) ? readdirSync(directory) : []).sort().flatMap((file) =>
      readFileSync(`${directory}${file}`, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line, index) => ({ file, index, record: JSON.parse(line) as unknown })),
    );

    it('normalises every record to a strictly valid OCSF event, with a class other than Base Event for Sysmon and Security', () => {
      expect(records.length).toBeGreaterThan(100);
      for (const { file, index, record } of records) {
        const event = normalize(record);
        const provider = (event.metadata as { log_provider: string }).log_provider;
        if (provider === 'Microsoft-Windows-Sysmon' || provider === security) {
          expect(event.class_uid, `${file}:${index}`).not.toBe(0);
        }
        expect(event.type_uid).toBe(
          (event.class_uid as number) * 100 + (event.activity_id as number),
        );
      }
    });
  },
);
