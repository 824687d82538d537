import { parseSigmaYaml, type SigmaRule } from '@openmdr/detections';

/**
 * One rule per modifier form, over the fields of {@link MODIFIER_EVENTS}. Left out, as the
 * engine reads them differently from RE2 today: `\x41BC` (the indexed routing derives a wrong
 * needle and misses the match) and `\pL` (read by V8 without the `u` flag as a literal `p`).
 */
const RULES: Record<string, string> = {
  equals: `Image: 'C:\\Windows\\System32\\cmd.exe'`,
  wildcards: `CommandLine: 'run*a?c'`,
  escapedStar: `CommandLine: 'x\\*y'`,
  percentUnderscore: `CommandLine|contains: '50%_off'`,
  quote: `CommandLine|contains: "it's"`,
  backslash: `Image|endswith: '\\cmd.exe'`,
  cased: `Image|cased|endswith: 'CMD.EXE'`,
  startswith: `CommandLine|startswith: 'RUN'`,
  all: `CommandLine|contains|all: ['a', 'c']`,
  nullValue: `ParentImage: null`,
  existsTrue: `ParentImage|exists: true`,
  existsFalse: `ParentImage|exists: false`,
  neq: `Image|neq: 'C:\\Windows\\System32\\cmd.exe'`,
  numberEquals: `Count: 10`,
  gt: `Count|gt: 5`,
  lte: `Count|lte: 100`,
  bool: `Flag: true`,
  cidr4: `SourceIp|cidr: '10.0.0.0/8'`,
  cidr4Narrow: `SourceIp|cidr: ['192.168.1.0/30', '172.16.0.0/12']`,
  cidr6: `SourceIp|cidr: '2001:db8::/32'`,
  cidr6Odd: `SourceIp|cidr: ['fe80::/10', '2001:db8:8000::/33', '::/0']`,
  regex: `CommandLine|re: 'run.+c$'`,
  regexI: `CommandLine|re|i: '^RUN'`,
  regexM: `CommandLine|re|m: '^second'`,
  regexS: `CommandLine|re|s: 'first.second'`,
  regexDot: `CommandLine|re: 'first.second'`,
  regexClasses: `CommandLine|re: '\\d{2}\\s\\w+\\b'`,
  regexInline: `CommandLine|re: '(?i)x\\*Y'`,
  regexBrackets: `CommandLine|re: '[^a-z ]{3}'`,
  regexNamed: `CommandLine|re: '(?P<w>wor)d!'`,
  regexBrace: `CommandLine|re: 'a\\{1'`,
  regexLazy: `CommandLine|re: '^p.*?l{2}'`,
  regexBoundary: `CommandLine|re|i: '\\Bnc\\b'`,
  regexEndsWith: `CommandLine|re|endswith: 'A{3}'`,
  regexNotDigit: `CommandLine|re: '^[^\\d]+$'`,
  regexLongRepeat: `CommandLine|re: '^x(?:[a-c]){2,300}y$'`,
  regexLongFixed: `CommandLine|re: 'z{256,}'`,
  windash: `CommandLine|windash|contains: ' -enc '`,
  base64offset: `CommandLine|base64offset|contains: 'http://'`,
  fieldref: `User|fieldref: TargetUser`,
  fieldrefCased: `User|fieldref|cased: TargetUser`,
  fieldrefStarts: `User|fieldref|startswith: TargetUser`,
  fieldrefEnds: `User|fieldref|endswith: TargetUser`,
  fieldrefContains: `User|fieldref|contains: TargetUser`,
  hour: `UtcTime|hour: 3`,
  yearGte: `UtcTime|year|gte: 2024`,
  week: `UtcTime|week: 10`,
  keywords: `['evil', 'EVIL*THING']`,
  keywordRegex: `'|re': 'ev[il]{2}'`,
  emptyString: `Description: ''`,
};

function yamlRule(name: string, index: number, body: string, logsource: string): string {
  const detection = body.startsWith('[')
    ? `  keywords: ${body}\n  condition: keywords`
    : body.startsWith("'|re'")
      ? `  keywords:\n    ${body}\n  condition: keywords`
      : `  selection:\n    ${body}\n  condition: selection`;
  const id = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  return `title: ${name}\nid: ${id}\nlevel: medium\nlogsource: ${logsource}\ndetection:\n${detection}\n`;
}

/** The modifier rules: each form once for `process_creation`, and a few without logsource. */
export function modifierRules(): SigmaRule[] {
  const texts = Object.entries(RULES).map(([name, body], index) =>
    yamlRule(name, index, body, '{product: windows, category: process_creation}'),
  );
  texts.push(yamlRule('anySource', 900, `Image|contains: 'cmd'`, '{product: windows}'));
  texts.push(yamlRule('linuxOnly', 901, `Image|contains: 'cmd'`, '{product: linux}'));
  const { documents, errors } = parseSigmaYaml(texts.join('---\n'));
  if (errors.length > 0) throw new Error(errors.map((error) => error.message).join('\n'));
  return documents.filter((document): document is SigmaRule => 'detection' in document);
}

