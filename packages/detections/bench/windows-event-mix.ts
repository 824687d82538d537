/**
 * A realistic Windows event mix for the benchmark: mostly benign Sysmon events (process
 * creation, file, registry, network, image load, DNS), some Security logons, and the
 * `regression-dev` malicious samples, as flat Sigma records and as exported Event Log records.
 *
 * Deterministic: a seeded generator, no clock.
 */

/** A small deterministic PRNG (mulberry32). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

const PROCESSES: readonly [string, string, string][] = [
  [
    'C:\\Windows\\System32\\svchost.exe',
    'svchost.exe',
    'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule',
  ],
  [
    'C:\\Windows\\System32\\svchost.exe',
    'svchost.exe',
    'C:\\Windows\\System32\\svchost.exe -k LocalServiceNetworkRestricted -p',
  ],
  [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'chrome.exe',
    '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer --field-trial-handle=1234,5678 --lang=en-US --renderer-client-id={n} /prefetch:1',
  ],
  [
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
    'outlook.exe',
    '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE" /recycle',
  ],
  [
    'C:\\Windows\\System32\\conhost.exe',
    'CONHOST.EXE',
    '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1',
  ],
  [
    'C:\\Windows\\System32\\RuntimeBroker.exe',
    'RuntimeBroker.exe',
    'C:\\Windows\\System32\\RuntimeBroker.exe -Embedding',
  ],
  [
    'C:\\Windows\\System32\\backgroundTaskHost.exe',
    'backgroundTaskHost.exe',
    '"C:\\Windows\\system32\\backgroundTaskHost.exe" -ServerName:BackgroundTaskHost.WebAccountProvider',
  ],
  [
    'C:\\Program Files\\Microsoft VS Code\\Code.exe',
    'electron.exe',
    '"C:\\Program Files\\Microsoft VS Code\\Code.exe" --type=utility --utility-sub-type=node.mojom.NodeService --lang=en-US',
  ],
  [
    'C:\\Windows\\System32\\taskhostw.exe',
    'taskhostw.exe',
    'taskhostw.exe {222A245B-E637-4AE9-A93F-{n}}',
  ],
  [
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    'msedge.exe',
    '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --type=gpu-process --gpu-preferences=UAAAAAAAAADgAAAYAAAAAAAAAAAAAAAAAABgAAAAAAAwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  ],
  [
    'C:\\Windows\\System32\\SearchProtocolHost.exe',
    'SearchProtocolHost.exe',
    '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe1_ Global\\UsGthrCtrlFltPipeMssGthrPipe1 1 -2147483646 "Software\\Microsoft\\Windows Search"',
  ],
  [
    'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    'PowerShell.EXE',
    'powershell.exe -NoProfile -Command Get-ChildItem C:\\Users\\alice\\Documents\\project-{n}',
  ],
  [
    'C:\\Windows\\System32\\cmd.exe',
    'Cmd.Exe',
    'C:\\Windows\\system32\\cmd.exe /c dir C:\\build\\output-{n}',
  ],
  ['C:\\Program Files\\Git\\cmd\\git.exe', 'git.exe', 'git.exe fetch --all --prune'],
  [
    'C:\\Program Files\\nodejs\\node.exe',
    'node.exe',
    '"C:\\Program Files\\nodejs\\node.exe" C:\\work\\app\\node_modules\\vite\\bin\\vite.js build --port {n}',
  ],
  [
    'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe',
    'Wmiprvse.exe',
    'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding',
  ],
  [
    'C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe',
    'OneDrive.exe',
    '"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe" /background',
  ],
  ['C:\\Windows\\explorer.exe', 'EXPLORER.EXE', 'C:\\Windows\\Explorer.EXE'],
];
const PARENTS: readonly [string, string][] = [
  ['C:\\Windows\\System32\\services.exe', 'C:\\Windows\\system32\\services.exe'],
  ['C:\\Windows\\explorer.exe', 'C:\\Windows\\Explorer.EXE'],
  [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"',
  ],
  ['C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p'],
  [
    'C:\\Program Files\\Microsoft VS Code\\Code.exe',
    '"C:\\Program Files\\Microsoft VS Code\\Code.exe"',
  ],
];
const FILES = [
  'C:\\Users\\alice\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Cache\\Cache_Data\\f_{n}',
  'C:\\Users\\alice\\Documents\\Quarterly report.docx',
  'C:\\Windows\\Temp\\MpCmdRun.log',
  'C:\\Users\\alice\\AppData\\Local\\Temp\\vscode-typescript\\tscancellation-{n}.tmp',
  'C:\\ProgramData\\Microsoft\\Windows Defender\\Scans\\History\\Service\\DetectionHistory\\02\\ABC.tmp',
  'C:\\work\\app\\dist\\assets\\index-{n}.js',
  'C:\\Users\\alice\\Downloads\\setup-notes.txt',
  'C:\\Windows\\Prefetch\\CHROME.EXE-1A2B3C4D.pf',
];
const REGISTRY = [
  [
    'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\LastOnlineScanTimeForAppCategory',
    'QWORD (0x01da1234-0x5678abcd)',
  ],
  [
    'HKU\\S-1-5-21-1111-2222-3333-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.docx\\MRUListEx',
    'Binary Data',
  ],
  [
    'HKLM\\System\\CurrentControlSet\\Services\\bam\\State\\UserSettings\\S-1-5-21-1111-2222-3333-1001\\\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe',
    'Binary Data',
  ],
  [
    'HKU\\S-1-5-21-1111-2222-3333-1001\\Software\\Google\\Chrome\\BLBeacon\\state',
    'DWORD (0x00000001)',
  ],
  [
    'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates\\SignaturesLastUpdated',
    'Binary Data',
  ],
] as const;
const DESTINATIONS = [
  ['142.250.185.78', 443, 'fra16s48-in-f14.1e100.net'],
  ['20.190.160.20', 443, 'login.microsoftonline.com'],
  ['10.0.0.12', 445, 'fileserver.corp.local'],
  ['13.107.42.14', 443, 'onedrive.live.com'],
  ['192.168.1.1', 53, 'router.lan'],
] as const;
const DLLS = [
  'C:\\Windows\\System32\\ntdll.dll',
  'C:\\Windows\\System32\\kernel32.dll',
  'C:\\Windows\\System32\\advapi32.dll',
  'C:\\Windows\\System32\\combase.dll',
  'C:\\Windows\\System32\\msvcp_win.dll',
  'C:\\Program Files\\Google\\Chrome\\Application\\120.0.6099.130\\chrome_elf.dll',
  'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\clr.dll',
];
const QUERIES = [
  'www.google.com',
  'login.microsoftonline.com',
  'github.com',
  'update.googleapis.com',
  'wpad.corp.local',
];

type Flat = Record<string, unknown>;

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** Fills `{n}` with a random number, so that values vary as in real streams. */
function vary(random: () => number, text: string): string {
  return text.replace('{n}', () => Math.floor(random() * 1_000_000).toString(16));
}

