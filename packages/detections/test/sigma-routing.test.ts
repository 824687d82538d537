import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compileSigmaRules,
  loadSigmaRules,
  type SigmaEngine,
  type SigmaRouting,
  type SigmaRule,
} from '../src/index.js';
import { regexMinLength, regexRequiredLiterals } from '../src/sigma/regex-guard.js';
import { ACTIVE_RULE_FOLDERS, HAS_SIGMA_CORPUS, SIGMA_DIR } from './shared-dir.js';
import { parseRules, ruleYaml } from './sigma-helpers.js';

const MODES: readonly SigmaRouting[] = ['indexed', 'logsource', 'none'];

const proc = (fields: Record<string, unknown>) => ({
  Channel: 'Microsoft-Windows-Sysmon/Operational',
  EventID: 1,
  ...fields,
});

/** The rules of several detection bodies, with distinct ids. */
function rulesOf(...detections: string[]): SigmaRule[] {
  return parseRules(
    detections
      .map((detection, index) =>
        ruleYaml(detection).replace(
          '00000000-0000-4000-8000-000000000001',
          `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
        ),
      )
      .join('\n---\n'),
  );
}

/** The ids of the rules matching `event`, the same in every routing mode. */
function matchEverywhere(rules: SigmaRule[], event: unknown, input = 'flat'): string[] {
  const results = MODES.map((routing) =>
    compileSigmaRules(rules, { routing })
      .match(event, { input })
      .map((match) => match.ruleId ?? match.title),
  );
  expect(results[1]).toEqual(results[0]);
  expect(results[2]).toEqual(results[0]);
  return results[0] as string[];
}

/** How many rules the indexed engine tests for `event`. */
function candidates(engine: SigmaEngine, event: unknown): number {
  const before = engine.stats().candidatesTested;
  engine.match(event);
  return engine.stats().candidatesTested - before;
}

describe('candidate index', () => {
  it('a rule is a candidate only when every required literal group is present', () => {
    const rules = rulesOf(
      "img: {Image|endswith: ['\\csi.exe', '\\rcsi.exe']}\ncompany: {Company: Microsoft Corporation}\ncondition: all of *",
    );
    const engine = compileSigmaRules(rules);
    const microsoft = proc({
      Image: 'C:\\Windows\\explorer.exe',
      Company: 'Microsoft Corporation',
    });
    const csi = proc({ Image: 'C:\\VS\\csi.exe', Company: 'Microsoft Corporation' });
    expect(candidates(engine, microsoft)).toBe(0);
    expect(candidates(engine, csi)).toBe(1);
    expect(matchEverywhere(rules, microsoft)).toEqual([]);
    expect(matchEverywhere(rules, csi)).toHaveLength(1);
  });

  it('OR of ANDs: distributed groups still find every branch', () => {
    const rules = rulesOf(
      'a: {Image|endswith: \\a.exe, CommandLine|contains: alpha}\nb: {Image|endswith: \\b.exe, CommandLine|contains: beta}\ncondition: 1 of *',
    );
    const engine = compileSigmaRules(rules);
    expect(candidates(engine, proc({ Image: 'C:\\a.exe', CommandLine: 'gamma' }))).toBe(0);
    for (const [image, commandLine, matches] of [
      ['C:\\a.exe', 'x alpha', 1],
      ['C:\\b.exe', 'x beta', 1],
      ['C:\\a.exe', 'x beta', 0],
    ] as const) {
      expect(matchEverywhere(rules, proc({ Image: image, CommandLine: commandLine }))).toHaveLength(
        matches,
      );
    }
  });

  it('keyword searches are indexed on every value of the event, numbers included', () => {
    const rules = rulesOf("keywords: ['sekurlsa::', '4624']\ncondition: keywords");
    const engine = compileSigmaRules(rules);
    expect(candidates(engine, proc({ CommandLine: 'benign' }))).toBe(0);
    expect(
      matchEverywhere(rules, proc({ CommandLine: 'x SEKURLSA::LogonPasswords' })),
    ).toHaveLength(1);
    expect(matchEverywhere(rules, proc({ LogonType: 4624 }))).toHaveLength(1);
    expect(matchEverywhere(rules, proc({ Nested: { deep: ['a', 'SekurLSA::x'] } }))).toHaveLength(
      1,
    );
  });

  it('short, non-ASCII and rare-punctuation literals are indexed', () => {
    const rules = rulesOf(
      "s: {CommandLine|contains: ['^^', ';;;;']}\ncondition: s",
      "s: {CommandLine|contains: ['А', 'е']}\ncondition: s", // Cyrillic
      "s: {CommandLine|re: '\\w+`\\w+'}\ncondition: s",
    );
    const engine = compileSigmaRules(rules);
    expect(candidates(engine, proc({ CommandLine: 'cmd.exe /c dir' }))).toBe(0);
    expect(matchEverywhere(rules, proc({ CommandLine: 'c^^md' }))).toHaveLength(1);
    expect(matchEverywhere(rules, proc({ CommandLine: 'cmd /c dir С:\\Windows' }))).toEqual([]);
    expect(matchEverywhere(rules, proc({ CommandLine: 'powеrshell' }))).toHaveLength(1);
    expect(matchEverywhere(rules, proc({ CommandLine: 'IN`V`oke' }))).toHaveLength(1);
  });

  it('regex literals under case folding are cut at s: RE2 folds ſ (long s) to s', () => {
    // `(a+)+` makes the pattern run on re2js, whose case folding matches ſ for s.
    const rules = rulesOf("s: {CommandLine|re: '(?i)(a+)+setting'}\ncondition: s");
    expect(matchEverywhere(rules, proc({ CommandLine: 'aaſetting' }))).toHaveLength(1);
    expect(matchEverywhere(rules, proc({ CommandLine: 'aaSETTING' }))).toHaveLength(1);
    expect(matchEverywhere(rules, proc({ CommandLine: 'aa' }))).toEqual([]);
  });

  it('equal values are memoised per field without changing results', () => {
    const rules = rulesOf("s: {CommandLine|contains: 'mimikatz'}\ncondition: s");
    const engine = compileSigmaRules(rules);
    for (let round = 0; round < 3; round++) {
      expect(engine.match(proc({ CommandLine: 'run MIMIKATZ.exe' }))).toHaveLength(1);
      expect(engine.match(proc({ CommandLine: 'run notepad.exe' }))).toEqual([]);
    }
  });
});

