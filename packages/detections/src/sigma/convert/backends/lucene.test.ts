import { describe, expect, it } from 'vitest';
import { SigmaConversionError } from '../errors.js';
import { convertDetection } from './backend-test-helpers.js';
import { luceneEscape, luceneQuote } from './lucene.js';

/**
 * Golden Lucene query strings, written from the Elasticsearch `query_string` syntax reference:
 * `field:value`, quoted phrases, the reserved characters `+ - = && || > < ! ( ) { } [ ] ^ " ~
 * * ? : \ /` and whitespace escaped with `\`, wildcards `*` and `?`, regular expressions
 * `/…/` (Lucene syntax, whole value), ranges `field:>5`, `_exists_:field`, `AND`/`OR`/`NOT`
 * with parentheses.
 */
const lucene = (detection: string, options: Parameters<typeof convertDetection>[2] = {}) =>
  convertDetection('lucene', detection, options);

const unsupported = (detection: string) => {
  try {
    lucene(detection);
  } catch (error) {
    if (SigmaConversionError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('converted');
};

describe('luceneBackend', () => {
  it('escapes every reserved character and whitespace; quotes escape " and \\ only', () => {
    expect(luceneEscape('a+b-c=d&&e||f>g<h!i(j)k{l}m[n]o^p"q~r*s?t:u\\v/w x\ty')).toBe(
      'a\\+b\\-c\\=d\\&\\&e\\|\\|f\\>g\\<h\\!i\\(j\\)k\\{l\\}m\\[n\\]o\\^p\\"q\\~r\\*s\\?t\\:u\\\\v\\/w\\ x\\\ty',
    );
    expect(luceneQuote('C:\\a "b"')).toBe('"C:\\\\a \\"b\\""');
  });

  it('writes the logsource conditions before the detection', () => {
    expect(lucene('sel:\n  OriginalFileName: "1.0"\ncondition: sel', { full: true })).toBe(
      'event.code:("1" OR "4688") AND process.pe.original_file_name:"1.0"',
    );
    expect(
      lucene('a:\n  Image: "1"\nb:\n  Image: "2"\ncondition: a or b', {
        full: true,
        logsource: 'product: windows\n  service: taskscheduler',
      }),
    ).toBe(
      'winlog.channel:"Microsoft-Windows-TaskScheduler/Operational" AND ' +
        '(process.executable:"1" OR process.executable:"2")',
    );
  });

  it('matches case-insensitive values with cased letters by a regular expression of both cases', () => {
    expect(lucene('sel:\n  Image: C:\\cmd.exe\ncondition: sel')).toBe(
      'process.executable:/[cC]\\:\\\\[cC][mM][dD]\\.[eE][xX][eE]/',
    );
    expect(lucene('sel:\n  CommandLine|contains: " -Enc "\ncondition: sel')).toBe(
      'process.command_line:/.*\\ \\-[eE][nN][cC]\\ .*/',
    );
    expect(lucene('sel:\n  CommandLine: "a?c*"\ncondition: sel')).toBe(
      'process.command_line:/[aA].[cC].*/',
    );
  });

  it('keeps values without cased letters, cased values and encodings as terms', () => {
    expect(lucene('sel:\n  IntegrityLevel: "S-1-16-12288"\ncondition: sel')).toBe(
      'winlog.event_data.IntegrityLevel:/[sS]\\-1\\-16\\-12288/',
    );
    expect(lucene('sel:\n  ProcessId: 4\ncondition: sel')).toBe('process.pid:"4"');
    expect(lucene('sel:\n  Hashes|startswith: "=1 2"\ncondition: sel')).toBe(
      'winlog.event_data.Hashes:\\=1\\ 2*',
    );
    expect(lucene('sel:\n  Image|cased|endswith: \\CMD.exe\ncondition: sel')).toBe(
      'process.executable:*\\\\CMD.exe',
    );
    expect(lucene('sel:\n  Image|cased: C:\\CMD.exe\ncondition: sel')).toBe(
      'process.executable:"C:\\\\CMD.exe"',
    );
    expect(lucene('sel:\n  CommandLine|base64offset|contains: ping\ncondition: sel')).toBe(
      'process.command_line:*cGluZ* OR process.command_line:*Bpbm* OR process.command_line:*waW5n*',
    );
    expect(lucene('sel:\n  CommandLine|utf16le|base64: ping\ncondition: sel')).toBe(
      'process.command_line:"cABpAG4AZwA="',
    );
    expect(lucene('sel:\n  CommandLine|wide|base64offset|contains: ping\ncondition: sel')).toBe(
      'process.command_line:*cABpAG4AZw* OR process.command_line:*AAaQBuAGcA* OR process.command_line:*wAGkAbgBnA*',
    );
    expect(lucene('sel:\n  Image: ""\ncondition: sel')).toBe('process.executable:""');
    expect(lucene("sel:\n  Hashes|contains: '1\\*2'\ncondition: sel")).toBe(
      'winlog.event_data.Hashes:*1\\*2*',
    );
  });

  it('writes all, lists and windash', () => {
    expect(lucene('sel:\n  Hashes|contains|all:\n    - "1"\n    - "2"\ncondition: sel')).toBe(
      'winlog.event_data.Hashes:*1* AND winlog.event_data.Hashes:*2*',
    );
    expect(lucene('sel:\n  CommandLine|windash|contains: " -1 "\ncondition: sel')).toBe(
      ['\\-', '\\/', '\u2013', '\u2014', '\u2015']
        .map((dash) => `process.command_line:*\\ ${dash}1\\ *`)
        .join(' OR '),
    );
  });

  it('translates regular expressions, case flag as both cases', () => {
    expect(lucene("sel:\n  CommandLine|re|s: 'a/b\\d'\ncondition: sel")).toBe(
      'process.command_line:/.*a\\/b[0-9].*/',
    );
    expect(lucene("sel:\n  CommandLine|re|i: '^Ab[^c-e]$'\ncondition: sel")).toBe(
      'process.command_line:/[aA][bB][^c-eC-E]/',
    );
    // A trailing literal backslash does not escape the closing slash.
    expect(lucene("sel:\n  CommandLine|re: 'a\\\\$'\ncondition: sel")).toBe(
      'process.command_line:/.*a\\\\()/',
    );
    const error = unsupported("sel:\n  CommandLine|re: '(\\w)\\1'\ncondition: sel");
    expect(error.problem.reason).toContain('backreferences');
  });

  it('writes cidr as an ip-field term, exists, null and ranges', () => {
    expect(
      lucene('sel:\n  DestinationIp|cidr:\n    - 10.0.0.0/8\n    - fe80::/10\ncondition: sel'),
    ).toBe('destination.ip:"10.0.0.0/8" OR destination.ip:"fe80::/10"');
    expect(lucene('sel:\n  User|exists: true\n  Hashes|exists: false\ncondition: sel')).toBe(
      '_exists_:user.name AND NOT _exists_:winlog.event_data.Hashes',
    );
    expect(lucene('sel:\n  User: null\ncondition: sel')).toBe('NOT _exists_:user.name');
    expect(lucene('sel:\n  User: null\ncondition: not sel')).toBe('_exists_:user.name');
    expect(
      lucene(
        'sel:\n  DestinationPort|gt: 1024\n  SourcePort|gte: 1\n  ProcessId|lt: -5\n  ParentProcessId|lte: 2.5\ncondition: sel',
      ),
    ).toBe(
      'destination.port:>1024 AND source.port:>=1 AND process.pid:<-5 AND process.parent.pid:<=2.5',
    );
  });

  it('reports date parts and field references as unsupported', () => {
    expect(unsupported('sel:\n  UtcTime|hour: 3\ncondition: sel').problem.construct).toBe(
      'UtcTime|hour',
    );
    const fieldref = unsupported('sel:\n  User|fieldref: ParentUser\ncondition: sel');
    expect(fieldref.code).toBe('SIGMA_CONVERSION_UNSUPPORTED');
    expect(fieldref.problem.reason).toContain('cannot compare field');
  });

  it('searches keywords across the default fields', () => {
    expect(lucene('keywords:\n  - Mimikatz\n  - "1 2"\ncondition: keywords')).toBe(
      '/.*[mM][iI][mM][iI][kK][aA][tT][zZ].*/ OR *1\\ 2*',
    );
  });

  it('negates with NOT, parenthesised inside OR', () => {
    const searches =
      'sel_a:\n  ProcessId: 1\nsel_b:\n  ProcessId: 2\nfilter:\n  ParentProcessId: 3\n';
    expect(lucene(`${searches}condition: 1 of sel_* and not filter`)).toBe(
      '(process.pid:"1" OR process.pid:"2") AND NOT process.parent.pid:"3"',
    );
    expect(lucene(`${searches}condition: sel_a or not filter`)).toBe(
      'process.pid:"1" OR (NOT process.parent.pid:"3")',
    );
    expect(lucene(`${searches}condition: all of them`)).toBe(
      'process.pid:"1" AND process.pid:"2" AND process.parent.pid:"3"',
    );
    expect(lucene(`${searches}condition: not (sel_a and sel_b)`)).toBe(
      'NOT (process.pid:"1" AND process.pid:"2")',
    );
    expect(lucene('sel:\n  ProcessId|neq: 1\ncondition: sel')).toBe('NOT process.pid:"1"');
    expect(lucene(`${searches}condition: (sel_a and sel_b) and not filter`)).toBe(
      'process.pid:"1" AND process.pid:"2" AND NOT process.parent.pid:"3"',
    );
    expect(lucene(`${searches}condition:\n  - sel_a and sel_b\n  - filter`)).toBe(
      '(process.pid:"1" AND process.pid:"2") OR process.parent.pid:"3"',
    );
  });

  it('expands placeholders', () => {
    expect(
      lucene('sel:\n  ProcessId|expand: "%pids%"\ncondition: sel', {
        placeholders: { pids: ['1', '2'] },
      }),
    ).toBe('process.pid:"1" OR process.pid:"2"');
  });
});