function base(random: () => number, eventId: number, channel = SYSMON): Flat {
  return {
    Provider_Name:
      channel === SYSMON ? 'Microsoft-Windows-Sysmon' : 'Microsoft-Windows-Security-Auditing',
    EventID: eventId,
    Channel: channel,
    Computer: `WS-${Math.floor(random() * 500)}.corp.local`,
    UtcTime: '2026-11-20 10:15:42.123',
    ProcessGuid: '{0197231E-9BE6-6934-5301-000000000B00}',
    ProcessId: Math.floor(random() * 20000),
  };
}

/** One benign flat event of a random kind, weighted like a workstation's Sysmon stream. */
export function benignEvent(random: () => number): Flat {
  const roll = random();
  const [image, original, commandLine] = pick(random, PROCESSES);
  if (roll < 0.3) {
    const [parentImage, parentCommandLine] = pick(random, PARENTS);
    return {
      ...base(random, 1),
      Image: image,
      OriginalFileName: original,
      CommandLine: vary(random, commandLine),
      CurrentDirectory: 'C:\\Windows\\system32\\',
      User: 'CORP\\alice',
      LogonId: '0x1eba8',
      IntegrityLevel: 'Medium',
      Hashes:
        'MD5=352B525E9C26CB92693899528FE007C2,SHA256=1F1D918EC49E0B7C59B704FF412E1A6E224DA81C08CDA657E1CB482ABAAC146C,IMPHASH=94F3EFC2DF40ECD7229B904540DD83CF',
      ParentImage: parentImage,
      ParentCommandLine: parentCommandLine,
      ParentUser: 'CORP\\alice',
      Company: 'Microsoft Corporation',
      Description: 'Benign process',
      Product: 'Microsoft Windows Operating System',
    };
  }
  if (roll < 0.5) {
    return {
      ...base(random, 11),
      Image: image,
      TargetFilename: vary(random, pick(random, FILES)),
      User: 'CORP\\alice',
    };
  }
  if (roll < 0.68) {
    const [target, details] = pick(random, REGISTRY);
    return {
      ...base(random, 13),
      EventType: 'SetValue',
      Image: image,
      TargetObject: target,
      Details: details,
    };
  }
  if (roll < 0.8) {
    const [ip, port, host] = pick(random, DESTINATIONS);
    return {
      ...base(random, 3),
      Image: image,
      User: 'CORP\\alice',
      Protocol: 'tcp',
      Initiated: 'true',
      SourceIp: '10.0.5.23',
      SourcePort: 50000 + Math.floor(random() * 10000),
      DestinationIp: ip,
      DestinationPort: port,
      DestinationHostname: host,
    };
  }
  if (roll < 0.93) {
    const loaded = pick(random, DLLS);
    return {
      ...base(random, 7),
      Image: image,
      ImageLoaded: loaded,
      OriginalFileName: loaded.slice(loaded.lastIndexOf('\\') + 1),
      Signed: 'true',
      Signature: 'Microsoft Windows',
      SignatureStatus: 'Valid',
      Hashes: 'SHA256=AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12',
    };
  }
  if (roll < 0.97) {
    return {
      ...base(random, 22),
      Image: image,
      QueryName: pick(random, QUERIES),
      QueryStatus: '0',
      QueryResults: '::ffff:142.250.185.78;',
    };
  }
  return {
    ...base(random, 4624, 'Security'),
    SubjectUserSid: 'S-1-5-18',
    TargetUserName: 'alice',
    TargetDomainName: 'CORP',
    LogonType: 3,
    LogonProcessName: 'Kerberos',
    AuthenticationPackageName: 'Kerberos',
    IpAddress: '10.0.5.23',
    WorkstationName: '-',
  };
}

const SYSTEM_KEYS = new Set(['Provider_Name', 'EventID', 'Channel', 'Computer']);

/** The exported Event Log form (`Event.System` / `Event.EventData`) of a flat record. */
export function toWinlog(flat: Flat): unknown {
  const eventData: Flat = {};
  for (const [key, value] of Object.entries(flat))
    if (!SYSTEM_KEYS.has(key)) eventData[key] = value;
  return {
    Event: {
      System: {
        Provider: { '#attributes': { Name: flat['Provider_Name'] } },
        EventID: flat['EventID'],
        Channel: flat['Channel'],
        Computer: flat['Computer'],
        TimeCreated: { '#attributes': { SystemTime: '2026-11-20T10:15:42.123456Z' } },
      },
      EventData: eventData,
    },
  };
}
