/**
 * One test (at least) per item of the Sigma specification checklist
 * (`shared/reference/sigma-spec-checklist.md`), named by its id. The correlation items (K) are
 * tested in `src/sigma/correlation/`.
 */
import { OpenMdrError } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import {
  analyseRegex,
  compileSigmaRules,
  flattenWinlogEvent,
  parseCondition,
  parseSigmaYaml,
  SIGMA_MODIFIERS,
  type SigmaFilter,
  type SigmaRule,
  SigmaRuleError,
  toDetectionFinding,
  windowsLogsources,
} from '../src/index.js';
import { detect, parseRules, ruleError, ruleYaml } from './sigma-helpers.js';

const proc = (fields: Record<string, unknown>) => ({
  Channel: 'Microsoft-Windows-Sysmon/Operational',
  EventID: 1,
  ...fields,
});

describe('R: rule document', () => {
  it('R1 requires title, logsource and detection with condition; allows custom keys', () => {
    expect(
      ruleError('logsource: {product: windows}\ndetection: {s: {a: 1}, condition: s}')?.key,
    ).toBe('title');
    expect(ruleError('title: t\ndetection: {s: {a: 1}, condition: s}')?.key).toBe('logsource');
    expect(ruleError('title: t\nlogsource: {product: windows}')?.key).toBe('detection');
    expect(ruleError('title: t\nlogsource: {product: windows}\ndetection: {s: {a: 1}}')?.key).toBe(
      'detection.condition',
    );
    expect(
      ruleError(`title: ${'x'.repeat(257)}\nlogsource: {}\ndetection: {s: {a: 1}, condition: s}`)
        ?.message,
    ).toMatch(/256/);
    expect(
      ruleError(ruleYaml('s: {a: 1}\ncondition: s', 'regression_tests_path: x/y\nsimulation: [a]')),
    ).toBeUndefined();
  });

  it('R2 id must be a UUID; name is kept', () => {
    const error = ruleError(
      'title: t\nid: not-a-uuid\nlogsource: {}\ndetection: {s: {a: 1}, condition: s}',
    );
    expect(error?.key).toBe('id');
    expect(error?.line).toBe(2);
    const [rule] = parseRules(ruleYaml('s: {a: 1}\ncondition: s', 'name: my_rule'));
    expect(rule?.name).toBe('my_rule');
  });

  it('R3 related entries have an id and a known type', () => {
    const [rule] = parseRules(
      ruleYaml(
        's: {a: 1}\ncondition: s',
        'related:\n  - id: 00000000-0000-4000-8000-000000000002\n    type: obsolete',
      ),
    );
    expect(rule?.related).toEqual([
      { id: '00000000-0000-4000-8000-000000000002', type: 'obsolete' },
    ]);
    expect(
      ruleError(ruleYaml('s: {a: 1}\ncondition: s', 'related:\n  - id: x\n    type: obsoletes'))
        ?.key,
    ).toBe('related.0');
  });

  it('R4 status is validated; deprecated and unsupported rules are skipped by the loader', async () => {
    expect(
      ruleError(ruleYaml('s: {a: 1}\ncondition: s').replace('status: test', 'status: beta'))?.key,
    ).toBe('status');
    const { loadSigmaRules } = await import('../src/index.js');
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'sigma-r4-'));
    await writeFile(
      join(dir, 'a.yml'),
      ruleYaml('s: {a: 1}\ncondition: s').replace('status: test', 'status: deprecated'),
    );
    await writeFile(join(dir, 'b.yml'), ruleYaml('s: {a: 1}\ncondition: s'));
    const loaded = await loadSigmaRules(dir);
    expect(loaded.rules).toHaveLength(1);
    expect(loaded.skipped.map((r) => r.status)).toEqual(['deprecated']);
  });

  it('R5 level is validated and carried to matches', () => {
    expect(
      ruleError(ruleYaml('s: {a: 1}\ncondition: s').replace('level: high', 'level: severe'))?.key,
    ).toBe('level');
    expect(detect('s: {a: 1}\ncondition: s').engine.match({ a: 1 })[0]?.level).toBe('high');
  });

  it('R6 descriptive fields are parsed; dates must be YYYY-MM-DD', () => {
    const [rule] = parseRules(
      ruleYaml(
        's: {a: 1}\ncondition: s',
        'description: d\nauthor: A, B\nlicense: DRL-1.1\nreferences: [https://x]\ndate: 2024-01-02\nmodified: 2024-02-03\nfields: [CommandLine]\nfalsepositives: [Admins]\nscope: [server]\ntaxonomy: sigma',
      ),
    );
    expect(rule).toMatchObject({
      description: 'd',
      author: 'A, B',
      license: 'DRL-1.1',
      date: '2024-01-02',
      fields: ['CommandLine'],
      falsepositives: ['Admins'],
      scope: ['server'],
      references: ['https://x'],
    });
    expect(ruleError(ruleYaml('s: {a: 1}\ncondition: s', 'date: 2024/01/02'))?.key).toBe('date');
  });

  it('R7 tags follow namespace.name (lowercase)', () => {
    const [rule] = parseRules(
      ruleYaml(
        's: {a: 1}\ncondition: s',
        'tags: [attack.t1059.001, attack.defense-evasion, cve.2021-44228, detection.threat-hunting, tlp.amber]',
      ),
    );
    expect(rule?.tags).toHaveLength(5);
    expect(ruleError(ruleYaml('s: {a: 1}\ncondition: s', 'tags: [Attack.T1059]'))?.key).toBe(
      'tags.0',
    );
  });

  it('R8 multi-document files hold rules, filters and correlations; errors name the line', () => {
    const yaml = `${ruleYaml('s: {a: 1}\ncondition: s')}\n---\n${ruleYaml('s: {b: 1}\ncondition: nope').replace('0001', '0003')}`;
    const result = parseSigmaYaml(yaml, 'multi.yml');
    expect(result.documents).toHaveLength(2);
    const engine = compileSigmaRules(result.documents as SigmaRule[]);
    expect(engine.rules).toHaveLength(1);
    expect(engine.errors[0]).toMatchObject({
      file: 'multi.yml',
      ruleId: '00000000-0000-4000-8000-000000000003',
    });
    expect(engine.errors[0]?.line).toBeGreaterThan(10);
  });

  it('R9 the document kind is decided by correlation:/filter: keys', () => {
    const result = parseSigmaYaml(
      `title: c\ncorrelation: {type: event_count, rules: [x], timespan: 1h, condition: {gte: 2}}\n---\ntitle: f\nlogsource: {product: windows}\nfilter: {rules: [x], selection: {a: 1}, condition: selection}\n---\n${ruleYaml('s: {a: 1}\ncondition: s')}`,
    );
    expect(result.documents.map((d) => d.kind)).toEqual(['correlation', 'filter', 'rule']);
  });

  it('R10 legacy timeframe and pipe aggregations are rejected as unsupported', () => {
    expect(ruleError(ruleYaml('s: {a: 1}\ntimeframe: 1h\ncondition: s'))?.code).toBe(
      'SIGMA_RULE_UNSUPPORTED',
    );
    const error = ruleError(ruleYaml('s: {a: 1}\ncondition: s | count() by b > 3'));
    expect(error?.code).toBe('SIGMA_RULE_UNSUPPORTED');
    expect(error?.key).toBe('detection.condition');
  });
});

