import { describe, expect, it } from 'vitest';
import { convertSigmaRule } from '../convert.js';
import { SigmaConversionError } from '../errors.js';
import { SPLUNK_CIM_MAPPING } from '../mappings/splunk-cim.js';
import type { SigmaConvertOptions } from '../types.js';
import { testRule } from './backend-test-helpers.js';

const PROCESS_SOURCE =
  '((source="XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" EventCode=1) OR (source="XmlWinEventLog:Security" EventCode=4688))';

/** The predicate only (no source), with placeholder `admins`. */
function spl(detection: string, options: SigmaConvertOptions = {}): string {
  return convertSigmaRule(testRule(detection), 'splunk', {
    predicateOnly: true,
    placeholders: { admins: ['alice', 'bob'] },
    ...options,
  }).query;
}

function unsupported(detection: string, options: SigmaConvertOptions = {}) {
  try {
    spl(detection, options);
  } catch (error) {
    if (SigmaConversionError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a SigmaConversionError');
}

describe('splunk backend: values and modifiers', () => {
  it('equality is a quoted search term, backslashes doubled, both process-creation names', () => {
    expect(spl(`sel:\n  Image: 'C:\\Windows\\System32\\cmd.exe'\ncondition: sel`)).toBe(
      'Image="C:\\\\Windows\\\\System32\\\\cmd.exe" OR NewProcessName="C:\\\\Windows\\\\System32\\\\cmd.exe"',
    );
  });

  it('contains, startswith, endswith are * wildcards; an AND of items is juxtaposition', () => {
    expect(
      spl(
        `sel:\n  CommandLine|contains: ' /c '\n  Image|endswith: '\\cmd.exe'\n  ParentImage|startswith: 'C:\\Program Files\\'\ncondition: sel`,
      ),
    ).toBe(
      'CommandLine="* /c *" (Image="*\\\\cmd.exe" OR NewProcessName="*\\\\cmd.exe") (ParentImage="C:\\\\Program Files\\\\*" OR ParentProcessName="C:\\\\Program Files\\\\*")',
    );
  });

  it('all ANDs the values', () => {
    expect(spl(`sel:\n  CommandLine|contains|all: ['net', 'user']\ncondition: sel`)).toBe(
      'CommandLine="*net*" CommandLine="*user*"',
    );
  });

  it('windash expands to the five dashes', () => {
    expect(spl(`sel:\n  CommandLine|windash|contains: ' -enc '\ncondition: sel`)).toBe(
      'CommandLine="* -enc *" OR CommandLine="* /enc *" OR CommandLine="* –enc *" OR CommandLine="* —enc *" OR CommandLine="* ―enc *"',
    );
  });

  it('base64 is matched exactly (case-sensitively) in | where, with a search-term prefilter', () => {
    expect(spl(`sel:\n  CommandLine|base64: 'ping'\ncondition: sel`)).toBe(
      'CommandLine="cGluZw=="\n| where isnotnull(mvfind(CommandLine, "(?s)^cGluZw==$"))',
    );
  });

  it('base64offset gives the three offsets', () => {
    expect(spl(`sel:\n  CommandLine|base64offset|contains: 'ping'\ncondition: sel`)).toBe(
      'CommandLine="*cGluZ*" OR CommandLine="*Bpbm*" OR CommandLine="*waW5n*"\n| where isnotnull(mvfind(CommandLine, "(?s)cGluZ")) OR isnotnull(mvfind(CommandLine, "(?s)Bpbm")) OR isnotnull(mvfind(CommandLine, "(?s)waW5n"))',
    );
  });

  it('utf16le with base64offset, and wide alone (NUL bytes as \\x{00})', () => {
    expect(spl(`sel:\n  CommandLine|utf16le|base64offset|contains: 'ab'\ncondition: sel`)).toBe(
      'CommandLine="*YQBiA*" OR CommandLine="*EAYg*" OR CommandLine="*hAGIA*"\n| where isnotnull(mvfind(CommandLine, "(?s)YQBiA")) OR isnotnull(mvfind(CommandLine, "(?s)EAYg")) OR isnotnull(mvfind(CommandLine, "(?s)hAGIA"))',
    );
    expect(spl(`sel:\n  CommandLine|wide|contains: 'ab'\ncondition: sel`)).toBe(
      '*\n| where isnotnull(mvfind(CommandLine, "(?s)a\\\\x{00}b\\\\x{00}"))',
    );
  });

  it('a top-level regex conjunct is | regex; flags are inline', () => {
    expect(spl(`sel:\n  CommandLine|re: '\\s-e(nc)?\\s+[A-Za-z0-9+/=]{20,}'\ncondition: sel`)).toBe(
      '*\n| regex CommandLine="\\\\s-e(nc)?\\\\s+[A-Za-z0-9+/=]{20,}"',
    );
    expect(
      spl(`sel:\n  CommandLine|re|i|m|s: '^a.b$'\n  Image|endswith: '\\x.exe'\ncondition: sel`),
    ).toBe('Image="*\\\\x.exe" OR NewProcessName="*\\\\x.exe"\n| regex CommandLine="(?ims)^a.b$"');
  });

  it('OR-ed regexes go to | where with mvfind(); a quote is escaped', () => {
    expect(spl(`sel:\n  CommandLine|re:\n    - 'a+b'\n    - 'c"d'\ncondition: sel`)).toBe(
      '*\n| where isnotnull(mvfind(CommandLine, "a+b")) OR isnotnull(mvfind(CommandLine, "c\\"d"))',
    );
  });

  it('a negated cased value gets no prefilter (a superset under NOT would drop matches)', () => {
    expect(
      spl(
        `sel:\n  Image|endswith: '\\x.exe'\nf:\n  CommandLine|cased|contains: 'AbC'\ncondition: sel and not f`,
      ),
    ).toBe(
      'Image="*\\\\x.exe" OR NewProcessName="*\\\\x.exe"\n| where NOT isnotnull(mvfind(CommandLine, "(?s)AbC"))',
    );
  });

  it('a negated regex is a | where NOT (true also when the field is absent)', () => {
    expect(
      spl(
        `sel:\n  Image|endswith: '\\x.exe'\nf:\n  CommandLine|re: 'a.b'\ncondition: sel and not f`,
      ),
    ).toBe(
      'Image="*\\\\x.exe" OR NewProcessName="*\\\\x.exe"\n| where NOT isnotnull(mvfind(CommandLine, "a.b"))',
    );
  });

  it('cidr is a search term (the search command matches CIDR, IPv4 and IPv6)', () => {
    expect(spl(`sel:\n  DestinationIp|cidr: ['10.0.0.0/8', 'fe80::/10']\ncondition: sel`)).toBe(
      'DestinationIp="10.0.0.0/8" OR DestinationIp="fe80::/10"',
    );
  });

  it('exists and null', () => {
    expect(
      spl(`sel:\n  CommandLine|exists: true\n  ParentCommandLine|exists: false\ncondition: sel`),
    ).toBe('CommandLine=* NOT ParentCommandLine=*');
    expect(spl(`sel:\n  OriginalFileName: null\ncondition: sel`)).toBe('NOT OriginalFileName=*');
    expect(
      spl(
        `sel:\n  Image|endswith: '\\x.exe'\nf:\n  OriginalFileName: null\ncondition: sel and not f`,
      ),
    ).toBe('(Image="*\\\\x.exe" OR NewProcessName="*\\\\x.exe") NOT (NOT OriginalFileName=*)');
  });

  it('gt…lte compare tonumber() in | where, guarded against non-numbers', () => {
    expect(spl(`sel:\n  SourcePort|gt: 1024\n  DestinationPort|lte: 443\ncondition: sel`)).toBe(
      '*\n| where isnotnull(tonumber(SourcePort)) AND tonumber(SourcePort)>1024\n| where isnotnull(tonumber(DestinationPort)) AND tonumber(DestinationPort)<=443',
    );
  });

  it('fieldref compares lower() of both fields, startswith/endswith with substr()', () => {
    const query = convertSigmaRule(
      testRule(`sel:\n  CommandLine|fieldref|endswith: User\ncondition: sel`),
      'splunk',
      { predicateOnly: true },
    ).query;
    expect(query).toBe(
      '*\n| where isnotnull(CommandLine) AND isnotnull(User) AND len(CommandLine)>=len(User) AND substr(lower(CommandLine), len(CommandLine)-len(User)+1)==lower(User)',
    );
    expect(
      spl(
        `sel:\n  User|fieldref|cased|contains: ParentUser\n  CommandLine|fieldref|startswith: CurrentDirectory\ncondition: sel`,
      ),
    ).toBe(
      '*\n| where isnotnull(User) AND isnotnull(ParentUser) AND (len(ParentUser)==0 OR mvcount(split(User, ParentUser))>1)\n| where isnotnull(CommandLine) AND isnotnull(CurrentDirectory) AND substr(lower(CommandLine), 1, len(CurrentDirectory))==lower(CurrentDirectory)',
    );
    expect(spl(`sel:\n  User|fieldref: ParentUser\ncondition: sel`)).toBe(
      '*\n| where isnotnull(User) AND isnotnull(ParentUser) AND lower(User)==lower(ParentUser)',
    );
  });

  it('cased values are case-sensitive regexes in | where, prefiltered by search terms', () => {
    expect(
      spl(`sel:\n  CommandLine|cased|contains: 'AbC'\n  Hashes|cased: 'MD5=0A'\ncondition: sel`),
    ).toBe(
      'CommandLine="*AbC*" Hashes="MD5=0A"\n| where isnotnull(mvfind(CommandLine, "(?s)AbC"))\n| where isnotnull(mvfind(Hashes, "(?s)^MD5=0A$"))',
    );
  });

  it('neq negates the item', () => {
    expect(
      spl(
        `sel:\n  CommandLine|contains: 'x'\n  User|neq: ['SYSTEM', 'LOCAL SERVICE']\ncondition: sel`,
      ),
    ).toBe('CommandLine="*x*" NOT (User="SYSTEM" OR User="LOCAL SERVICE")');
  });

  it('expand uses the placeholder values', () => {
    expect(spl(`sel:\n  User|expand: '%admins%'\ncondition: sel`)).toBe(
      'User="alice" OR User="bob"',
    );
  });

  it('numbers and booleans are their text', () => {
    expect(spl(`sel:\n  EventID: 4688\n  Enabled: true\ncondition: sel`)).toBe(
      'EventCode="4688" Enabled="true"',
    );
  });

  it("an empty value needs | where; '*' alone is any value", () => {
    expect(spl(`sel:\n  Description: ''\n  Product: '*'\ncondition: sel`)).toBe(
      'Product="*"\n| where isnotnull(mvfind(Description, "(?is)^$"))',
    );
  });
});

describe('splunk backend: escaping', () => {
  it('a literal * (\\*) cannot be a search term: | where with an escaped regex', () => {
    expect(spl(`sel:\n  CommandLine|contains: 'a\\*b'\ncondition: sel`)).toBe(
      '*\n| where isnotnull(mvfind(CommandLine, "(?is)a\\\\*b"))',
    );
  });

  it('quotes and backslashes in a regex fallback', () => {
    expect(
      spl(`sel:\n  CommandLine|contains: 'say "hi" C:\\\\temp\\ 100\\* ok'\ncondition: sel`),
    ).toBe(
      '*\n| where isnotnull(mvfind(CommandLine, "(?is)say \\"hi\\" C:\\\\\\\\temp\\\\\\\\ 100\\\\* ok"))',
    );
  });

  it('quotes in a search term', () => {
    expect(spl(`sel:\n  CommandLine|contains: 'say "hi"'\ncondition: sel`)).toBe(
      'CommandLine="*say \\"hi\\"*"',
    );
  });

  it('a ? wildcard is a regex (SPL search has no one-character wildcard)', () => {
    expect(spl(`sel:\n  OriginalFileName: 'cmd?.exe'\ncondition: sel`)).toBe(
      '*\n| where isnotnull(mvfind(OriginalFileName, "(?is)^cmd.\\\\.exe$"))',
    );
  });

  it('a literal ? (\\?) stays a search term', () => {
    expect(spl(`sel:\n  OriginalFileName: 'cmd\\?.exe'\ncondition: sel`)).toBe(
      'OriginalFileName="cmd?.exe"',
    );
  });

  it('field names with spaces are quoted, in search terms and in eval', () => {
    expect(spl(`sel:\n  Some Field|contains: 'x'\n  Other Field|gt: 1\ncondition: sel`)).toBe(
      '"Some Field"="*x*"\n| where isnotnull(tonumber(\'Other Field\')) AND tonumber(\'Other Field\')>1',
    );
  });
});

describe('splunk backend: keywords and conditions', () => {
  it('keywords are quoted raw terms; all ANDs them', () => {
    expect(spl(`keywords:\n  - 'mimikatz'\n  - 'sekurlsa::'\ncondition: keywords`)).toBe(
      '"*mimikatz*" OR "*sekurlsa::*"',
    );
    expect(spl(`keywords:\n  '|all':\n    - 'lsass'\n    - 'dump'\ncondition: keywords`)).toBe(
      '"*lsass*" "*dump*"',
    );
  });

  it('a keyword with ? is a regex on _raw; a keyword regex is | regex _raw', () => {
    expect(spl(`keywords:\n  - 'mimi?atz'\ncondition: keywords`)).toBe(
      '*\n| where match(_raw, "(?is)mimi.atz")',
    );
    expect(spl(`keywords:\n  '|re': 'mimi.atz'\ncondition: keywords`)).toBe(
      '*\n| regex _raw="mimi.atz"',
    );
  });

  const two = `a:\n  CommandLine|contains: 'a'\nb:\n  User: 'b'\n`;
  it('1 of, all of, them, not, parentheses, several conditions', () => {
    expect(spl(`${two}filter:\n  User: 'x'\ncondition: 1 of a* and not filter`)).toBe(
      'CommandLine="*a*" NOT User="x"',
    );
    expect(
      spl(`sel_a:\n  CommandLine|contains: 'a'\nsel_b:\n  User: 'b'\ncondition: 1 of sel_*`),
    ).toBe('CommandLine="*a*" OR User="b"');
    expect(spl(`${two}condition: all of them`)).toBe('CommandLine="*a*" User="b"');
    expect(spl(`${two}condition: 1 of them`)).toBe('CommandLine="*a*" OR User="b"');
    expect(spl(`${two}c:\n  Company: 'c'\ncondition: a and (b or not c)`)).toBe(
      'CommandLine="*a*" (User="b" OR NOT Company="c")',
    );
    expect(spl(`${two}condition:\n  - a\n  - b`)).toBe('CommandLine="*a*" OR User="b"');
    expect(
      spl(`sel:\n  - CommandLine|contains: 'x'\n    User: 'u'\n  - Company: 'c'\ncondition: sel`),
    ).toBe('(CommandLine="*x*" User="u") OR Company="c"');
  });

  it('NOT (a OR b) is split so that only the part needing | where goes there', () => {
    expect(
      spl(
        `sel:\n  User: 'u'\nf1:\n  CommandLine|contains: 'x'\nf2:\n  Company|re: 'a.b'\ncondition: sel and not 1 of f*`,
      ),
    ).toBe('User="u" NOT CommandLine="*x*"\n| where NOT isnotnull(mvfind(Company, "a.b"))');
  });
});

describe('splunk backend: sources and mappings', () => {
  it('the default mapping puts the Sysmon and Security sources first', () => {
    expect(
      convertSigmaRule(testRule(`sel:\n  Image|endswith: '\\x.exe'\ncondition: sel`), 'splunk')
        .query,
    ).toBe(`${PROCESS_SOURCE} (Image="*\\\\x.exe" OR NewProcessName="*\\\\x.exe")`);
  });

  it('a service is its source; registry categories add EventType', () => {
    expect(
      convertSigmaRule(
        testRule(`sel:\n  EventID: 4624\ncondition: sel`, 'product: windows\n  service: security'),
        'splunk',
      ).query,
    ).toBe('source="XmlWinEventLog:Security" EventCode="4624"');
    expect(
      convertSigmaRule(
        testRule(
          `sel:\n  TargetObject|contains: '\\Run'\ncondition: sel`,
          'product: windows\n  category: registry_delete',
        ),
        'splunk',
      ).query,
    ).toBe(
      'source="XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" EventCode=12 EventType IN ("DeleteKey", "DeleteValue") TargetObject="*\\\\Run*"',
    );
  });

  it('splunk-cim: | datamodel, then | search over the dataset fields', () => {
    expect(
      convertSigmaRule(
        testRule(`sel:\n  Image|endswith: '\\x.exe'\n  CommandLine|re: 'a.b'\ncondition: sel`),
        'splunk',
        { mapping: SPLUNK_CIM_MAPPING },
      ).query,
    ).toBe(
      '| datamodel Endpoint Processes search\n| search Processes.process_path="*\\\\x.exe"\n| regex Processes.process="a.b"',
    );
  });

  it('splunk-cim: a field the CIM lacks, or a logsource it lacks, is unmapped', () => {
    const field = unsupported(`sel:\n  GrandParentImage: 'x'\ncondition: sel`, {
      mapping: SPLUNK_CIM_MAPPING,
    });
    expect(field.code).toBe('SIGMA_CONVERSION_UNMAPPED');
    expect(field.problem.construct).toBe('GrandParentImage');
  });
});

describe('splunk backend: unsupported constructs', () => {
  it('time parts are reported with construct and reason', () => {
    const error = unsupported(`sel:\n  UtcTime|hour: 3\ncondition: sel`);
    expect(error.code).toBe('SIGMA_CONVERSION_UNSUPPORTED');
    expect(error.problem.target).toBe('splunk');
    expect(error.problem.construct).toBe('|hour');
    expect(error.problem.reason).toMatch(/time zone/);
  });
});
