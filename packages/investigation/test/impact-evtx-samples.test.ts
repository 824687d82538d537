import { describe, expect, it } from 'vitest';
import { assessInvestigation, eventEntryId, type ImpactKind } from '../src/index.js';
import { loadSample } from './evtx-samples.test-helpers.js';

/** The log record number at the end of an entry id (`<host>/<log>/<EventRecordID>`). */
const recordNumber = (id: string): string => id.slice(id.lastIndexOf('/') + 1);
/** What each committed attack sample must show: marker kind and technique, and the EventRecordIDs among its evidence. */
const EXPECTED: ReadonlyArray<[string, ImpactKind, string, string[]]> = [
  [
    'Credential_Access_sysmon_10_lsass_mimikatz_sekurlsa_logonpasswords',
    'credential-access',
    'T1003.001',
    [],
  ],
  ['Credential_Access_sysmon_10_1_memdump_comsvcs_minidump', 'credential-access', 'T1003', []],
  ['Credential_Access_sysmon_10_11_lsass_memdump', 'credential-access', 'T1003.001', []],
  ['Credential_Access_CA_DCSync_4662', 'credential-access', 'T1003.006', []],
  [
    'AutomatedTestingTools_Malware_sideloading_injection_persistence_run_key',
    'persistence',
    'T1547.001',
    [],
  ],
  [
    'AutomatedTestingTools_Malware_DE_timestomp_and_dll_sideloading_and_RunPersist',
    'persistence',
    'T1547.001',
    [],
  ],
  ['Lateral_Movement_LM_sysmon_psexec_smb_meterpreter', 'lateral-movement', 'T1569.002', []],
  ['Lateral_Movement_LM_REMCOM_5145_TargetHost', 'lateral-movement', 'T1569.002', []],
  ['Lateral_Movement_LM_Remote_Service02_7045', 'persistence', 'T1543.003', []],
  [
    'Lateral_Movement_LM_PowershellRemoting_sysmon_1_wsmprovhost',
    'lateral-movement',
    'T1021.006',
    [],
  ],
  ['Lateral_Movement_LM_wmiexec_impacket_sysmon_whoami', 'lateral-movement', 'T1047', []],
  ['Persistence_sysmon_20_21_1_CommandLineEventConsumer', 'persistence', 'T1546.003', []],
  ['Execution_temp_scheduled_task_4698_4699', 'persistence', 'T1053.005', []],
  [
    'Privilege_Escalation_NTLM2SelfRelay-med0x2e-security_4624_4688',
    'defense-evasion',
    'T1070.001',
    ['21365'],
  ],
];

describe('impact markers on EVTX-ATTACK-SAMPLES excerpts', () => {
  it.each(EXPECTED)('%s shows %s (%s)', (name, kind, technique, ids) => {
    const { events } = loadSample(name);
    const { impact } = assessInvestigation({ events });
    const marker = impact.find(
      (candidate) => candidate.kind === kind && candidate.technique === technique,
    );
    expect(marker, JSON.stringify(impact.map((m) => m.summary))).toBeDefined();
    expect(marker?.evidence.length).toBeGreaterThan(0);
    const known = new Set(events.map((event) => eventEntryId(event)));
    expect(marker?.evidence.every((id) => known.has(id))).toBe(true);
    for (const id of ids) expect(marker?.evidence.map(recordNumber)).toContain(id);
    expect(marker?.hosts.length).toBe(1);
  });

  it('names the LSASS reader and justifies it with the Sysmon 10 record', () => {
    const { records, events } = loadSample(
      'Credential_Access_sysmon_10_lsass_mimikatz_sekurlsa_logonpasswords',
    );
    const { impact } = assessInvestigation({ events });
    const lsass = impact.find((marker) => marker.technique === 'T1003.001');
    const record = records[0];
    expect(lsass?.evidence.map(recordNumber)).toEqual([String(record?.Event.System.EventRecordID)]);
    expect(lsass?.hosts).toEqual([record?.Event.System.Computer]);
    const reader = String(record?.Event.EventData?.SourceImage).split('\\').pop()?.toLowerCase();
    expect(lsass?.summary).toContain(reader);
  });

  it('finds no credential access, persistence or destruction in a pure lateral-movement trace', () => {
    const { events } = loadSample('Lateral_Movement_LM_REMCOM_5145_TargetHost');
    const kinds = new Set(assessInvestigation({ events }).impact.map((marker) => marker.kind));
    expect(kinds.has('credential-access')).toBe(false);
    expect(kinds.has('destruction')).toBe(false);
    expect(kinds.has('data-exfiltrated')).toBe(false);
  });

  it('sees a web server starting a shell as an exploited service', () => {
    const { records, events } = loadSample(
      'Lateral_Movement_LM_typical_IIS_webshell_sysmon_1_10_traces',
    );
    const { origin } = assessInvestigation({ events });
    expect(origin?.initialAccess).toBe('exploited-service');
    expect(origin?.technique).toBe('T1190');
    expect(origin?.host).toBe('IEWIN7');
    expect(recordNumber(origin?.evidence[0] ?? '')).toBe(
      String(records[0]?.Event.System.EventRecordID),
    );
  });

  it('follows the process ancestry from the first activity to the first suspicious launch', () => {
    const { events } = loadSample(
      'AutomatedTestingTools_Malware_sideloading_uacbypass_rundll32_injection_c2',
    );
    const { origin } = assessInvestigation({ events });
    expect(origin?.host).toBe('MSEDGEWIN10');
    // The Office-named binary started rundll32: the phishing-attachment pattern.
    expect(origin?.initialAccess).toBe('phishing-attachment');
    expect(origin?.technique).toBe('T1566.001');
    expect(origin?.evidence.map(recordNumber)).toContain('417079');
    const times = new Map(events.map((event) => [eventEntryId(event), Number(event.time)]));
    const order = origin?.evidence.map((id) => times.get(id) ?? 0) ?? [];
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});