describe('D: detection structure', () => {
  it('D1 identifiers map to searches; a bad identifier is an error', () => {
    expect(ruleError(ruleYaml('"bad name": {a: 1}\ncondition: s'))?.code).toBe(
      'SIGMA_RULE_INVALID',
    );
    expect(detect('sel-1.x: {a: 1}\ncondition: sel-1.x')({ a: 1 })).toBe(true);
  });

  it('D2 a map ANDs, a list of maps ORs, a list of scalars is keywords; a scalar is invalid', () => {
    const and = detect('s: {a: 1, b: 2}\ncondition: s');
    expect(and({ a: 1, b: 2 })).toBe(true);
    expect(and({ a: 1 })).toBe(false);
    const or = detect('s:\n  - a: 1\n  - b: 2\ncondition: s');
    expect(or({ b: 2 })).toBe(true);
    const keywords = detect('s: [mimikatz, sekurlsa]\ncondition: s');
    expect(keywords({ x: 'run SEKURLSA::logonpasswords' })).toBe(true);
    expect(ruleError(ruleYaml('s: foo\ncondition: s'))?.key).toBe('detection.s');
  });

  it('D3 Field|mods keys; a value list is OR-ed', () => {
    const match = detect('s: {Image|endswith: [\\a.exe, \\b.exe]}\ncondition: s');
    expect(match({ Image: 'C:\\x\\b.exe' })).toBe(true);
    expect(match({ Image: 'C:\\x\\c.exe' })).toBe(false);
  });

  it('D4 keywords with modifiers under an empty field (|all) search every value', () => {
    const all = detect("s:\n  '|all': [foo, bar]\ncondition: s");
    expect(all({ a: 'xFOOx', b: 'bar' })).toBe(true);
    expect(all({ a: 'foo' })).toBe(false);
  });

  it('D5 duplicate keys in one map are a YAML error with a line', () => {
    const error = ruleError(ruleYaml('s:\n  a: 1\n  a: 2\ncondition: s'));
    expect(error?.code).toBe('SIGMA_YAML_INVALID');
    expect(error?.line).toBeGreaterThan(8);
  });

  it('D6 _-prefixed identifiers are left out of them and patterns', () => {
    const match = detect('s1: {a: 1}\n_aux: {b: 1}\ncondition: all of them');
    expect(match({ a: 1 })).toBe(true);
    const underscore = detect('s1: {a: 1}\n_aux: {b: 1}\ncondition: all of _*');
    expect(underscore({ b: 1 })).toBe(true);
  });

  it('D7 a list of conditions is OR-ed', () => {
    const match = detect('s1: {a: 1}\ns2: {b: 1}\ncondition: [s1, s2]');
    expect(match({ b: 1 })).toBe(true);
    expect(match({ c: 1 })).toBe(false);
  });
});

describe('V: values', () => {
  it('V1 string matching is case-insensitive by default', () => {
    expect(
      detect('s: {Image|endswith: \\CMD.exe}\ncondition: s')({ Image: 'c:\\windows\\cmd.EXE' }),
    ).toBe(true);
  });

  it('V2 a plain value is a whole-field match', () => {
    const match = detect('s: {User: admin}\ncondition: s');
    expect(match({ User: 'ADMIN' })).toBe(true);
    expect(match({ User: 'administrator' })).toBe(false);
  });

  it('V3 * and ? are wildcards, also inside contains/startswith/endswith values', () => {
    const star = detect("s: {CommandLine|contains: 'net * user'}\ncondition: s");
    expect(star({ CommandLine: 'cmd /c net localgroup user x' })).toBe(true);
    expect(star({ CommandLine: 'net user' })).toBe(false);
    const one = detect("s: {Image: 'C:\\a?c.exe'}\ncondition: s");
    expect(one({ Image: 'C:\\abc.exe' })).toBe(true);
    expect(one({ Image: 'C:\\abbc.exe' })).toBe(false);
  });

  it('V4 backslash escapes only *, ? and itself', () => {
    expect(detect("s: {a: 'x\\*y'}\ncondition: s")({ a: 'x*y' })).toBe(true);
    expect(detect("s: {a: 'x\\*y'}\ncondition: s")({ a: 'xzy' })).toBe(false);
    expect(detect("s: {a: 'x\\?'}\ncondition: s")({ a: 'x?' })).toBe(true);
    expect(detect("s: {a: 'C:\\\\Windows'}\ncondition: s")({ a: 'C:\\Windows' })).toBe(true);
    expect(detect("s: {a: 'C:\\Windows'}\ncondition: s")({ a: 'C:\\Windows' })).toBe(true);
    expect(detect("s: {a: 'x\\\\*'}\ncondition: s")({ a: 'x\\anything' })).toBe(true);
    expect(detect("s: {a: 'x\\\\\\*'}\ncondition: s")({ a: 'x\\*' })).toBe(true);
    expect(detect("s: {a: 'x\\\\\\\\'}\ncondition: s")({ a: 'x\\\\' })).toBe(true);
    expect(detect("s: {a: 'x\\'}\ncondition: s")({ a: 'x\\' })).toBe(true);
  });

  it('V5 numbers compare with numbers and numeric strings; 0x strings stay strings', () => {
    const match = detect('s: {EventID: 4688}\ncondition: s');
    expect(match({ EventID: 4688 })).toBe(true);
    expect(match({ EventID: '4688' })).toBe(true);
    expect(match({ EventID: 4689 })).toBe(false);
    expect(detect("s: {Status: '0x17'}\ncondition: s")({ Status: '0x17' })).toBe(true);
  });

  it('V6 booleans match JSON booleans and "true"/"false" strings', () => {
    const match = detect('s: {Initiated: true}\ncondition: s');
    expect(match({ Initiated: true })).toBe(true);
    expect(match({ Initiated: 'true' })).toBe(true);
    expect(match({ Initiated: false })).toBe(false);
  });

  it('V7 null matches an absent field or JSON null', () => {
    const match = detect('s: {a: 1}\nf: {b: null}\ncondition: s and not f');
    expect(match({ a: 1, b: 'x' })).toBe(true);
    expect(match({ a: 1 })).toBe(false);
    expect(match({ a: 1, b: null })).toBe(false);
  });

  it("V8 '' matches a present empty string, not an absent field", () => {
    const match = detect("s: {b: ''}\ncondition: s");
    expect(match({ b: '' })).toBe(true);
    expect(match({})).toBe(false);
  });

  it('V9 exists checks presence regardless of value', () => {
    const match = detect('s: {b|exists: true}\ncondition: s');
    expect(match({ b: '' })).toBe(true);
    expect(match({ b: null })).toBe(true);
    expect(match({})).toBe(false);
  });

  it('V10 an event-side array matches when any element matches', () => {
    expect(detect('s: {Tags|contains: evil}\ncondition: s')({ Tags: ['good', 'EVILish'] })).toBe(
      true,
    );
  });

  it('V11 field names are case-sensitive; dotted names reach nested objects', () => {
    expect(detect('s: {Image: x}\ncondition: s')({ image: 'x' })).toBe(false);
    const dotted = detect('s: {actor.alternateId: bob}\ncondition: s');
    expect(dotted({ actor: { alternateId: 'bob' } })).toBe(true);
    expect(dotted({ 'actor.alternateId': 'bob' })).toBe(true);
  });
});

