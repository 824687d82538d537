/**
 * Sigma rule-load benchmark: every active rule folder of the SigmaHQ corpus, the Windows rules
 * compiled. Each measurement runs in a fresh child process (this file with `--child <mode>`,
 * under the same node flags), so its peak RSS (`process.resourceUsage().maxRSS`) is its own;
 * the modes are interleaved and repeated, and the median is reported.
 *
 * - `baseline`: the child with the modules imported and nothing done (what every RSS figure
 *   includes: under tsx, its compiler and source maps; each figure is also given above it);
 * - `floor`: read every rule file (32 reads in flight) and `YAML.parse` it with the `yaml`
 *   package, the least any YAML loader does;
 * - `yaml`: `loadSigmaRules` over the folders (read, parse, validate, build `SigmaRule`s), then
 *   `compileSigmaRules` over the Windows rules, timed apart;
 * - `bundle-write`: `createSigmaBundle` over the folders and `writeSigmaBundle` (gzip'd);
 * - `bundle`: `loadSigmaRules` of that bundle (staleness check included) and the compile, with
 *   `validated` (the bundle's rules were compiled when it was built, so regular expressions
 *   compile on first use); the figure to read is "bundle load + compile" against the floor.
 *
 * Run: `pnpm --filter @openmdr/detections bench` (needs `../shared`, or `OPENMDR_SHARED_DIR`),
 * or only this file: `npx tsx --conditions=@openmdr/source bench/rule-load.bench.ts` in
 * `packages/detections`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  compileSigmaRules,
  createSigmaBundle,
  listSigmaFiles,
  loadSigmaRules,
  writeSigmaBundle,
} from '../src/index.js';
import { ACTIVE_RULE_FOLDERS, HAS_SIGMA_CORPUS, SIGMA_DIR } from '../test/shared-dir.js';

type Mode = 'baseline' | 'floor' | 'yaml' | 'bundle-write' | 'bundle';

interface Measurement {
  /** Load (or write) time, ms. */
  ms: number;
  /** CPU time (user + system, every thread) of the load or write, ms. */
  cpuMs: number;
  /** Compile time of the Windows rules, ms (yaml, bundle). */
  compileMs?: number;
  /** CPU time of the compile, ms. */
  compileCpuMs?: number;
  /** Load and compile, ms (yaml, bundle): the median of the sums, not the sum of the medians. */
  totalMs?: number;
  /** CPU time of load and compile, ms. */
  totalCpuMs?: number;
  /** Windows rules loaded. */
  rules?: number;
  /** Bundle bytes (bundle-write). */
  bytes?: number;
  /** Peak RSS, MB. */
  rssMb: number;
}

const REPEATS = 3;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

async function child(mode: Mode, bundleFile: string): Promise<Measurement> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  if (mode === 'baseline') return { ms: 0, cpuMs: 0, rssMb: peakRssMb() };
  if (mode === 'floor') {
    const files = await listSigmaFiles(ACTIVE_RULE_FOLDERS);
    let rules = 0;
    const reads: Promise<string>[] = [];
    let next = 0;
    const start = () => {
      const file = files[next];
      if (file !== undefined) reads[next++] = readFile(file, 'utf8');
    };
    while (next < Math.min(32, files.length)) start();
    for (let index = 0; index < files.length; index++) {
      const text = await (reads[index] as Promise<string>);
      delete reads[index];
      start();
      const value = parseYaml(text) as { logsource?: { product?: unknown } } | null;
      if (value?.logsource?.product === 'windows') rules++;
    }
    return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu), rules, rssMb: peakRssMb() };
  }
  if (mode === 'bundle-write') {
    const bytes = await writeSigmaBundle(await createSigmaBundle(ACTIVE_RULE_FOLDERS), bundleFile);
    return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu), bytes, rssMb: peakRssMb() };
  }
  const loaded = await loadSigmaRules(mode === 'yaml' ? ACTIVE_RULE_FOLDERS : [bundleFile]);
  const windows = loaded.rules.filter((rule) => rule.logsource.product === 'windows');
  const ms = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);
  const compileStarted = performance.now();
  const compileCpu = process.cpuUsage();
  // A bundle's rules were compiled when it was built: regular expressions compile on first use.
  const engine = compileSigmaRules(windows, { validated: loaded.validated });
  const compileMs = performance.now() - compileStarted;
  const compileCpuMs = cpuMsSince(compileCpu);
  if (loaded.errors.length > 0 || engine.errors.length > 0) {
    throw new Error(`${loaded.errors.length + engine.errors.length} rule errors`);
  }
  return {
    ms,
    cpuMs,
    compileMs,
    compileCpuMs,
    totalMs: performance.now() - started,
    totalCpuMs: cpuMsSince(cpu),
    rules: windows.length,
    rssMb: peakRssMb(),
  };
}

