/**
 * Side by side with Zircolite's method (issue 19): the same rules over the same ~100k flat
 * Windows events (see `event-mix.ts`), start-up included on both sides.
 *
 * - Zircolite's method: an in-memory SQLite table of the events and one SQL query per rule of
 *   its published `rules_windows_sysmon_high.json`, run by `zircolite_method.py` with Python's
 *   sqlite3 (`python3`, or `OPENMDR_BENCH_PYTHON`).
 * - Ours: the same rules' SigmaHQ YAML (Zircolite's rule ids matched to active SigmaHQ rule files
 *   by `id:`) through `openmdr sigma match --input flat`.
 *
 * Only the rules present on both sides are run on either side. Reported: wall time of each side,
 * the speed-up factor, rule counts, and recall/precision on the labelled samples of the mix
 * (TP, FN, FP and unlabelled as defined in `detection-score.ts`), restricted to those rules.
 * The goal of issue 19: ≥ 20× faster, recall and precision at least equal.
 *
 * Zircolite's ruleset is not in this repository. Get it at the pinned commit and point
 * `ZIRCOLITE_RULES` at it; without it this benchmark is skipped with a message:
 *
 *   curl -fsSL -o /tmp/zircolite-rules.json \
 *     https://raw.githubusercontent.com/wagga40/Zircolite/b27001c7926261e976aa5372a69a23beb36e73db/rules/rules_windows_sysmon_high.json
 *   ZIRCOLITE_RULES=/tmp/zircolite-rules.json pnpm --filter @openmdr/cli bench
 *
 * (or `git show b27001c7926261e976aa5372a69a23beb36e73db:rules/rules_windows_sysmon_high.json`
 * in a clone of github.com/wagga40/Zircolite). Only this file, from `packages/cli`:
 * `ZIRCOLITE_RULES=… npx tsx --conditions=@openmdr/source bench/zircolite-compare.bench.ts`.
 * Also honours `OPENMDR_BENCH_EVENTS` and `OPENMDR_BENCH_COUNT` (see `cli-throughput.bench.ts`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliUnderTest } from './cli-under-test.js';
import { formatScore, scoreMatches, sigmaMatchPairs } from './detection-score.js';
import { writeEventMix } from './event-mix.js';
import { mb, measuredRun, perSecond } from './measured-run.js';
import { copyRules, HAS_CORPUS, REGRESSION_DIR, ruleFilesById } from './sigma-corpus.js';

const rulesFile = process.env['ZIRCOLITE_RULES'];
if (rulesFile === undefined || rulesFile === '' || !existsSync(rulesFile)) {
  console.log(
    'zircolite-compare: skipped — set ZIRCOLITE_RULES to rules_windows_sysmon_high.json of wagga40/Zircolite at commit b27001c7926261e976aa5372a69a23beb36e73db (see this file’s header)',
  );
  process.exit(0);
}
if (!HAS_CORPUS) {
  console.log('zircolite-compare: skipped — SigmaHQ corpus not found; set OPENMDR_SHARED_DIR');
  process.exit(0);
}
const python = process.env['OPENMDR_BENCH_PYTHON'] ?? 'python3';
const probe = spawnSync(python, ['-c', 'import sqlite3, sys; print(sqlite3.sqlite_version)'], {
  encoding: 'utf8',
});
if (probe.status !== 0) {
  console.log(`zircolite-compare: skipped — ${python} with sqlite3 is not available`);
  process.exit(0);
}

const here = dirname(fileURLToPath(import.meta.url));
const cli = await cliUnderTest();
const count = Number(process.env['OPENMDR_BENCH_COUNT'] ?? 100_000);
const mix = writeEventMix(REGRESSION_DIR, count);
const scratch = mkdtempSync(join(tmpdir(), 'openmdr-bench-zircolite-'));

// The rules present on both sides.
const zircolite = JSON.parse(readFileSync(rulesFile, 'utf8')) as { id?: string }[];
const byId = ruleFilesById();
const common = new Set<string>();
const files: string[] = [];
for (const rule of zircolite) {
  const id = rule.id?.toLowerCase();
  const file = id === undefined ? undefined : byId.get(id);
  if (id !== undefined && file !== undefined && !common.has(id)) {
    common.add(id);
    files.push(file);
  }
}
const rulesDir = copyRules(files, 'zircolite-common');
const idsFile = join(scratch, 'rule-ids.txt');
writeFileSync(idsFile, `${[...common].join('\n')}\n`);

console.log('Zircolite method vs openmdr sigma match (issue 19)');
console.log(`  CLI: ${cli.note}`);
console.log(`  python: ${python}, SQLite ${probe.stdout.trim()}`);
console.log(`  events: ${mix.description}, flat file ${mb(mix.flatBytes)}`);
console.log(
  `  rules: ${zircolite.length} in ${rulesFile}; ${common.size} found by id among the active SigmaHQ rules — both sides run those`,
);

// Zircolite's method.
const zircoliteOut = join(scratch, 'zircolite.jsonl');
const theirs = await measuredRun(
  python,
  [join(here, 'zircolite_method.py'), rulesFile, mix.flatFile, idsFile],
  zircoliteOut,
);
if (theirs.exitCode !== 0) {
  console.error(`zircolite_method.py exited ${theirs.exitCode}:\n${theirs.stderr.slice(0, 2000)}`);
  process.exit(1);
}
const summary = JSON.parse(theirs.stderr.trim().split('\n').pop() as string) as {
  rules: number;
  failed_statements: number;
  load_ms: number;
  query_ms: number;
};
const theirPairs: [number, string][] = readFileSync(zircoliteOut, 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => {
    const match = JSON.parse(line) as { event: number; rule_id: string };
    return [match.event, match.rule_id];
  });

// Ours.
const oursOut = join(scratch, 'openmdr.jsonl');
const ours = await measuredRun(
  cli.command,
  [
    ...cli.prefix,
    'sigma',
    'match',
    '--rules',
    rulesDir,
    '--events',
    mix.flatFile,
    '--input',
    'flat',
  ],
  oursOut,
);
if (ours.exitCode > 1) {
  console.error(`openmdr sigma match exited ${ours.exitCode}:\n${ours.stderr.slice(0, 2000)}`);
  process.exit(1);
}
const ruleErrors = ours.stderr
  .split('\n')
  .filter((line) => line.startsWith('{"rule_error"')).length;

const line = (name: string, run: { wallMs: number; peakRss: number | undefined }) =>
  `  ${name.padEnd(20)} ${(run.wallMs / 1000).toFixed(2).padStart(7)} s ${perSecond(mix.count, run.wallMs).padStart(9)} events/s  peak RSS ${mb(run.peakRss)}`;
console.log(`\n${line('Zircolite method', theirs)}`);
console.log(
  `    ${summary.rules} rules; load ${(summary.load_ms / 1000).toFixed(2)} s, queries ${(summary.query_ms / 1000).toFixed(2)} s; ${summary.failed_statements} SQL statements failed (no such column…); ${theirPairs.length} matches`,
);
console.log(`    ${formatScore(scoreMatches(theirPairs, mix, common))}`);
const ourText = readFileSync(oursOut, 'utf8');
console.log(line('openmdr sigma match', ours));
console.log(
  `    ${common.size - ruleErrors} rules loaded (${ruleErrors} rule errors); ${[...sigmaMatchPairs(ourText)].length} matches; exit ${ours.exitCode}`,
);
console.log(`    ${formatScore(scoreMatches(sigmaMatchPairs(ourText), mix, common))}`);
console.log(
  `\n  speed-up: ${(theirs.wallMs / ours.wallMs).toFixed(1)}× (Zircolite method wall ÷ openmdr wall, start-up included; goal ≥ 20×)`,
);

rmSync(rulesDir, { recursive: true, force: true });
rmSync(scratch, { recursive: true, force: true });
if (mix.labels !== undefined) rmSync(dirname(mix.flatFile), { recursive: true, force: true });