describe('M: modifiers', () => {
  it('M1 modifiers chain left to right and are type-checked', () => {
    expect(detect("s: {a|wide|base64: 'ab'}\ncondition: s")({ a: 'YQBiAA==' })).toBe(true);
    expect(ruleError(ruleYaml('s: {a|re|cidr: x}\ncondition: s'))?.message).toMatch(/cidr/);
  });

  it('M2 contains: substring (no double star); on regex, unanchored', () => {
    expect(detect("s: {a|contains: '*b*'}\ncondition: s")({ a: 'abc' })).toBe(true);
    expect(detect("s: {a|re|contains: 'b.'}\ncondition: s")({ a: 'abc' })).toBe(true);
  });

  it('M3 startswith / endswith (also on regex)', () => {
    expect(detect('s: {a|startswith: ab}\ncondition: s')({ a: 'abc' })).toBe(true);
    expect(detect('s: {a|startswith: bc}\ncondition: s')({ a: 'abc' })).toBe(false);
    expect(detect('s: {a|endswith: bc}\ncondition: s')({ a: 'abc' })).toBe(true);
    expect(detect("s: {a|re|startswith: 'b'}\ncondition: s")({ a: 'abc' })).toBe(false);
    expect(detect("s: {a|re|endswith: 'c'}\ncondition: s")({ a: 'abc' })).toBe(true);
  });

  it('M4 all ANDs the values; a single value with all is an error', () => {
    const match = detect('s: {a|contains|all: [x, y]}\ncondition: s');
    expect(match({ a: 'x y' })).toBe(true);
    expect(match({ a: 'x' })).toBe(false);
    expect(ruleError(ruleYaml('s: {a|contains|all: x}\ncondition: s'))?.message).toMatch(/all/);
  });

  it('M5 windash: every dash/slash at a word start becomes -, /, –, —, ―', () => {
    const match = detect("s: {CommandLine|contains|windash: ' -enc '}\ncondition: s");
    for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) {
      expect(match({ CommandLine: `powershell ${dash}enc AAA` })).toBe(true);
    }
    expect(match({ CommandLine: 'powershell enc AAA' })).toBe(false);
    const order = detect("s: {CommandLine|windash|contains: ' -enc '}\ncondition: s");
    expect(order({ CommandLine: 'x /enc y' })).toBe(true);
  });

  it('M6 re is case-sensitive by default and must be the first modifier', () => {
    const match = detect("s: {a|re: 'ab+c'}\ncondition: s");
    expect(match({ a: 'xabbbc' })).toBe(true);
    expect(match({ a: 'XABBBC' })).toBe(false);
    expect(ruleError(ruleYaml("s: {a|contains|re: 'x'}\ncondition: s"))?.message).toMatch(/first/);
    expect(detect("s: {a|re: '(?:\\d{2})\\s\\w'}\ncondition: s")({ a: '12 x' })).toBe(true);
  });

  it('M7 re flags i, m, s and their long aliases', () => {
    expect(detect("s: {a|re|i: 'abc'}\ncondition: s")({ a: 'ABC' })).toBe(true);
    expect(detect("s: {a|re|ignorecase: 'abc'}\ncondition: s")({ a: 'ABC' })).toBe(true);
    expect(detect("s: {a|re|m: '^b$'}\ncondition: s")({ a: 'a\nb\nc' })).toBe(true);
    expect(detect("s: {a|re: '^b$'}\ncondition: s")({ a: 'a\nb\nc' })).toBe(false);
    expect(detect("s: {a|re|s: 'a.b'}\ncondition: s")({ a: 'a\nb' })).toBe(true);
    expect(detect("s: {a|re|dotall: 'a.b'}\ncondition: s")({ a: 'a\nb' })).toBe(true);
    expect(ruleError(ruleYaml("s: {a|i: 'x'}\ncondition: s"))?.message).toMatch(/re/);
  });

  it('M8 base64 of the UTF-8 value; wildcards are not allowed', () => {
    expect(
      detect("s: {a|base64|contains: 'http://'}\ncondition: s")({ a: 'xx aHR0cDovLw== yy' }),
    ).toBe(true);
    expect(ruleError(ruleYaml("s: {a|base64: 'a*'}\ncondition: s"))?.message).toMatch(/wildcards/);
  });

  it('M9 base64offset matches the value at any byte offset of an encoded text', () => {
    const match = detect("s: {a|base64offset|contains: 'Invoke-Mimikatz'}\ncondition: s");
    for (const prefix of ['', 'x', 'xy', 'xyz']) {
      const encoded = Buffer.from(`${prefix}Invoke-Mimikatz -DumpCreds`).toString('base64');
      expect(match({ a: encoded })).toBe(true);
    }
    expect(match({ a: Buffer.from('Invoke-Something').toString('base64') })).toBe(false);
  });

  it('M10 wide/utf16le, utf16be and utf16 (BOM) encode before base64', () => {
    const le = Buffer.from('whoami', 'utf16le');
    expect(
      detect("s: {a|wide|base64offset|contains: 'whoami'}\ncondition: s")({
        a: Buffer.concat([Buffer.from('x', 'utf16le'), le]).toString('base64'),
      }),
    ).toBe(true);
    expect(
      detect("s: {a|utf16le|base64: 'ab'}\ncondition: s")({
        a: Buffer.from('ab', 'utf16le').toString('base64'),
      }),
    ).toBe(true);
    const be = Buffer.from('ab', 'utf16le').swap16();
    expect(detect("s: {a|utf16be|base64: 'ab'}\ncondition: s")({ a: be.toString('base64') })).toBe(
      true,
    );
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ab', 'utf16le')]);
    expect(detect("s: {a|utf16|base64: 'ab'}\ncondition: s")({ a: bom.toString('base64') })).toBe(
      true,
    );
  });

  it('M11 exists needs a boolean: true = present, false = absent', () => {
    const absent = detect('s: {b|exists: false}\ncondition: s');
    expect(absent({ a: 1 })).toBe(true);
    expect(absent({ b: 1 })).toBe(false);
    expect(ruleError(ruleYaml('s: {b|exists: yes please}\ncondition: s'))?.message).toMatch(
      /boolean/,
    );
  });

  it('M12 cidr matches IPv4 and IPv6 networks and must be first', () => {
    const match = detect(
      "s: {ip|cidr: ['10.0.0.0/8', 'fd00::/8', '::ffff:192.168.0.0/112']}\ncondition: s",
    );
    expect(match({ ip: '10.1.2.3' })).toBe(true);
    expect(match({ ip: '11.1.2.3' })).toBe(false);
    expect(match({ ip: 'fd12:3456::1' })).toBe(true);
    expect(match({ ip: 'fe80::1' })).toBe(false);
    expect(match({ ip: 'not-an-ip' })).toBe(false);
    expect(
      detect("s: {ip|cidr: '192.168.0.0/16'}\ncondition: s")({ ip: '::ffff:192.168.4.5' }),
    ).toBe(true);
    expect(ruleError(ruleYaml("s: {ip|cidr: '10.0.0.0/33'}\ncondition: s"))?.message).toMatch(
      /CIDR/,
    );
  });

  it('M13 gt, gte, lt, lte compare numbers', () => {
    expect(detect('s: {n|gt: 5}\ncondition: s')({ n: 6 })).toBe(true);
    expect(detect('s: {n|gt: 5}\ncondition: s')({ n: 5 })).toBe(false);
    expect(detect('s: {n|gte: 5}\ncondition: s')({ n: '5' })).toBe(true);
    expect(detect('s: {n|lt: 5}\ncondition: s')({ n: 4.5 })).toBe(true);
    expect(detect('s: {n|lte: 5}\ncondition: s')({ n: 'x' })).toBe(false);
    expect(ruleError(ruleYaml('s: {n|gt: abc}\ncondition: s'))?.message).toMatch(/numeric/);
  });

  it('M14 neq negates the whole item', () => {
    const match = detect('s: {a: 1, b|neq: [x, y]}\ncondition: s');
    expect(match({ a: 1, b: 'z' })).toBe(true);
    expect(match({ a: 1, b: 'X' })).toBe(false);
    expect(match({ a: 1 })).toBe(true);
  });

  it('M15 fieldref compares two fields (equality, contains, startswith, endswith, neq)', () => {
    const same = detect('s: {ParentImage|fieldref: Image}\ncondition: s');
    expect(same({ Image: 'C:\\a.exe', ParentImage: 'c:\\A.exe' })).toBe(true);
    expect(same({ Image: 'C:\\a.exe', ParentImage: 'C:\\b.exe' })).toBe(false);
    expect(same({ ParentImage: 'C:\\b.exe' })).toBe(false);
    expect(
      detect('s: {CommandLine|fieldref|contains: User}\ncondition: s')({
        CommandLine: 'run as bob now',
        User: 'BOB',
      }),
    ).toBe(true);
    expect(detect('s: {a|fieldref|endswith: b}\ncondition: s')({ a: 'xyz', b: 'yz' })).toBe(true);
    expect(detect('s: {a|fieldref|startswith: b}\ncondition: s')({ a: 'xyz', b: 'yz' })).toBe(
      false,
    );
    expect(detect('s: {a|fieldref|neq: b}\ncondition: s')({ a: 'x', b: 'y' })).toBe(true);
  });

  it('M16 cased matches case-sensitively', () => {
    const match = detect('s: {a|cased|contains: Foo}\ncondition: s');
    expect(match({ a: 'xFoox' })).toBe(true);
    expect(match({ a: 'xfoox' })).toBe(false);
  });

  it('M17 expand resolves placeholders; unresolved ones never match silently', () => {
    const yaml = ruleYaml("s: {Computer|expand: '%DomainControllers%'}\ncondition: s");
    // Default: the rule compiles inert (never matches) and is listed in the warnings.
    const inert = compileSigmaRules(parseRules(yaml));
    expect(inert.errors).toEqual([]);
    expect(inert.rules).toHaveLength(1);
    expect(inert.warnings.map((warning) => warning.code)).toEqual(['SIGMA_PLACEHOLDER_UNRESOLVED']);
    expect(inert.match({ Computer: 'DC2.corp' })).toEqual([]);
    // Strict: the rule is rejected.
    expect(ruleError(yaml, { unresolvedPlaceholders: 'error' })?.code).toBe(
      'SIGMA_PLACEHOLDER_UNRESOLVED',
    );
    const engine = compileSigmaRules(parseRules(yaml), {
      placeholders: { DomainControllers: ['dc1', 'dc2*'] },
    });
    expect(engine.match({ Computer: 'DC2.corp' })).toHaveLength(1);
    expect(engine.match({ Computer: 'ws1' })).toHaveLength(0);
  });

  it('M18 time modifiers extract minute/hour/day/week/month/year (UTC) and compare', () => {
    const event = { t: '2024-03-14T22:45:10Z', u: '2024-03-14 22:45:10.123' };
    expect(detect('s: {t|minute: 45}\ncondition: s')(event)).toBe(true);
    expect(detect('s: {t|hour|gte: 22}\ncondition: s')(event)).toBe(true);
    expect(detect('s: {u|hour: 22}\ncondition: s')(event)).toBe(true);
    expect(detect('s: {t|day: 14}\ncondition: s')(event)).toBe(true);
    expect(detect('s: {t|week: 11}\ncondition: s')(event)).toBe(true);
    expect(detect('s: {t|month: 3}\ncondition: s')(event)).toBe(true);
    expect(detect('s: {t|year|lt: 2024}\ncondition: s')(event)).toBe(false);
  });

  it('M19 unknown modifiers fail loudly, naming the key and line', () => {
    const error = ruleError(ruleYaml('s: {a|contians: x}\ncondition: s'));
    expect(error?.message).toMatch(/unknown modifier 'contians'/);
    expect(error?.key).toBe('detection.s.a|contians');
    expect(error?.line).toBe(9);
    expect(SIGMA_MODIFIERS).toContain('windash');
  });

  it('M20 legacy Hayabusa modifiers (equalsfield, endswithfield) are not accepted: use fieldref', () => {
    expect(ruleError(ruleYaml('s: {a|equalsfield: b}\ncondition: s'))?.message).toMatch(
      /unknown modifier/,
    );
  });
});