function measure(mode: Mode, bundleFile: string): Measurement {
  const script = new URL(import.meta.url).pathname;
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, script, '--child', mode, bundleFile],
    { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 },
  );
  if (run.status !== 0) throw new Error(`child ${mode} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as Measurement;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

if (process.argv[2] === '--child') {
  const result = await child(process.argv[3] as Mode, process.argv[4] as string);
  console.log(JSON.stringify(result));
} else {
  if (!HAS_SIGMA_CORPUS) {
    console.error(`SigmaHQ corpus not found under ${SIGMA_DIR}; set OPENMDR_SHARED_DIR`);
    process.exit(1);
  }
  const directory = mkdtempSync(join(tmpdir(), 'openmdr-rule-load-'));
  const bundleFile = join(directory, 'sigmahq-active.bundle.json.gz');
  const runs = new Map<Mode, Measurement[]>();
  const record = (mode: Mode) => {
    const list = runs.get(mode) ?? [];
    list.push(measure(mode, bundleFile));
    runs.set(mode, list);
  };
  record('bundle-write');
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const mode of ['baseline', 'floor', 'yaml', 'bundle'] as const) record(mode);
  }
  record('bundle-write');
  rmSync(directory, { recursive: true, force: true });
  const of = (mode: Mode, key: Exclude<keyof Measurement, 'rules'>) =>
    median((runs.get(mode) ?? []).map((m) => m[key] ?? 0));
  const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;
  const rss = (mode: Mode) =>
    `peak RSS ${of(mode, 'rssMb').toFixed(0).padStart(4)} MB` +
    (mode === 'baseline'
      ? ''
      : ` (+${(of(mode, 'rssMb') - of('baseline', 'rssMb')).toFixed(0)} over the baseline)`);
  const rules = runs.get('yaml')?.[0]?.rules ?? 0;
  console.log(
    `Sigma rule load: ${rules} active Windows rules (${ACTIVE_RULE_FOLDERS.length} folders read), median of ${REPEATS} fresh processes each; wall clock, then CPU time (user + system)`,
  );
  const floor = of('floor', 'ms');
  const floorCpu = of('floor', 'cpuMs');
  const line = (label: string, wall: number, cpu: number, tail = '') =>
    console.log(
      `  ${label.padEnd(34)} ${ms(wall)} ${(wall / floor).toFixed(2).padStart(5)}× floor | cpu ${ms(cpu)} ${(cpu / floorCpu).toFixed(2).padStart(5)}× floor${tail}`,
    );
  console.log(`  ${'child baseline (modules imported)'.padEnd(34)} ${rss('baseline')}`);
  line('floor: read + YAML.parse', floor, floorCpu, `  ${rss('floor')}`);
  const yaml = of('yaml', 'ms');
  const yamlCpu = of('yaml', 'cpuMs');
  line('loadSigmaRules (YAML)', yaml, yamlCpu);
  line('compileSigmaRules (Windows rules)', of('yaml', 'compileMs'), of('yaml', 'compileCpuMs'));
  line('YAML load + compile', of('yaml', 'totalMs'), of('yaml', 'totalCpuMs'), `  ${rss('yaml')}`);
  line(
    'bundle write (create + gzip)',
    of('bundle-write', 'ms'),
    of('bundle-write', 'cpuMs'),
    `  ${rss('bundle-write')}, ${(of('bundle-write', 'bytes') / 1024 / 1024).toFixed(1)} MB file`,
  );
  const bundle = of('bundle', 'ms');
  const bundleCpu = of('bundle', 'cpuMs');
  line('bundle load (staleness checked)', bundle, bundleCpu);
  line('compileSigmaRules (validated)', of('bundle', 'compileMs'), of('bundle', 'compileCpuMs'));
  line(
    'bundle load + compile',
    of('bundle', 'totalMs'),
    of('bundle', 'totalCpuMs'),
    `  ${rss('bundle')}`,
  );
  console.log(
    `  (load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')} at the end, ${cpus().length} CPUs)`,
  );
}
