import { describe, expect, it } from 'vitest';
import { convertSigmaRule } from '../convert.js';
import { SigmaConversionError } from '../errors.js';
import { DEFENDER_XDR_MAPPING } from '../mappings/defender-xdr.js';
import type { SigmaConvertOptions } from '../types.js';
import { testRule } from './backend-test-helpers.js';
import { kqlField } from './kql.js';

/** The predicate only (no table), with placeholder `admins`. */
function kql(detection: string, options: SigmaConvertOptions = {}): string {
  return convertSigmaRule(testRule(detection), 'kql', {
    predicateOnly: true,
    placeholders: { admins: ['alice', 'bob'] },
    ...options,
  }).query;
}

function unsupported(detection: string, options: SigmaConvertOptions = {}) {
  try {
    kql(detection, options);
  } catch (error) {
    if (SigmaConversionError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a SigmaConversionError');
}

describe('kql backend: values and modifiers', () => {
  it('equality is =~ (case-insensitive); backslashes and quotes escaped', () => {
    expect(kql(`sel:\n  Image: 'C:\\Windows\\System32\\cmd.exe'\ncondition: sel`)).toBe(
      'Image =~ "C:\\\\Windows\\\\System32\\\\cmd.exe"',
    );
    expect(kql(`sel:\n  CommandLine|contains: 'say "hi"'\ncondition: sel`)).toBe(
      'CommandLine contains "say \\"hi\\""',
    );
  });

  it('contains, startswith, endswith', () => {
    expect(
      kql(
        `sel:\n  CommandLine|contains: ' /c '\n  Image|endswith: '\\cmd.exe'\n  ParentImage|startswith: 'C:\\Program Files\\'\ncondition: sel`,
      ),
    ).toBe(
      'CommandLine contains " /c " and Image endswith "\\\\cmd.exe" and ParentImage startswith "C:\\\\Program Files\\\\"',
    );
  });

  it('all ANDs the values; a list ORs them', () => {
    expect(kql(`sel:\n  CommandLine|contains|all: ['net', 'user']\ncondition: sel`)).toBe(
      'CommandLine contains "net" and CommandLine contains "user"',
    );
    expect(kql(`sel:\n  Image|endswith: ['\\a.exe', '\\b.exe']\ncondition: sel`)).toBe(
      'Image endswith "\\\\a.exe" or Image endswith "\\\\b.exe"',
    );
  });

  it('windash expands to the five dashes', () => {
    expect(kql(`sel:\n  CommandLine|windash|contains: ' -enc '\ncondition: sel`)).toBe(
      'CommandLine contains " -enc " or CommandLine contains " /enc " or CommandLine contains " –enc " or CommandLine contains " —enc " or CommandLine contains " ―enc "',
    );
  });

  it('base64, base64offset and utf16 are cased (==, contains_cs)', () => {
    expect(kql(`sel:\n  CommandLine|base64: 'ping'\ncondition: sel`)).toBe(
      'CommandLine == "cGluZw=="',
    );
    expect(kql(`sel:\n  CommandLine|base64offset|contains: 'ping'\ncondition: sel`)).toBe(
      'CommandLine contains_cs "cGluZ" or CommandLine contains_cs "Bpbm" or CommandLine contains_cs "waW5n"',
    );
    expect(kql(`sel:\n  CommandLine|utf16le|base64offset|contains: 'ab'\ncondition: sel`)).toBe(
      'CommandLine contains_cs "YQBiA" or CommandLine contains_cs "EAYg" or CommandLine contains_cs "hAGIA"',
    );
    expect(kql(`sel:\n  CommandLine|utf16be|base64|contains: 'ab'\ncondition: sel`)).toBe(
      'CommandLine contains_cs "AGEAYg=="',
    );
  });

  it('wide alone holds NUL characters: a regex with \\x{00}', () => {
    expect(kql(`sel:\n  CommandLine|wide|contains: 'ab'\ncondition: sel`)).toBe(
      'CommandLine matches regex @"(?s)a\\x{00}b\\x{00}"',
    );
  });

  it('re is matches regex in a verbatim string, with inline flags', () => {
    expect(kql(`sel:\n  CommandLine|re: '\\s-e(nc)?\\s+"x"'\ncondition: sel`)).toBe(
      'CommandLine matches regex @"\\s-e(nc)?\\s+""x"""',
    );
    expect(kql(`sel:\n  CommandLine|re|i|m|s: '^a.b$'\ncondition: sel`)).toBe(
      'CommandLine matches regex @"(?ims)^a.b$"',
    );
    expect(kql(`sel:\n  CommandLine|re|i: ['a+b', 'c']\ncondition: sel`)).toBe(
      'CommandLine matches regex @"(?i)a+b" or CommandLine matches regex @"(?i)c"',
    );
  });

  it('cidr: ipv4_is_in_range / ipv6_is_in_range (IPv4-mapped networks as IPv4)', () => {
    expect(
      kql(
        `sel:\n  DestinationIp|cidr: ['10.0.0.0/8', 'fe80::/10', '::ffff:192.168.0.0/112']\ncondition: sel`,
      ),
    ).toBe(
      'ipv4_is_in_range(DestinationIp, "10.0.0.0/8") or ipv6_is_in_range(DestinationIp, "fe80::/10") or ipv4_is_in_range(DestinationIp, "192.168.0.0/16")',
    );
  });

  it('exists, null and an empty value (absent and empty are one in KQL)', () => {
    expect(
      kql(`sel:\n  CommandLine|exists: true\n  ParentCommandLine|exists: false\ncondition: sel`),
    ).toBe('isnotempty(CommandLine) and not(isnotempty(ParentCommandLine))');
    expect(
      kql(`sel:\n  OriginalFileName: null\n  Description: ''\n  Product: '*'\ncondition: sel`),
    ).toBe('isempty(OriginalFileName) and isempty(Description) and isnotempty(Product)');
  });

  it('gt…lte compare todouble(); digits-only values compare as text', () => {
    expect(kql(`sel:\n  SourcePort|gt: 1024\n  DestinationPort|lte: 443\ncondition: sel`)).toBe(
      'todouble(SourcePort) > 1024 and todouble(DestinationPort) <= 443',
    );
    expect(kql(`sel:\n  EventID: 4688\n  LogonId: '0x3e7'\ncondition: sel`)).toBe(
      'tostring(EventID) == "4688" and LogonId =~ "0x3e7"',
    );
  });

  it('a negated comparison or range test coalesces null (non-number, non-address) to false', () => {
    expect(
      kql(`sel:\n  Image|endswith: '\\x.exe'\nf:\n  SourcePort|gt: 1024\ncondition: sel and not f`),
    ).toBe('Image endswith "\\\\x.exe" and not(coalesce(todouble(SourcePort) > 1024, false))');
    expect(kql(`sel:\n  DestinationIp|cidr|neq: ['10.0.0.0/8', '::1/128']\ncondition: sel`)).toBe(
      'not(coalesce(ipv4_is_in_range(DestinationIp, "10.0.0.0/8") or ipv6_is_in_range(DestinationIp, "::1/128"), false))',
    );
  });

  it('time parts read datetime_part() / week_of_year() of todatetime()', () => {
    expect(
      kql(
        `sel:\n  UtcTime|hour: 3\n  UtcTime|week|gte: 50\n  UtcTime|year|lt: 2020\ncondition: sel`,
      ),
    ).toBe(
      'datetime_part("Hour", todatetime(UtcTime)) == 3 and week_of_year(todatetime(UtcTime)) >= 50 and datetime_part("Year", todatetime(UtcTime)) < 2020',
    );
  });

  it('fieldref compares columns, guarded by isnotempty() of the other', () => {
    expect(
      kql(
        `sel:\n  ParentImage|fieldref: Image\n  CommandLine|fieldref|endswith: Image\ncondition: sel`,
      ),
    ).toBe(
      '(isnotempty(Image) and ParentImage =~ Image) and (isnotempty(Image) and CommandLine endswith Image)',
    );
    expect(kql(`sel:\n  User|fieldref|cased|contains: ParentUser\ncondition: sel`)).toBe(
      'isnotempty(ParentUser) and User contains_cs ParentUser',
    );
    expect(kql(`sel:\n  User|fieldref|cased: ParentUser\ncondition: sel`)).toBe(
      'isnotempty(ParentUser) and User == ParentUser',
    );
  });

  it('cased uses == and the _cs operators', () => {
    expect(
      kql(
        `sel:\n  CommandLine|cased|contains: 'AbC'\n  Hashes|cased: 'MD5=0A'\n  Image|cased|endswith: 'X.exe'\n  ParentImage|cased|startswith: 'C:'\ncondition: sel`,
      ),
    ).toBe(
      'CommandLine contains_cs "AbC" and Hashes == "MD5=0A" and Image endswith_cs "X.exe" and ParentImage startswith_cs "C:"',
    );
  });

  it('neq negates the item; expand uses the placeholder values', () => {
    expect(kql(`sel:\n  User|neq: ['SYSTEM', 'LOCAL SERVICE']\ncondition: sel`)).toBe(
      'not(User =~ "SYSTEM" or User =~ "LOCAL SERVICE")',
    );
    expect(kql(`sel:\n  User|expand: '%admins%'\ncondition: sel`)).toBe(
      'User =~ "alice" or User =~ "bob"',
    );
  });
});

describe('kql backend: wildcards and escaping', () => {
  it('a ? or a * inside is an anchored, escaped regex', () => {
    expect(kql(`sel:\n  Image: 'C:\\Windows\\Sys?em32\\cmd.exe'\ncondition: sel`)).toBe(
      'Image matches regex @"(?is)^C:\\\\Windows\\\\Sys.em32\\\\cmd\\.exe$"',
    );
    expect(kql(`sel:\n  CommandLine: '*net* user (x)*'\ncondition: sel`)).toBe(
      'CommandLine matches regex @"(?is)net.* user \\(x\\)"',
    );
    expect(kql(`sel:\n  CommandLine|startswith: 'a*b"c'\ncondition: sel`)).toBe(
      'CommandLine matches regex @"(?is)^a.*b""c"',
    );
  });

  it('a literal * (\\*) is plain text for contains', () => {
    expect(kql(`sel:\n  CommandLine|contains: 'a\\*b'\ncondition: sel`)).toBe(
      'CommandLine contains "a*b"',
    );
  });

  it('odd column names are bracket-quoted; dotted names are dynamic properties', () => {
    expect(kql(`sel:\n  Some Field: 'x'\ncondition: sel`)).toBe(`['Some Field'] =~ "x"`);
    expect(kqlField('EventData.Image')).toBe('tostring(EventData.Image)');
    expect(kqlField('EventData.odd name')).toBe('tostring(EventData["odd name"])');
  });
});

describe('kql backend: keywords and conditions', () => {
  it('keywords are * contains; all ANDs them; cased is contains_cs', () => {
    expect(kql(`keywords:\n  - 'mimikatz'\n  - 'sekurlsa::'\ncondition: keywords`)).toBe(
      '* contains "mimikatz" or * contains "sekurlsa::"',
    );
    expect(kql(`keywords:\n  '|all':\n    - 'lsass'\n    - 'dump'\ncondition: keywords`)).toBe(
      '* contains "lsass" and * contains "dump"',
    );
    expect(kql(`keywords:\n  '|cased':\n    - 'Mimikatz'\ncondition: keywords`)).toBe(
      '* contains_cs "Mimikatz"',
    );
  });

  const two = `a:\n  CommandLine|contains: 'a'\nb:\n  User: 'b'\n`;
  it('1 of, all of, them, not, parentheses, several conditions', () => {
    expect(kql(`${two}filter:\n  User: 'x'\ncondition: 1 of them and not filter`)).toBe(
      '(CommandLine contains "a" or User =~ "b" or User =~ "x") and not(User =~ "x")',
    );
    expect(
      kql(`sel_a:\n  CommandLine|contains: 'a'\nsel_b:\n  User: 'b'\ncondition: all of sel_*`),
    ).toBe('CommandLine contains "a" and User =~ "b"');
    expect(kql(`${two}condition: all of them`)).toBe('CommandLine contains "a" and User =~ "b"');
    expect(kql(`${two}c:\n  Company: 'c'\ncondition: a and (b or not c)`)).toBe(
      'CommandLine contains "a" and (User =~ "b" or not(Company =~ "c"))',
    );
    expect(kql(`${two}condition: not (a or b)`)).toBe(
      'not(CommandLine contains "a" or User =~ "b")',
    );
    expect(kql(`${two}condition:\n  - a\n  - b`)).toBe('CommandLine contains "a" or User =~ "b"');
    expect(
      kql(`sel:\n  - CommandLine|contains: 'x'\n    User: 'u'\n  - Company: 'c'\ncondition: sel`),
    ).toBe('(CommandLine contains "x" and User =~ "u") or Company =~ "c"');
  });
});

describe('kql backend: tables and mappings', () => {
  it('sentinel: Sysmon for categories, SecurityEvent for Security, WindowsEvent for others', () => {
    expect(
      convertSigmaRule(testRule(`sel:\n  Image|endswith: '\\x.exe'\ncondition: sel`), 'kql').query,
    ).toBe('Sysmon\n| where EventID == 1\n| where Image endswith "\\\\x.exe"');
    expect(
      convertSigmaRule(
        testRule(
          `sel:\n  EventID: 4624\n  LogonType: 3\ncondition: sel`,
          'product: windows\n  service: security',
        ),
        'kql',
      ).query,
    ).toBe('SecurityEvent\n| where tostring(EventID) == "4624" and tostring(LogonType) == "3"');
    expect(
      convertSigmaRule(
        testRule(
          `sel:\n  EventID: 7045\n  ImagePath|contains: 'cmd'\ncondition: sel`,
          'product: windows\n  service: system',
        ),
        'kql',
      ).query,
    ).toBe(
      'WindowsEvent\n| where Channel =~ "System"\n| where tostring(EventID) == "7045" and tostring(EventData.ImagePath) contains "cmd"',
    );
    expect(
      convertSigmaRule(
        testRule(
          `sel:\n  ScriptBlockText|contains: 'x'\ncondition: sel`,
          'product: windows\n  category: ps_script',
        ),
        'kql',
      ).query,
    ).toBe(
      'WindowsEvent\n| where Channel in~ ("Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational") and EventID == 4104\n| where tostring(EventData.ScriptBlockText) contains "x"',
    );
    expect(
      convertSigmaRule(
        testRule(
          `sel:\n  TargetObject|contains: '\\Run'\ncondition: sel`,
          'product: windows\n  category: registry_delete',
        ),
        'kql',
      ).query,
    ).toBe(
      'Sysmon\n| where EventID == 12 and EventType in~ ("DeleteKey", "DeleteValue")\n| where TargetObject contains "\\\\Run"',
    );
  });

  it('defender-xdr: the Device tables with Sysmon names renamed', () => {
    expect(
      convertSigmaRule(
        testRule(
          `sel:\n  Image|endswith: '\\x.exe'\n  CommandLine|contains: 'y'\n  ParentImage|endswith: '\\p.exe'\ncondition: sel`,
        ),
        'kql',
        { mapping: DEFENDER_XDR_MAPPING },
      ).query,
    ).toBe(
      'DeviceProcessEvents\n| where ActionType =~ "ProcessCreated"\n| where FolderPath endswith "\\\\x.exe" and ProcessCommandLine contains "y" and InitiatingProcessFolderPath endswith "\\\\p.exe"',
    );
    expect(
      convertSigmaRule(
        testRule(
          `sel:\n  DestinationIp|cidr: '10.0.0.0/8'\n  DestinationPort: 445\ncondition: sel`,
          'product: windows\n  category: network_connection',
        ),
        'kql',
        { mapping: DEFENDER_XDR_MAPPING },
      ).query,
    ).toBe(
      'DeviceNetworkEvents\n| where ipv4_is_in_range(RemoteIP, "10.0.0.0/8") and tostring(RemotePort) == "445"',
    );
  });

  it('defender-xdr: a field without a column, or a channel, is unmapped', () => {
    const field = unsupported(`sel:\n  GrandParentImage: 'x'\ncondition: sel`, {
      mapping: DEFENDER_XDR_MAPPING,
    });
    expect(field.code).toBe('SIGMA_CONVERSION_UNMAPPED');
    expect(field.problem.construct).toBe('GrandParentImage');
    expect(() =>
      convertSigmaRule(
        testRule(`sel:\n  EventID: 4624\ncondition: sel`, 'product: windows\n  service: security'),
        'kql',
        { mapping: DEFENDER_XDR_MAPPING },
      ),
    ).toThrow(/no source for logsource \{product: windows, service: security\}/);
  });
});

describe('kql backend: unsupported constructs', () => {
  it('a keyword with ? or an inner *, and a keyword regex, are reported', () => {
    const wildcard = unsupported(`keywords:\n  - 'mimi?atz'\ncondition: keywords`);
    expect(wildcard.code).toBe('SIGMA_CONVERSION_UNSUPPORTED');
    expect(wildcard.problem.target).toBe('kql');
    expect(wildcard.problem.construct).toBe('keywords');
    expect(wildcard.problem.reason).toMatch(/wildcard inside/);
    expect(unsupported(`keywords:\n  - 'a*b'\ncondition: keywords`).problem.construct).toBe(
      'keywords',
    );
    const regex = unsupported(`keywords:\n  '|re': 'mimi.atz'\ncondition: keywords`);
    expect(regex.problem.construct).toBe('keywords|re');
    expect(regex.problem.reason).toMatch(/regex/);
  });
});
