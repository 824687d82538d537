/**
 * Realistic, fully built OCSF events (as a connector would emit them) used by tests and the
 * benchmark. Not part of the public API.
 * @internal
 */

const product = { name: 'Example EDR', vendor_name: 'Example Corp', version: '7.4.1', uid: 'edr' };

/** A Windows process launch (Sysmon event 1 shaped) as OCSF Process Activity 1007. */
export const processActivityEvent = {
  activity_id: 1,
  activity_name: 'Launch',
  category_uid: 1,
  category_name: 'System Activity',
  class_uid: 1007,
  class_name: 'Process Activity',
  type_uid: 100701,
  type_name: 'Process Activity: Launch',
  severity_id: 1,
  severity: 'Informational',
  time: 1767225600123,
  timezone_offset: 0,
  message: 'Process Create',
  status_id: 1,
  status: 'Success',
  launch_type_id: 1,
  launch_type: 'Spawn',
  metadata: {
    version: '1.8.0',
    product,
    uid: '5d1e6a0c-3f0b-4c64-9a55-0c7e1f4b2a10',
    original_time: '2026-01-01T00:00:00.123Z',
    logged_time: 1767225600456,
    event_code: '1',
    log_name: 'Microsoft-Windows-Sysmon/Operational',
    tenant_uid: 'tenant-a',
  },
  device: {
    type_id: 2,
    type: 'Desktop',
    hostname: 'ws-0142.corp.example.com',
    name: 'WS-0142',
    ip: '10.20.30.42',
    uid: '7f3c2a4e-0d6b-4b8e-9a61-1c2d3e4f5a6b',
    os: { name: 'Windows 11 Enterprise', type_id: 100, type: 'Windows', version: '10.0.22631' },
  },
  actor: {
    user: { name: 'alice', uid: 'S-1-5-21-1004336348-1177238915-682003330-1105', domain: 'CORP' },
    process: {
      pid: 5120,
      uid: '{4a2b6c1d-0000-0000-0000-000000000001}',
      name: 'explorer.exe',
      file: { name: 'explorer.exe', type_id: 1, path: 'C:\\Windows\\explorer.exe' },
    },
  },
  process: {
    pid: 7344,
    uid: '{4a2b6c1d-0000-0000-0000-000000000002}',
    name: 'powershell.exe',
    cmd_line:
      'powershell.exe -NoProfile -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=',
    created_time: 1767225600100,
    integrity_id: 3,
    integrity: 'Medium',
    file: {
      name: 'powershell.exe',
      type_id: 1,
      type: 'Regular File',
      path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      hashes: [
        {
          algorithm_id: 3,
          algorithm: 'SHA-256',
          value: '9785001b0dcf755eddb8af294a373c0b87b2498660f724e76c4d53f9c217c7a3',
        },
      ],
    },
    user: { name: 'alice', uid: 'S-1-5-21-1004336348-1177238915-682003330-1105' },
    parent_process: {
      pid: 5120,
      name: 'explorer.exe',
      cmd_line: 'C:\\Windows\\Explorer.EXE',
      file: { name: 'explorer.exe', type_id: 1, path: 'C:\\Windows\\explorer.exe' },
    },
  },
  raw_data: '<Event><System><EventID>1</EventID></System></Event>',
};

/** A failed interactive logon (Windows 4625 shaped) as OCSF Authentication 3002. */
export const authenticationEvent = {
  activity_id: 1,
  activity_name: 'Logon',
  category_uid: 3,
  category_name: 'Identity & Access Management',
  class_uid: 3002,
  class_name: 'Authentication',
  type_uid: 300201,
  type_name: 'Authentication: Logon',
  severity_id: 3,
  severity: 'Medium',
  time: 1767225700000,
  status_id: 2,
  status: 'Failure',
  status_code: '0xC000006A',
  status_detail: 'Unknown user name or bad password.',
  logon_type_id: 10,
  logon_type: 'Remote Interactive',
  auth_protocol_id: 2,
  auth_protocol: 'Kerberos',
  is_remote: true,
  is_mfa: false,
  message: 'An account failed to log on.',
  metadata: {
    version: '1.8.0',
    product: { name: 'Microsoft Windows', vendor_name: 'Microsoft' },
    profiles: ['host'],
    event_code: '4625',
    uid: '1f6a5e2b-9c3d-4e7f-8a1b-2c3d4e5f6a7b',
  },
  user: {
    name: 'bob',
    uid: 'S-1-5-21-1004336348-1177238915-682003330-1106',
    domain: 'CORP',
    type_id: 1,
  },
  src_endpoint: { ip: '203.0.113.50', port: 51234, hostname: 'attacker-box' },
  dst_endpoint: { ip: '10.20.30.5', port: 3389, hostname: 'dc01.corp.example.com' },
  service: { name: 'TermService' },
  device: { type_id: 6, hostname: 'dc01.corp.example.com', ip: '10.20.30.5' },
  session: { uid: '0x3e7', is_remote: true },
};

/** A detection finding from a Sigma rule, with evidence and ATT&CK mapping (2004). */
export const detectionFindingEvent = {
  activity_id: 1,
  activity_name: 'Create',
  category_uid: 2,
  category_name: 'Findings',
  class_uid: 2004,
  class_name: 'Detection Finding',
  type_uid: 200401,
  type_name: 'Detection Finding: Create',
  severity_id: 4,
  severity: 'High',
  time: 1767225600500,
  status_id: 1,
  status: 'New',
  confidence_id: 3,
  confidence: 'High',
  is_alert: true,
  message: 'Suspicious encoded PowerShell command line',
  metadata: {
    version: '1.8.0',
    product: { name: 'OpenMDR', vendor_name: 'OpenMDR' },
    uid: '0b8c6f0e-1d2c-4a3b-9e8f-7a6b5c4d3e2f',
  },
  finding_info: {
    uid: 'f-2026-0001',
    title: 'Suspicious Encoded PowerShell Command Line',
    desc: 'Detects suspicious PowerShell invocation with a base64 encoded command.',
    created_time: 1767225600500,
    types: ['Sigma'],
    analytic: {
      type_id: 1,
      type: 'Rule',
      name: 'Suspicious Encoded PowerShell Command Line',
      uid: 'ca2092a1-c273-4878-9b4b-0d60115bf5ea',
    },
    attacks: [
      {
        tactic: { uid: 'TA0002', name: 'Execution' },
        technique: { uid: 'T1059', name: 'Command and Scripting Interpreter' },
        sub_technique: { uid: 'T1059.001', name: 'PowerShell' },
        version: '16.1',
      },
    ],
  },
  evidences: [
    {
      process: {
        pid: 7344,
        name: 'powershell.exe',
        cmd_line:
          'powershell.exe -NoProfile -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=',
      },
      device: { type_id: 2, hostname: 'ws-0142.corp.example.com', ip: '10.20.30.42' },
    },
  ],
  resources: [{ uid: '7f3c2a4e-0d6b-4b8e-9a61-1c2d3e4f5a6b', name: 'WS-0142', type: 'device' }],
  device: { type_id: 2, hostname: 'ws-0142.corp.example.com', ip: '10.20.30.42' },
  observables: [
    { type_id: 1, type: 'Hostname', name: 'device.hostname', value: 'ws-0142.corp.example.com' },
    { type_id: 2, type: 'IP Address', name: 'device.ip', value: '10.20.30.42' },
  ],
};