describe('C: conditions', () => {
  it('C1 precedence: or < and < not; parentheses; left association', () => {
    expect(parseCondition('a or b and not c')).toEqual({
      type: 'or',
      children: [
        { type: 'identifier', name: 'a' },
        {
          type: 'and',
          children: [
            { type: 'identifier', name: 'b' },
            { type: 'not', child: { type: 'identifier', name: 'c' } },
          ],
        },
      ],
    });
    const match = detect('a: {x: 1}\nb: {y: 1}\nc: {z: 1}\ncondition: (a or b) and not c');
    expect(match({ y: 1 })).toBe(true);
    expect(match({ y: 1, z: 1 })).toBe(false);
    expect(() => parseCondition('a and (b')).toThrow(/expected '\)'/);
  });

  it('C2 an operand is an identifier or a selector', () => {
    expect(parseCondition('1 of sel_*')).toEqual({
      type: 'of',
      quantifier: 'one',
      pattern: 'sel_*',
    });
    expect(() => parseCondition('sel_*')).toThrow(/1 of/);
  });

  it('C3 quantifiers 1, any, all; other numbers are errors', () => {
    expect(parseCondition('any of x*')).toMatchObject({ quantifier: 'one' });
    expect(parseCondition('all of x*')).toMatchObject({ quantifier: 'all' });
    expect(() => parseCondition('2 of x*')).toThrow(/not supported/);
  });

  it('C4 them is every identifier', () => {
    const match = detect('a: {x: 1}\nb: {y: 1}\ncondition: 1 of them');
    expect(match({ y: 1 })).toBe(true);
    expect(detect('a: {x: 1}\nb: {y: 1}\ncondition: all of them')({ y: 1 })).toBe(false);
  });

  it('C5 patterns match whole names; a pattern matching nothing is an error', () => {
    const match = detect('sel_a: {x: 1}\nsel_b: {y: 1}\nxsel_c: {z: 1}\ncondition: all of sel_*');
    expect(match({ x: 1, y: 1 })).toBe(true);
    expect(detect('sel_a_x: {x: 1}\ncondition: 1 of sel_*_x')({ x: 1 })).toBe(true);
    expect(ruleError(ruleYaml('sel: {x: 1}\ncondition: 1 of filter_*'))?.code).toBe(
      'SIGMA_CONDITION_INVALID',
    );
  });

  it('C6 _ identifiers are excluded unless the pattern starts with _', () => {
    const match = detect('sel: {x: 1}\n_sel: {y: 1}\ncondition: all of *');
    expect(match({ x: 1 })).toBe(true);
  });

  it('C7 the typical form: all of selection_* and not 1 of filter_*', () => {
    const match = detect(
      "selection_img: {Image|endswith: \\rundll32.exe}\nselection_cli: {CommandLine|contains: ',#'}\nfilter_main: {ParentImage|endswith: \\msiexec.exe}\nfilter_optional: {CommandLine|contains: shell32}\ncondition: all of selection_* and not 1 of filter_*",
    );
    expect(match({ Image: 'C:\\rundll32.exe', CommandLine: 'rundll32 x,#1' })).toBe(true);
    expect(match({ Image: 'C:\\rundll32.exe', CommandLine: 'rundll32 shell32,#1' })).toBe(false);
  });

  it('C8 an undefined identifier is a load error naming the condition', () => {
    const error = ruleError(ruleYaml('sel: {x: 1}\ncondition: sel and filter'));
    expect(error?.message).toMatch(/'filter'/);
    expect(error?.key).toBe('detection.condition');
  });
});

