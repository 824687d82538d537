/**
 * CLI throughput benchmark (issue 19): `openmdr` run as a subprocess, start-up included, over
 * ~100k Windows events (see `event-mix.ts`), against a floor measured in the same run — plain
 * node reading the same file as one stream and `JSON.parse` + `JSON.stringify` of every line on
 * one thread (`parse-floor.mjs`, also a child process; reported with and without its start-up).
 *
 * Rows: rule loading alone (`sigma match` over an empty events file) from the YAML of all active
 * Windows SigmaHQ rules, against node reading and YAML-parsing the same files (`yaml-floor.mjs`),
 * and, when `openmdr sigma bundle` exists, from a bundle of them;
 * `sigma match --input winlog` and `--input flat`; `detect --input winlog`; `normalize --source
 * windows` — each with the default threads and with `--threads 1` when the command takes that
 * flag. Per row: wall time, events/s, ratio to the floor (with start-up on both sides), peak RSS
 * of the child (GNU time). `sigma match` rows are also scored against the labelled samples
 * (recall, precision: see `detection-score.ts`) so that a faster run that loses matches shows.
 *
 * Run: `pnpm --filter @openmdr/cli bench` (all CLI benches), or only this one from
 * `packages/cli`: `npx tsx --conditions=@openmdr/source bench/cli-throughput.bench.ts`.
 * Needs the shared SigmaHQ corpus (`../shared`, or `OPENMDR_SHARED_DIR`). Runs the built
 * `dist/bin.js` (built when missing; see `cli-under-test.ts`). Options by environment:
 * `OPENMDR_BENCH_EVENTS=FILE` (a real JSON-lines file, throughput only),
 * `OPENMDR_BENCH_COUNT=N` (generated events, default 100000).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliUnderTest } from './cli-under-test.js';
import { formatScore, scoreMatches, sigmaMatchPairs } from './detection-score.js';
import { writeEventMix } from './event-mix.js';
import { mb, measuredRun, perSecond } from './measured-run.js';
import { activeWindowsRuleFiles, copyRules, HAS_CORPUS, REGRESSION_DIR } from './sigma-corpus.js';

if (!HAS_CORPUS) {
  console.error('cli-throughput: SigmaHQ corpus not found; set OPENMDR_SHARED_DIR — skipped');
  process.exit(0);
}

const here = dirname(fileURLToPath(import.meta.url));
const cli = await cliUnderTest();
const count = Number(process.env['OPENMDR_BENCH_COUNT'] ?? 100_000);
const mix = writeEventMix(REGRESSION_DIR, count);
const windowsRules = activeWindowsRuleFiles();
const rulesDir = copyRules(windowsRules, 'windows-rules');
const scratch = mkdtempSync(join(tmpdir(), 'openmdr-bench-scratch-'));
const emptyEvents = join(scratch, 'empty.jsonl');
writeFileSync(emptyEvents, '');

console.log('openmdr CLI throughput (issue 19)');
console.log(`  CLI: ${cli.note}`);
console.log(`  events: ${mix.description}`);
console.log(
  `  winlog file ${mb(mix.winlogBytes)} (${(mix.winlogBytes / mix.count).toFixed(0)} B/event), flat file ${mb(mix.flatBytes)}`,
);
console.log(`  rules: ${windowsRules.length} active Windows SigmaHQ rules (copied to ${rulesDir})`);
console.log(
  `  flags: sigma bundle ${cli.hasBundle ? 'yes' : 'no'}, --threads on match ${cli.matchThreads ? 'yes' : 'no'}, detect ${cli.detectThreads ? 'yes' : 'no'}, normalize ${cli.normalizeThreads ? 'yes' : 'no'}`,
);

const openmdr = (args: readonly string[], stdoutFile?: string) =>
  measuredRun(cli.command, [...cli.prefix, ...args], stdoutFile);

const fail = (what: string, run: { exitCode: number; stderr: string }) => {
  console.error(`${what} exited ${run.exitCode}:\n${run.stderr.slice(0, 2000)}`);
  process.exit(1);
};

// The floor, per file.
const floors = new Map<string, { wallMs: number; innerMs: number }>();
console.log('\nfloor: node parse+serialise, one thread, one stream');
for (const [label, file] of [
  ['winlog', mix.winlogFile],
  ['flat', mix.flatFile],
] as const) {
  const run = await measuredRun(process.execPath, [join(here, 'parse-floor.mjs'), file]);
  if (run.exitCode !== 0) fail(`floor on ${label}`, run);
  const inner = JSON.parse(run.stderr.trim().split('\n').pop() as string) as { ms: number };
  floors.set(file, { wallMs: run.wallMs, innerMs: inner.ms });
  console.log(
    `  ${label.padEnd(7)} ${perSecond(mix.count, run.wallMs).padStart(9)} events/s with start-up (${(run.wallMs / 1000).toFixed(2)} s), ${perSecond(mix.count, inner.ms).padStart(9)} events/s without (${(inner.ms / 1000).toFixed(2)} s), peak RSS ${mb(run.peakRss)}`,
  );
}

// Rule loading alone.
console.log('\nrule loading (sigma match over an empty events file)');
const yamlFloor = await measuredRun(process.execPath, [join(here, 'yaml-floor.mjs'), rulesDir]);
if (yamlFloor.exitCode !== 0) fail('YAML floor', yamlFloor);
const yamlFloorInner = JSON.parse(yamlFloor.stderr.trim().split('\n').pop() as string) as {
  ms: number;
};
console.log(
  `  floor   ${(yamlFloor.wallMs / 1000).toFixed(2)} s with start-up, ${(yamlFloorInner.ms / 1000).toFixed(2)} s without: node reading and YAML-parsing the same files (yaml-floor.mjs), peak RSS ${mb(yamlFloor.peakRss)}`,
);
const yamlLoad = await openmdr(['sigma', 'match', '--rules', rulesDir, '--events', emptyEvents]);
console.log(
  `  YAML    ${(yamlLoad.wallMs / 1000).toFixed(2)} s (${(yamlLoad.wallMs / yamlFloor.wallMs).toFixed(2)}× the floor; goal ≤ 1.5×), peak RSS ${mb(yamlLoad.peakRss)}, exit ${yamlLoad.exitCode}`,
);
let bundleFile: string | undefined;
if (cli.hasBundle) {
  bundleFile = join(scratch, 'windows-rules.bundle.json');
  const bundled = await openmdr(['sigma', 'bundle', '--rules', rulesDir, '--out', bundleFile]);
  if (bundled.exitCode !== 0) fail('sigma bundle', bundled);
  const bundleLoad = await openmdr([
    'sigma',
    'match',
    '--rules',
    bundleFile,
    '--events',
    emptyEvents,
  ]);
  console.log(
    `  bundle  ${(bundleLoad.wallMs / 1000).toFixed(2)} s, peak RSS ${mb(bundleLoad.peakRss)}, exit ${bundleLoad.exitCode} (writing the bundle: ${(bundled.wallMs / 1000).toFixed(2)} s)`,
  );
} else {
  console.log('  bundle  skipped: this openmdr has no `sigma bundle` command');
}

// The commands over the events.
interface Row {
  readonly label: string;
  readonly args: readonly string[];
  readonly file: string;
  readonly threads: boolean;
  readonly scored: boolean;
}
const rulesArgs = bundleFile === undefined ? [rulesDir] : [bundleFile];
const rows: Row[] = [
  {
    label: 'sigma match winlog',
    args: [
      'sigma',
      'match',
      '--rules',
      ...rulesArgs,
      '--events',
      mix.winlogFile,
      '--input',
      'winlog',
    ],
    file: mix.winlogFile,
    threads: cli.matchThreads,
    scored: true,
  },
  {
    label: 'sigma match flat',
    args: ['sigma', 'match', '--rules', ...rulesArgs, '--events', mix.flatFile, '--input', 'flat'],
    file: mix.flatFile,
    threads: cli.matchThreads,
    scored: true,
  },
  {
    label: 'detect winlog',
    args: ['detect', '--rules', ...rulesArgs, '--events', mix.winlogFile, '--input', 'winlog'],
    file: mix.winlogFile,
    threads: cli.detectThreads,
    scored: false,
  },
  {
    label: 'normalize windows',
    args: ['normalize', '--source', 'windows', mix.winlogFile],
    file: mix.winlogFile,
    threads: cli.normalizeThreads,
    scored: false,
  },
];
console.log(
  `\ncommands (rules from ${bundleFile === undefined ? 'YAML' : 'the bundle'}; ratio = events/s ÷ floor events/s, start-up included on both sides)`,
);
const output = join(scratch, 'output.jsonl');
for (const row of rows) {
  const variants: [string, readonly string[]][] = row.threads
    ? [
        ['default threads', []],
        ['--threads 1', ['--threads', '1']],
      ]
    : [['(no --threads flag)', []]];
  const floor = floors.get(row.file) as { wallMs: number; innerMs: number };
  for (const [threads, extra] of variants) {
    const run = await openmdr([...row.args, ...extra], output);
    // Exit 1 means some input had failures (reported on stderr); 2 and up are real failures.
    if (run.exitCode > 1) fail(`${row.label} ${threads}`, run);
    const ratio = floor.wallMs / run.wallMs;
    let line = `  ${`${row.label} ${threads}`.padEnd(40)} ${(run.wallMs / 1000).toFixed(2).padStart(6)} s ${perSecond(mix.count, run.wallMs).padStart(9)} events/s  ${ratio.toFixed(2)}× floor  peak RSS ${mb(run.peakRss)}  exit ${run.exitCode}`;
    if (row.scored) {
      line += `\n    ${formatScore(scoreMatches(sigmaMatchPairs(readFileSync(output, 'utf8')), mix))}`;
    }
    console.log(line);
  }
}

rmSync(rulesDir, { recursive: true, force: true });
rmSync(scratch, { recursive: true, force: true });
if (mix.labels !== undefined) rmSync(dirname(mix.flatFile), { recursive: true, force: true });