describe('regex required literals', () => {
  it('are the top-level literal runs; escaped letters and digits end a run', () => {
    expect(regexRequiredLiterals('\\$PSHome\\[\\s*\\d{1,3}', 2)).toEqual(['$pshome[']);
    expect(regexRequiredLiterals('abc(?:x|y)def+g?', 2)).toEqual(['abc', 'def']);
    // `\a` is BEL in RE2 and `a` in V8: not a literal either way.
    expect(regexRequiredLiterals('xy\\azw', 2)).toEqual(['xy', 'zw']);
    expect(regexRequiredLiterals('ab|cd', 1)).toBeUndefined();
    expect(regexRequiredLiterals('\\Qab\\E', 1)).toBeUndefined();
  });
});

describe('regex minimum length', () => {
  it('is a lower bound of any match length, or 0 when the pattern is not read exactly', () => {
    expect(regexMinLength('.{1000,}')).toBe(1000);
    expect(regexMinLength('\\s[a-f0-9]{64}\\s[a-f0-9]{16}')).toBe(82);
    expect(regexMinLength('(?i)ab|c')).toBe(1);
    expect(regexMinLength('^(?:abc)$')).toBe(3);
    expect(regexMinLength('(a|bc)+d?')).toBe(1);
    expect(regexMinLength('a{2,3}?b')).toBe(3);
    expect(regexMinLength('\\bfoo\\b')).toBe(3);
    expect(regexMinLength('a{,2}')).toBe(5); // not a repetition: literal text
    for (const unread of ['\\x41{5}', '[[:alpha:]]{3}', '(?=abc)abc', '\\p{L}{4}', '\\Qab\\E']) {
      expect(regexMinLength(unread)).toBe(0);
    }
  });

  it('does not cut valid matches, surrogate pairs included', () => {
    const rules = rulesOf("s: {CommandLine|re: '^.{3}$'}\ncondition: s");
    expect(matchEverywhere(rules, proc({ CommandLine: 'abc' }))).toHaveLength(1);
    expect(matchEverywhere(rules, proc({ CommandLine: 'ab' }))).toEqual([]);
    expect(matchEverywhere(rules, proc({ CommandLine: '😀a' }))).toHaveLength(1);
  });
});

const corpusEvents = (folder: string): unknown[] => {
  const directory = join(SIGMA_DIR, 'regression-dev', folder);
  return readdirSync(directory)
    .sort()
    .flatMap((file) =>
      readFileSync(join(directory, file), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    );
};

describe.skipIf(!HAS_SIGMA_CORPUS)('SigmaHQ corpus: routing changes nothing', () => {
  let rules: SigmaRule[];
  beforeAll(async () => {
    rules = (await loadSigmaRules(ACTIVE_RULE_FOLDERS)).rules;
  }, 60_000);

  it.each([
    ['flat', 'events_flat'],
    ['winlog', 'events'],
  ])(
    '%s: every active rule, every regression-dev event, the same matches in all modes',
    (input, folder) => {
      const engines = MODES.map((routing) => compileSigmaRules(rules, { routing }));
      let matches = 0;
      for (const event of corpusEvents(folder)) {
        const [indexed, ...others] = engines.map((engine) =>
          engine.match(event, { input }).map((match) => match.ruleId ?? match.title),
        );
        for (const other of others) expect(other).toEqual(indexed);
        matches += indexed?.length ?? 0;
      }
      expect(matches).toBeGreaterThan(200);
    },
  );
});