describe('P: placeholders', () => {
  it('P1 %name% is a placeholder only with expand; \\% escapes', () => {
    expect(detect("s: {a: '%Servers%'}\ncondition: s")({ a: '%servers%' })).toBe(true);
    const engine = compileSigmaRules(
      parseRules(ruleYaml("s: {a|expand: '100\\% %x%'}\ncondition: s")),
      { placeholders: { x: 'y' } },
    );
    expect(engine.match({ a: '100% y' })).toHaveLength(1);
  });

  it('P2 standard and custom placeholder names resolve', () => {
    const engine = compileSigmaRules(
      parseRules(
        ruleYaml(
          "s: {a|expand: '%Administrators%'}\nt: {b|expand: '%DC-MACHINE-NAME%'}\ncondition: s and t",
        ),
      ),
      {
        placeholders: { Administrators: ['root', 'admin'], 'DC-MACHINE-NAME': 'DC01$' },
      },
    );
    expect(engine.match({ a: 'admin', b: 'dc01$' })).toHaveLength(1);
  });

  it('P3 resolution is configuration: value lists per engine (per tenant), wildcard as last resort', () => {
    const rules = parseRules(ruleYaml("s: {a|expand: '%Workstations%'}\ncondition: s"));
    const tenantA = compileSigmaRules(rules, { placeholders: { Workstations: ['ws-a'] } });
    const tenantB = compileSigmaRules(rules, { placeholders: { Workstations: ['ws-b'] } });
    expect(tenantA.match({ a: 'ws-a' })).toHaveLength(1);
    expect(tenantB.match({ a: 'ws-a' })).toHaveLength(0);
    const wildcard = compileSigmaRules(rules, { unresolvedPlaceholders: 'wildcard' });
    expect(wildcard.errors).toEqual([]);
    expect(wildcard.match({ a: 'anything' })).toHaveLength(1);
  });

  it('P3 an unresolved placeholder makes its rule inert, in every routing mode, and says where', () => {
    // A placeholder in a filter: read as an empty list, `not filter` would match every event.
    const yaml = ruleYaml(
      "sel: {EventID: 4624}\nfilter: {IpAddress|expand: '%Admins_Workstations%'}\ncondition: sel and not filter",
    );
    for (const routing of ['indexed', 'logsource', 'none'] as const) {
      const engine = compileSigmaRules(parseRules(yaml), { routing });
      expect(engine.match({ EventID: 4624, IpAddress: '10.0.0.1' })).toEqual([]);
      expect(engine.warnings).toHaveLength(1);
    }
    const [warning] = compileSigmaRules(parseRules(yaml)).warnings;
    expect(warning).toMatchObject({
      code: 'SIGMA_PLACEHOLDER_UNRESOLVED',
      key: 'detection.filter.IpAddress|expand',
      line: 10,
    });
    expect(warning?.message).toContain('%Admins_Workstations%');
    // Other mistakes of an inert rule are still errors.
    const broken = ruleYaml("sel: {a|expand: '%X%', b|windash|base64: '*'}\ncondition: sel");
    expect(compileSigmaRules(parseRules(broken)).errors).toHaveLength(1);
    // With a value, the same rule works.
    const configured = compileSigmaRules(parseRules(yaml), {
      placeholders: { Admins_Workstations: ['10.0.0.9'] },
    });
    expect(configured.warnings).toEqual([]);
    expect(configured.match({ EventID: 4624, IpAddress: '10.0.0.1' })).toHaveLength(1);
    expect(configured.match({ EventID: 4624, IpAddress: '10.0.0.9' })).toEqual([]);
  });

  it('P3 a meta-filter with an unresolved placeholder makes the rules it applies to inert', () => {
    const rules = parseRules(ruleYaml('sel: {Image|endswith: \\whoami.exe}\ncondition: sel'));
    const filters = parseSigmaYaml(
      "title: Tuning\nid: 00000000-0000-4000-8000-0000000000f2\nlogsource: {product: windows}\nfilter:\n  rules: [00000000-0000-4000-8000-000000000001]\n  selection:\n    User|expand: '%ScannerAccounts%'\n  condition: selection",
    ).documents as SigmaFilter[];
    const engine = compileSigmaRules(rules, { filters });
    expect(engine.errors).toEqual([]);
    expect(engine.warnings).toMatchObject([
      { code: 'SIGMA_PLACEHOLDER_UNRESOLVED', ruleId: '00000000-0000-4000-8000-0000000000f2' },
    ]);
    expect(engine.match({ Image: 'C:\\whoami.exe', User: 'alice' })).toEqual([]);
    const configured = compileSigmaRules(rules, {
      filters,
      placeholders: { ScannerAccounts: 'svc_scan' },
    });
    expect(configured.match({ Image: 'C:\\whoami.exe', User: 'alice' })).toHaveLength(1);
    expect(configured.match({ Image: 'C:\\whoami.exe', User: 'svc_scan' })).toEqual([]);
  });
});

