import { describe, expect, it } from 'vitest';
import { SigmaConversionError } from '../errors.js';
import { ECS_WINDOWS_MAPPING } from '../mappings/ecs-windows.js';
import { convertDetection } from './backend-test-helpers.js';

/**
 * Golden ES|QL queries, written from the ES|QL reference: `FROM … METADATA …`, `WHERE`,
 * `==`, `LIKE` (`*`, `?`, `\` escapes), `RLIKE` (Lucene regular expressions, whole value),
 * `IS [NOT] NULL`, `CIDR_MATCH`, `TO_LOWER`, `TO_DOUBLE`, `DATE_EXTRACT`, `COALESCE`,
 * `STARTS_WITH`, `ENDS_WITH`, `LOCATE`, and the string literal escapes `\\` and `\"`.
 */
const esql = (detection: string, options: Parameters<typeof convertDetection>[2] = {}) =>
  convertDetection('esql', detection, options);

const unsupported = (detection: string, options: Parameters<typeof convertDetection>[2] = {}) => {
  try {
    esql(detection, options);
  } catch (error) {
    if (SigmaConversionError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('converted');
};

describe('esqlBackend', () => {
  it('writes FROM, METADATA and WHERE with the logsource data streams and event codes', () => {
    expect(esql('sel:\n  Image|endswith: \\cmd.exe\ncondition: sel', { full: true })).toBe(
      'FROM logs-windows.sysmon_operational-*,logs-system.security-* METADATA _id, _index, _version' +
        ' | WHERE event.code IN ("1", "4688") AND TO_LOWER(process.executable) LIKE "*\\\\\\\\cmd.exe"',
    );
    expect(
      esql('sel:\n  EventID: 4624\n  LogonType: 3\ncondition: sel', {
        full: true,
        logsource: 'product: windows\n  service: security',
      }),
    ).toBe(
      'FROM logs-system.security-* METADATA _id, _index, _version | WHERE ' +
        'TO_STRING(event.code) == "4624" AND TO_STRING(winlog.event_data.LogonType) == "3"',
    );
    expect(
      esql('sel:\n  TaskName: x\ncondition: sel', {
        full: true,
        logsource: 'product: windows\n  service: taskscheduler',
      }),
    ).toBe(
      'FROM logs-* METADATA _id, _index, _version | WHERE ' +
        'winlog.channel == "Microsoft-Windows-TaskScheduler/Operational" AND ' +
        'TO_LOWER(winlog.event_data.TaskName) == "x"',
    );
  });

  it('parenthesises an OR detection after the logsource conditions', () => {
    expect(
      esql('a:\n  Image: x\nb:\n  Image: y\ncondition: a or b', {
        full: true,
        logsource: 'product: windows\n  category: ps_script',
      }),
    ).toBe(
      'FROM logs-windows.powershell_operational-* METADATA _id, _index, _version | WHERE ' +
        'event.code == "4104" AND (TO_LOWER(process.executable) == "x" OR TO_LOWER(process.executable) == "y")',
    );
  });

  it('compares case-insensitively by lowercasing the field, exactly with cased', () => {
    expect(esql('sel:\n  Image: C:\\Windows\\CMD.exe\ncondition: sel')).toBe(
      'TO_LOWER(process.executable) == "c:\\\\windows\\\\cmd.exe"',
    );
    expect(esql('sel:\n  Image|cased: C:\\Windows\\CMD.exe\ncondition: sel')).toBe(
      'process.executable == "C:\\\\Windows\\\\CMD.exe"',
    );
    // No cased letters: no TO_LOWER; whole numbers compare the field's text.
    expect(esql('sel:\n  IntegrityLevel: "S-1-16-12288"\ncondition: sel')).toBe(
      'TO_LOWER(winlog.event_data.IntegrityLevel) == "s-1-16-12288"',
    );
    expect(esql('sel:\n  Hashes: "=1.2"\ncondition: sel')).toBe(
      'winlog.event_data.Hashes == "=1.2"',
    );
    expect(esql('sel:\n  ProcessId: 4\ncondition: sel')).toBe('TO_STRING(process.pid) == "4"');
    expect(esql('sel:\n  Image: ""\ncondition: sel')).toBe('process.executable == ""');
  });

  it('writes contains, startswith, endswith and wildcards with LIKE', () => {
    expect(esql('sel:\n  CommandLine|contains: " -Enc "\ncondition: sel')).toBe(
      'TO_LOWER(process.command_line) LIKE "* -enc *"',
    );
    expect(esql('sel:\n  CommandLine|startswith: Cmd\ncondition: sel')).toBe(
      'TO_LOWER(process.command_line) LIKE "cmd*"',
    );
    expect(esql('sel:\n  CommandLine|endswith: .Exe\ncondition: sel')).toBe(
      'TO_LOWER(process.command_line) LIKE "*.exe"',
    );
    expect(esql('sel:\n  CommandLine: "a?c*d"\ncondition: sel')).toBe(
      'TO_LOWER(process.command_line) LIKE "a?c*d"',
    );
  });

  it('escapes LIKE wildcards and backslashes, and string quotes', () => {
    // Sigma `\*` is a literal star, `\\` one backslash; LIKE escapes both with `\`, which the
    // string literal doubles.
    expect(esql("sel:\n  CommandLine|contains: 'a\\*b\\\\c\"d'\ncondition: sel")).toBe(
      'TO_LOWER(process.command_line) LIKE "*a\\\\*b\\\\\\\\c\\"d*"',
    );
    expect(esql("sel:\n  CommandLine: 'tab\\there'\ncondition: sel")).toBe(
      'TO_LOWER(process.command_line) == "tab\\\\there"',
    );
  });

  it('quotes unusual field names with backticks', () => {
    expect(
      esql('sel:\n  Some Field: x\n  1st: y\ncondition: sel', {
        mapping: { name: 'plain', fields: {}, logsources: [] },
      }),
    ).toBe('TO_LOWER(`Some Field`) == "x" AND TO_LOWER(`1st`) == "y"');
  });

  it('ANDs all, ORs lists, and expands windash into every dash', () => {
    expect(esql('sel:\n  CommandLine|contains|all:\n    - a\n    - b\ncondition: sel')).toBe(
      'TO_LOWER(process.command_line) LIKE "*a*" AND TO_LOWER(process.command_line) LIKE "*b*"',
    );
    expect(esql('sel:\n  Image:\n    - a\n    - b\ncondition: sel')).toBe(
      'TO_LOWER(process.executable) == "a" OR TO_LOWER(process.executable) == "b"',
    );
    expect(esql('sel:\n  CommandLine|windash|contains: " -f "\ncondition: sel')).toBe(
      ['-', '/', '\u2013', '\u2014', '\u2015']
        .map((dash) => `TO_LOWER(process.command_line) LIKE "* ${dash}f *"`)
        .join(' OR '),
    );
  });

  it('matches base64, base64offset and utf16 encodings exactly (no folding)', () => {
    expect(esql('sel:\n  CommandLine|base64: ping\ncondition: sel')).toBe(
      'process.command_line == "cGluZw=="',
    );
    expect(esql('sel:\n  CommandLine|base64offset|contains: ping\ncondition: sel')).toBe(
      'process.command_line LIKE "*cGluZ*" OR process.command_line LIKE "*Bpbm*" OR process.command_line LIKE "*waW5n*"',
    );
    expect(esql('sel:\n  CommandLine|utf16le|base64offset|contains: ping\ncondition: sel')).toBe(
      'process.command_line LIKE "*cABpAG4AZw*" OR process.command_line LIKE "*AAaQBuAGcA*" OR process.command_line LIKE "*wAGkAbgBnA*"',
    );
    expect(esql('sel:\n  CommandLine|utf16be|base64|contains: ping\ncondition: sel')).toBe(
      'process.command_line LIKE "*AHAAaQBuAGc=*"',
    );
    expect(esql('sel:\n  CommandLine|utf16|base64: ab\ncondition: sel')).toBe(
      'process.command_line == "//5hAGIA"',
    );
    expect(esql('sel:\n  CommandLine|wide|base64: ping\ncondition: sel')).toBe(
      'process.command_line == "cABpAG4AZwA="',
    );
  });

  it('translates regular expressions to RLIKE: whole value, flags, anchors', () => {
    expect(esql("sel:\n  CommandLine|re: 'a.b\\d+'\ncondition: sel")).toBe(
      'process.command_line RLIKE ".*a[^\\n\\r\u2028-\u2029]b[0-9]+.*"',
    );
    expect(esql("sel:\n  CommandLine|re|s: '^a.b$'\ncondition: sel")).toBe(
      'process.command_line RLIKE "a.b"',
    );
    expect(esql("sel:\n  CommandLine|re|i: 'Mimi[K-L]atz'\ncondition: sel")).toBe(
      'TO_LOWER(process.command_line) RLIKE ".*mimi[K-Lk-l]atz.*"',
    );
    expect(esql("sel:\n  CommandLine|re: '(?i)^Foo|bar$'\ncondition: sel")).toBe(
      'TO_LOWER(process.command_line) RLIKE "foo.*|.*bar"',
    );
    expect(esql("sel:\n  CommandLine|re|m: '^a'\ncondition: sel")).toBe(
      'process.command_line RLIKE "(.*[\\n\\r\u2028-\u2029])?a.*"',
    );
    expect(esql("sel:\n  CommandLine|re|startswith|s: 'a|b'\ncondition: sel")).toBe(
      'process.command_line RLIKE "(a|b).*"',
    );
    // Lucene's optional operators and the quote are escaped; lazy becomes greedy; groups plain.
    expect(esql("sel:\n  CommandLine|re|s: '^(?:x<y>|@#~&\"){2,}?$'\ncondition: sel")).toBe(
      'process.command_line RLIKE "(x\\\\<y\\\\>|\\\\@\\\\#\\\\~\\\\&\\\\\\"){2,}"',
    );
    expect(esql("sel:\n  CommandLine|re|s: '^(?<n>\\x41\\u0042\\t)$'\ncondition: sel")).toBe(
      'process.command_line RLIKE "(AB\\t)"',
    );
  });

  it('reports regular expressions Lucene cannot express', () => {
    for (const [regex, why] of [
      ['a(?=b)', 'lookaround'],
      ['a(?<!b)', 'lookaround'],
      ['(a)\\1', 'backreferences'],
      ['\\bword\\b', 'word boundary'],
      ['a(?i)b', 'inline flags'],
      ['a^b', "'^' inside"],
      ['\\p{L}', 'Unicode property'],
    ]) {
      const error = unsupported(`sel:\n  CommandLine|re: '${regex}'\ncondition: sel`);
      expect(error.code).toBe('SIGMA_CONVERSION_UNSUPPORTED');
      expect(error.problem.construct).toBe(`re '${regex}'`);
      expect(error.problem.reason).toContain(why);
    }
  });

  it('writes cidr with CIDR_MATCH, exists and null with IS [NOT] NULL', () => {
    expect(
      esql('sel:\n  DestinationIp|cidr:\n    - 10.0.0.0/8\n    - fe80::/10\ncondition: sel'),
    ).toBe(
      'CIDR_MATCH(TO_IP(destination.ip), "10.0.0.0/8") OR CIDR_MATCH(TO_IP(destination.ip), "fe80::/10")',
    );
    expect(esql('sel:\n  User|exists: true\n  Hashes|exists: false\ncondition: sel')).toBe(
      'user.name IS NOT NULL AND winlog.event_data.Hashes IS NULL',
    );
    expect(esql('sel:\n  User: null\ncondition: sel')).toBe('user.name IS NULL');
  });

  it('compares numbers with TO_DOUBLE and date parts with DATE_EXTRACT', () => {
    expect(
      esql(
        'sel:\n  DestinationPort|gt: 1024\n  SourcePort|gte: 1\n  ProcessId|lt: -5\n  ParentProcessId|lte: 2.5\ncondition: sel',
      ),
    ).toBe(
      'TO_DOUBLE(destination.port) > 1024 AND TO_DOUBLE(source.port) >= 1 AND TO_DOUBLE(process.pid) < -5 AND TO_DOUBLE(process.parent.pid) <= 2.5',
    );
    expect(
      esql(
        'sel:\n  UtcTime|minute: 5\n  UtcTime|hour|gte: 22\n  UtcTime|day: 1\n  UtcTime|month: 12\n  UtcTime|year|lt: 2020\ncondition: sel',
      ),
    ).toBe(
      [
        'DATE_EXTRACT("minute_of_hour", TO_DATETIME(UtcTime)) == 5',
        'DATE_EXTRACT("hour_of_day", TO_DATETIME(UtcTime)) >= 22',
        'DATE_EXTRACT("day_of_month", TO_DATETIME(UtcTime)) == 1',
        'DATE_EXTRACT("month_of_year", TO_DATETIME(UtcTime)) == 12',
        'DATE_EXTRACT("year", TO_DATETIME(UtcTime)) < 2020',
      ].join(' AND '),
    );
    const week = unsupported('sel:\n  UtcTime|week: 5\ncondition: sel');
    expect(week.problem.reason).toContain('ISO week');
  });

  it('compares fields with fieldref', () => {
    expect(esql('sel:\n  User|fieldref: ParentUser\ncondition: sel')).toBe(
      'TO_LOWER(user.name) == TO_LOWER(winlog.event_data.ParentUser)',
    );
    expect(esql('sel:\n  Image|fieldref|cased: ParentImage\ncondition: sel')).toBe(
      'process.executable == process.parent.executable',
    );
    expect(esql('sel:\n  CommandLine|fieldref|contains: Image\ncondition: sel')).toBe(
      'LOCATE(TO_LOWER(process.command_line), TO_LOWER(process.executable)) > 0',
    );
    expect(esql('sel:\n  CommandLine|fieldref|startswith: Image\ncondition: sel')).toBe(
      'STARTS_WITH(TO_LOWER(process.command_line), TO_LOWER(process.executable))',
    );
    expect(esql('sel:\n  CommandLine|fieldref|endswith|cased: Image\ncondition: sel')).toBe(
      'ENDS_WITH(process.command_line, process.executable)',
    );
  });

  it('negates null-safely: NOT COALESCE(…, false), neq included', () => {
    expect(esql('sel:\n  Image: a\ncondition: not sel')).toBe(
      'NOT COALESCE(TO_LOWER(process.executable) == "a", false)',
    );
    expect(esql('sel:\n  Image|neq: a\ncondition: sel')).toBe(
      'NOT COALESCE(TO_LOWER(process.executable) == "a", false)',
    );
    expect(esql('sel:\n  Image: null\ncondition: not sel')).toBe('process.executable IS NOT NULL');
    expect(esql('sel:\n  Image: null\n  User: a\ncondition: not sel')).toBe(
      'NOT COALESCE(process.executable IS NULL AND TO_LOWER(user.name) == "a", false)',
    );
    expect(esql('sel:\n  Image|exists: true\n  User|exists: true\ncondition: not sel')).toBe(
      'NOT (process.executable IS NOT NULL AND user.name IS NOT NULL)',
    );
  });

  it('expands placeholders', () => {
    expect(
      esql('sel:\n  User|expand: "%admins%"\ncondition: sel', {
        placeholders: { admins: ['Alice', 'bob'] },
      }),
    ).toBe('TO_LOWER(user.name) == "alice" OR TO_LOWER(user.name) == "bob"');
    const missing = unsupported('sel:\n  User|expand: "%admins%"\ncondition: sel');
    expect(missing.problem.reason).toContain('%admins%');
  });

  it('searches keywords in the mapping keywordField, or reports there is none', () => {
    expect(esql('keywords:\n  - Mimikatz\n  - "a*b"\ncondition: keywords')).toBe(
      'TO_LOWER(message) LIKE "*mimikatz*" OR TO_LOWER(message) LIKE "*a*b*"',
    );
    expect(esql('keywords:\n  "|all":\n    - a\n    - b\ncondition: keywords')).toBe(
      'TO_LOWER(message) LIKE "*a*" AND TO_LOWER(message) LIKE "*b*"',
    );
    const none = unsupported('keywords:\n  - x\ncondition: keywords', {
      mapping: { ...ECS_WINDOWS_MAPPING, keywordField: undefined },
    });
    expect(none.problem.construct).toBe('keywords');
    expect(none.problem.reason).toContain('keywordField');
  });

  it('resolves 1 of, all of, them, not and parentheses, and several conditions', () => {
    const searches = 'sel_a:\n  Image: a\nsel_b:\n  Image: b\nfilter:\n  User: c\n';
    const a = 'TO_LOWER(process.executable) == "a"';
    const b = 'TO_LOWER(process.executable) == "b"';
    const c = 'TO_LOWER(user.name) == "c"';
    expect(esql(`${searches}condition: 1 of sel_* and not filter`)).toBe(
      `(${a} OR ${b}) AND NOT COALESCE(${c}, false)`,
    );
    expect(esql(`${searches}condition: all of sel_*`)).toBe(`${a} AND ${b}`);
    expect(esql(`${searches}condition: (sel_a and sel_b) and not filter`)).toBe(
      `${a} AND ${b} AND NOT COALESCE(${c}, false)`,
    );
    expect(esql(`${searches}condition: 1 of them`)).toBe(`${a} OR ${b} OR ${c}`);
    expect(esql(`${searches}condition: all of them`)).toBe(`${a} AND ${b} AND ${c}`);
    expect(esql(`${searches}condition: not (sel_a or sel_b) and filter`)).toBe(
      `NOT COALESCE(${a} OR ${b}, false) AND ${c}`,
    );
    expect(esql(`${searches}condition: sel_a and (sel_b or filter)`)).toBe(
      `${a} AND (${b} OR ${c})`,
    );
    expect(esql(`${searches}condition:\n  - sel_a and sel_b\n  - filter`)).toBe(
      `(${a} AND ${b}) OR ${c}`,
    );
    expect(esql('sel:\n  - Image: a\n  - User: c\ncondition: sel')).toBe(`${a} OR ${c}`);
  });
});