const SYSMON = { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1 };

/** Events that exercise each modifier (with and without Sysmon routing). */
export const MODIFIER_EVENTS: readonly unknown[] = [
  { ...SYSMON, Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'runXabc', Count: 10 },
  { ...SYSMON, Image: 'C:\\WINDOWS\\SYSTEM32\\CMD.EXE', CommandLine: 'RUNabc', Count: '10' },
  { ...SYSMON, Image: 'c:\\tools\\mycmd.exe', CommandLine: 'x*y', ParentImage: null },
  { ...SYSMON, Image: 'x', CommandLine: 'xzy', ParentImage: 'p.exe', Count: ' 7 ' },
  { ...SYSMON, CommandLine: 'get 50%_off now', Count: 'abc' },
  { ...SYSMON, CommandLine: 'get 50%xoff now', Count: '1e2' },
  { ...SYSMON, CommandLine: 'get 50x_off now', Count: '-3.5' },
  { ...SYSMON, CommandLine: "it's here", Count: 200 },
  { ...SYSMON, CommandLine: 'its here', Count: '' },
  { ...SYSMON, CommandLine: 'first\nsecond line', SourceIp: '10.1.2.3' },
  { ...SYSMON, CommandLine: 'firstxsecond', SourceIp: '010.1.2.3' },
  { ...SYSMON, CommandLine: 'x*Y and 12 word!', SourceIp: '::ffff:10.0.0.5' },
  { ...SYSMON, CommandLine: 'ABC', SourceIp: '192.168.1.3' },
  { ...SYSMON, CommandLine: 'abc', SourceIp: '192.168.1.4' },
  { ...SYSMON, CommandLine: 'a', SourceIp: '172.31.255.255' },
  { ...SYSMON, CommandLine: 'c', SourceIp: '300.1.1.1' },
  { ...SYSMON, CommandLine: 'xABC a{1 b' },
  { ...SYSMON, CommandLine: 'line one\nline 2' },
  { ...SYSMON, CommandLine: `x${'ab'.repeat(150)}y` },
  { ...SYSMON, CommandLine: `x${'ab'.repeat(150)}ay` },
  { ...SYSMON, CommandLine: 'z'.repeat(256) },
  { ...SYSMON, CommandLine: 'z'.repeat(255) },
  { ...SYSMON, CommandLine: 'powershell -enc AAA', SourceIp: 'not an ip' },
  { ...SYSMON, CommandLine: 'powershell /enc AAA', SourceIp: '2001:db8::1' },
  { ...SYSMON, CommandLine: 'powershell \u2013enc AAA', SourceIp: '2001:DB8:0:0::5' },
  { ...SYSMON, CommandLine: 'powershell enc AAA', SourceIp: 'fe80::1%eth0' },
  { ...SYSMON, CommandLine: 'aHR0cDovL', SourceIp: '[2001:db8::2]' },
  { ...SYSMON, CommandLine: 'xx aHR0cDovL yy', SourceIp: '2001:db9::1' },
  { ...SYSMON, CommandLine: 'odHRwOi8v', SourceIp: '2001:db8::1/64' },
  { ...SYSMON, SourceIp: 'febf:ffff::1' },
  { ...SYSMON, SourceIp: 'fec0::1' },
  { ...SYSMON, SourceIp: '2001:db8:ffff::1' },
  { ...SYSMON, SourceIp: '2001:db8:7fff::1' },
  { ...SYSMON, SourceIp: '::' },
  { ...SYSMON, SourceIp: '1::2::3' },
  { ...SYSMON, SourceIp: '[fe80::1%eth0]' },
  { ...SYSMON, SourceIp: '::ffff:192.168.1.1' },
  { ...SYSMON, User: 'Alice', TargetUser: 'alice' },
  { ...SYSMON, User: 'Alice', TargetUser: 'Alice' },
  { ...SYSMON, User: 'Alice Smith', TargetUser: 'ALICE' },
  { ...SYSMON, User: 'Mr Alice', TargetUser: 'alice' },
  { ...SYSMON, User: 'Bob', TargetUser: '' },
  { ...SYSMON, User: 'Bob' },
  { ...SYSMON, UtcTime: '2024-03-05 03:15:00.000' },
  { ...SYSMON, UtcTime: '2024-03-05T04:15:00Z' },
  { ...SYSMON, UtcTime: '2023-12-31' },
  { ...SYSMON, UtcTime: 'yesterday' },
  { ...SYSMON, Description: 'an EVIL thing', Flag: true },
  { ...SYSMON, Description: 'evil', Flag: 'True' },
  { ...SYSMON, Description: '', Flag: 'false' },
  { ...SYSMON, Nested: { Deep: 'evil_thing' } },
  { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'run it abc' },
  { Channel: 'Security', EventID: 4688, NewProcessName: 'C:\\Windows\\System32\\cmd.exe' },
  { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 3, Image: 'cmd.exe' },
  { _path: 'conn', Image: 'cmd.exe', 'id.orig_h': '10.0.0.1' },
];