describe('F: meta-filters', () => {
  const rule = ruleYaml('sel: {Image|endswith: \\whoami.exe}\ncondition: sel', 'name: whoami_rule');
  const filterYaml = (rules: string, logsource = 'product: windows') =>
    `title: Tenant tuning\nid: 00000000-0000-4000-8000-0000000000f1\nlogsource:\n  ${logsource}\nfilter:\n  rules: [${rules}]\n  selection:\n    User: 'CORP\\svc_scan'\n  condition: selection`;

  it('F1 a filter document has a logsource and filter:, no level/status', () => {
    const [filter] = parseSigmaYaml(filterYaml('whoami_rule')).documents as SigmaFilter[];
    expect(filter?.kind).toBe('filter');
    expect(filter?.logsource).toEqual({ product: 'windows' });
    expect(ruleError('title: f\nfilter: {rules: [], condition: x}\nlogsource: {}')?.key).toBe(
      'filter.rules',
    );
  });

  it('F2 filter.rules names rules by id or name', () => {
    for (const reference of ['whoami_rule', '00000000-0000-4000-8000-000000000001']) {
      const filters = parseSigmaYaml(filterYaml(reference)).documents as SigmaFilter[];
      const engine = compileSigmaRules(parseRules(rule), { filters });
      expect(engine.errors).toEqual([]);
      expect(engine.match({ Image: 'C:\\whoami.exe', User: 'CORP\\svc_scan' })).toHaveLength(0);
    }
  });

  it("F3 rule AND NOT filter; identifiers do not collide with the rule's own", () => {
    const filters = parseSigmaYaml(filterYaml('whoami_rule').replace(/selection/g, 'sel'))
      .documents as SigmaFilter[];
    const engine = compileSigmaRules(parseRules(rule), { filters });
    expect(engine.match({ Image: 'C:\\whoami.exe', User: 'CORP\\alice' })).toHaveLength(1);
    expect(engine.match({ Image: 'C:\\whoami.exe', User: 'CORP\\svc_scan' })).toHaveLength(0);
    const incompatible = parseSigmaYaml(filterYaml('whoami_rule', 'product: linux'))
      .documents as SigmaFilter[];
    expect(compileSigmaRules(parseRules(rule), { filters: incompatible }).errors[0]?.code).toBe(
      'SIGMA_FILTER_INVALID',
    );
    const missing = parseSigmaYaml(filterYaml('nope')).documents as SigmaFilter[];
    expect(compileSigmaRules(parseRules(rule), { filters: missing }).errors[0]?.message).toMatch(
      /not loaded/,
    );
  });

  it('F4 per-tenant tuning: the same rules with and without a tenant filter', () => {
    const rules = parseRules(rule);
    const filters = parseSigmaYaml(filterYaml('whoami_rule')).documents as SigmaFilter[];
    const event = { Image: 'C:\\whoami.exe', User: 'CORP\\svc_scan' };
    expect(compileSigmaRules(rules).match(event)).toHaveLength(1);
    expect(compileSigmaRules(rules, { filters }).match(event)).toHaveLength(0);
  });
});

describe('T: taxonomy and logsources', () => {
  it('T1 rules only see events of their logsource', () => {
    const engine = compileSigmaRules(
      parseRules(ruleYaml('s: {Image|endswith: \\x.exe}\ncondition: s')),
    );
    expect(engine.match(proc({ Image: 'C:\\x.exe' }))).toHaveLength(1);
    expect(
      engine.match({
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        EventID: 11,
        Image: 'C:\\x.exe',
      }),
    ).toHaveLength(0);
    expect(
      engine.match(
        { Image: 'C:\\x.exe' },
        { logsource: { product: 'windows', category: 'process_creation' } },
      ),
    ).toHaveLength(1);
    expect(
      engine.match(
        { Image: 'C:\\x.exe' },
        { logsource: { product: 'linux', category: 'process_creation' } },
      ),
    ).toHaveLength(0);
  });

  it('T2 Windows categories map to Sysmon event ids (and Security 4688)', () => {
    expect(windowsLogsources('Microsoft-Windows-Sysmon/Operational', 13)).toEqual([
      { product: 'windows', service: 'sysmon', category: 'registry_event' },
      { product: 'windows', service: 'sysmon', category: 'registry_set' },
    ]);
    expect(
      windowsLogsources('Microsoft-Windows-Sysmon/Operational', 12, 'CreateKey').map(
        (l) => l.category,
      ),
    ).toEqual(['registry_event', 'registry_add']);
    expect(windowsLogsources('Security', 4688)[0]?.category).toBe('process_creation');
    expect(windowsLogsources('Microsoft-Windows-PowerShell/Operational', 4104)[0]?.category).toBe(
      'ps_script',
    );
    // 4688 carries NewProcessName for Image.
    const engine = compileSigmaRules(
      parseRules(ruleYaml('s: {Image|endswith: \\x.exe}\ncondition: s')),
    );
    expect(
      engine.match({ Channel: 'Security', EventID: 4688, NewProcessName: 'C:\\x.exe' }),
    ).toHaveLength(1);
  });

  it('T3 Windows services map to channels', () => {
    expect(windowsLogsources('Microsoft-Windows-Windows Defender/Operational', 1116)).toEqual([
      { product: 'windows', service: 'windefend', category: 'antivirus' },
    ]);
    expect(windowsLogsources('Microsoft-Windows-TaskScheduler/Operational', 142)[0]?.service).toBe(
      'taskscheduler',
    );
    const rule = ruleYaml('s: {EventID: 7045}\ncondition: s').replace(
      'category: process_creation',
      'service: system',
    );
    const engine = compileSigmaRules(parseRules(rule));
    expect(engine.match({ Channel: 'System', EventID: 7045 })).toHaveLength(1);
    expect(engine.match({ Channel: 'Security', EventID: 7045 })).toHaveLength(0);
  });

  it('T4 Linux/macOS rules route by the logsource the caller gives', () => {
    const rule = ruleYaml('s: {Image|endswith: /curl}\ncondition: s').replace(
      'product: windows',
      'product: linux',
    );
    const engine = compileSigmaRules(parseRules(rule));
    expect(
      engine.match(
        { Image: '/usr/bin/curl' },
        { logsource: { product: 'linux', category: 'process_creation' } },
      ),
    ).toHaveLength(1);
    expect(
      engine.match(
        { Image: '/usr/bin/curl' },
        { logsource: { product: 'macos', category: 'process_creation' } },
      ),
    ).toHaveLength(0);
  });

  it('T5 cloud rules read native JSON paths', () => {
    const rule = `title: aws\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  s:\n    eventSource: iam.amazonaws.com\n    requestParameters.userName|startswith: adm\n  condition: s`;
    const engine = compileSigmaRules(parseRules(rule));
    expect(
      engine.match(
        { eventSource: 'iam.amazonaws.com', requestParameters: { userName: 'admin1' } },
        { logsource: { product: 'aws', service: 'cloudtrail' } },
      ),
    ).toHaveLength(1);
  });

  it('T6 winlog records flatten to Sigma names (Provider_Name, stripped spaces, Data Name)', () => {
    const flat = flattenWinlogEvent({
      Event: {
        System: {
          Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing' } },
          EventID: { '#text': 4663, '#attributes': { Qualifiers: 0 } },
          Channel: 'Security',
          Execution: { '#attributes': { ProcessID: 4 } },
        },
        EventData: {
          Data: [{ '#attributes': { Name: 'Object Name' }, '#text': 'C:\\secret.txt' }, 'unnamed'],
          'New Value': 'x',
        },
      },
    });
    expect(flat).toMatchObject({
      Provider_Name: 'Microsoft-Windows-Security-Auditing',
      EventID: 4663,
      EventID_Qualifiers: 0,
      Execution_ProcessID: 4,
      ObjectName: 'C:\\secret.txt',
      NewValue: 'x',
      Data: 'unnamed',
    });
  });

  it('T7 other taxonomies go through a field mapping (OCSF: Image is process.file.path)', () => {
    const engine = compileSigmaRules(
      parseRules(ruleYaml('s: {Image|endswith: \\x.exe}\ncondition: s')),
    );
    const ocsfEvent = {
      class_uid: 1007,
      activity_id: 1,
      process: { name: 'x.exe', file: { path: 'C:\\x.exe', name: 'x.exe' } },
      device: { os: { type_id: 100, type: 'Windows' } },
      metadata: { product: { name: 'System Monitor (Sysmon)' }, event_code: '1' },
    };
    expect(engine.match(ocsfEvent, { input: 'ocsf' })).toHaveLength(1);
  });
});

describe('Y: YAML and JavaScript pitfalls', () => {
  it('Y1 quoted scalars stay strings; YAML 1.2 keeps yes/no and 0x text as strings', () => {
    const [rule] = parseRules(ruleYaml("s: {a: '0x10', b: yes, c: '0777'}\ncondition: s"));
    const items = rule?.detection.searches.get('s');
    expect(items?.kind === 'map' && items.items.map((i) => i.values[0])).toEqual([
      '0x10',
      'yes',
      '0777',
    ]);
  });

  it('Y2 multi-document streams and duplicate keys', () => {
    expect(parseSigmaYaml(`${ruleYaml('s: {a: 1}\ncondition: s')}\n---\n`).documents).toHaveLength(
      1,
    );
    expect(parseSigmaYaml('title: a\ntitle: b\n').errors[0]?.code).toBe('SIGMA_YAML_INVALID');
  });

  it('Y3 a leading (?i) becomes the i flag', () => {
    expect(detect("s: {a|re: '(?i)^abc$'}\ncondition: s")({ a: 'ABC' })).toBe(true);
  });

  it('Y4 regexes compile without the u flag (needless escapes, lone ])', () => {
    expect(detect("s: {a|re: '\\\"x]'}\ncondition: s")({ a: '"x]' })).toBe(true);
  });

  it('Y5 PCRE-only syntax outside the Sigma subset is rejected (lookaround, backreferences)', () => {
    expect(ruleError(ruleYaml("s: {a|re: '(?=x)y'}\ncondition: s"))?.message).toMatch(
      /regular expression/,
    );
    expect(ruleError(ruleYaml("s: {a|re: '(a)\\1'}\ncondition: s"))?.message).toMatch(
      /regular expression/,
    );
  });

  it('Y6 one case fold: toLowerCase on both sides', () => {
    expect(detect("s: {a: 'ÄRGER'}\ncondition: s")({ a: 'ärger' })).toBe(true);
  });

  it('Y7 plain/contains/startswith/endswith never build a regex; catastrophic patterns run linear', () => {
    expect(analyseRegex('(a+)+$')).toMatchObject({ simple: false, reason: 'nested quantifier' });
    expect(analyseRegex('(a|aa)*b')).toMatchObject({ simple: false });
    expect(analyseRegex('\\\\[a-z]{2,8}\\.exe$')).toEqual({ simple: true });
    const match = detect("s: {a|re: '(a+)+$'}\ncondition: s");
    const started = performance.now();
    expect(match({ a: `${'a'.repeat(5000)}!` })).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('Y8 routing: logsource and required literals narrow the candidates, same results', () => {
    const rules = parseRules(
      [1, 2, 3, 4]
        .map((n) =>
          ruleYaml(
            `s: {Image|endswith: \\tool${n}.exe, CommandLine|contains: flag${n}}\ncondition: s`,
          ).replace('0001', `000${n}`),
        )
        .join('\n---\n'),
    );
    const indexed = compileSigmaRules(rules);
    const naive = compileSigmaRules(rules, { routing: 'none' });
    const event = proc({ Image: 'C:\\tool3.exe', CommandLine: 'tool3 flag3' });
    expect(indexed.match(event).map((m) => m.ruleId)).toEqual(
      naive.match(event).map((m) => m.ruleId),
    );
    expect(indexed.stats().candidatesTested).toBe(1);
    expect(naive.stats().candidatesTested).toBe(4);
  });
});

interface FindingShape {
  class_uid: number;
  severity_id: number;
  finding_info: {
    analytic: { uid: string };
    desc: string;
    attacks: { technique: { uid: string } }[];
  };
  unmapped: Record<string, unknown>;
  evidences: { data: { fields: unknown } }[];
}

describe('O: output and licence', () => {
  const rules = parseRules(
    ruleYaml(
      's: {Image|endswith: \\whoami.exe}\nf: {User: admin}\ncondition: s and not f',
      'author: Florian Roth (Nextron Systems)\ndescription: Whoami run\nreferences: [https://example.org/whoami]\ntags: [attack.discovery, attack.t1033]\nfalsepositives: [Admins]\nfields: [CommandLine]',
    ),
  );
  const engine = compileSigmaRules(rules);
  const event = proc({ Image: 'C:\\Windows\\whoami.exe', User: 'bob', time: 1_700_000_000_000 });

  it('O1 matches carry id, title, level, tags, author; findings carry author and DRL licence', () => {
    const [match] = engine.match(event);
    expect(match).toMatchObject({
      ruleId: '00000000-0000-4000-8000-000000000001',
      title: 'Test rule',
      level: 'high',
      author: 'Florian Roth (Nextron Systems)',
      tags: ['attack.discovery', 'attack.t1033'],
    });
    const finding = toDetectionFinding(
      match as NonNullable<typeof match>,
      event,
    ) as unknown as FindingShape;
    expect(finding.class_uid).toBe(2004);
    expect(finding.severity_id).toBe(4);
    expect(finding.finding_info.analytic.uid).toBe('00000000-0000-4000-8000-000000000001');
    expect(finding.finding_info.desc).toBe('Whoami run');
    expect(finding.finding_info.attacks[0]?.technique.uid).toBe('T1033');
    expect(finding.unmapped).toMatchObject({
      rule_author: 'Florian Roth (Nextron Systems)',
      rule_license: 'DRL-1.1',
      rule_references: ['https://example.org/whoami'],
    });
  });

  it('O2 matches carry the matched fields (positive searches only) as evidence', () => {
    const [match] = engine.match(event);
    expect(match?.evidence).toEqual([{ field: 'Image', value: 'C:\\Windows\\whoami.exe' }]);
    const finding = toDetectionFinding(
      match as NonNullable<typeof match>,
      event,
    ) as unknown as FindingShape;
    expect(finding.evidences[0]?.data.fields).toEqual({ Image: 'C:\\Windows\\whoami.exe' });
  });

  it('O3 fields and falsepositives are kept for triage', () => {
    const [match] = engine.match(event);
    expect(match?.rule.fields).toEqual(['CommandLine']);
    const finding = toDetectionFinding(
      match as NonNullable<typeof match>,
      event,
    ) as unknown as FindingShape;
    expect(finding.unmapped['rule_falsepositives']).toEqual(['Admins']);
    expect(SigmaRuleError.isInstance(new SigmaRuleError('SIGMA_RULE_INVALID', 'x'))).toBe(true);
    expect(OpenMdrError.isInstance(new SigmaRuleError('SIGMA_RULE_INVALID', 'x'))).toBe(true);
  });
});
