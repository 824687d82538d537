/**
 * Sigma rule-load benchmark: every active rule folder of the SigmaHQ corpus, the Windows rules
 * compiled. Each measurement runs in a fresh child process (`rule-load-child.mjs <mode>`), so
 * its peak RSS (`process.resourceUsage().maxRSS`) is its own; the modes are interleaved and
 * repeated, and the median is reported. Every mode runs twice over: under tsx against the
 * sources (this file's node flags), and, when the package is built and its `dist` is newer than
 * every source file, under plain node against `dist` — the figures a user of the package sees,
 * and the ones the RSS goal (≤ 150 MB) is read against; tsx adds its compiler and source maps
 * (see its baseline).
 *
 * - `baseline`: the child with the modules imported and nothing done (what every RSS figure
 *   includes; each figure also gives its excess over it);
 * - `floor`: read every rule file (32 reads in flight) and `YAML.parse` it with the `yaml`
 *   package, the least any YAML loader does;
 * - `yaml`: `loadSigmaRules` over the folders (read, parse, validate, build `SigmaRule`s), then
 *   `compileSigmaRules` over the Windows rules, timed apart;
 * - `bundle-write`: `createSigmaBundle` over the folders and `writeSigmaBundle` (gzip'd);
 * - `bundle`: `loadSigmaRules` of that bundle (staleness checked) and the compile, with
 *   `validated` (regular expressions compile on first use, and each rule when the first event
 *   of a route it applies to arrives); the figure to read is "bundle load + compile";
 * - `bundle-eager`: the same with `compileOnDemand: false`, every rule compiled up front (what
 *   events on every route would cost in all).
 *
 * Run: `pnpm --filter @openmdr/detections bench` (needs `../shared`, or `OPENMDR_SHARED_DIR`),
 * or only this file: `npx tsx --conditions=@openmdr/source bench/rule-load.bench.ts` in
 * `packages/detections` (build first for the `dist` figures:
 * `pnpm --filter @openmdr/core --filter @openmdr/detections build`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTIVE_RULE_FOLDERS, HAS_SIGMA_CORPUS, SIGMA_DIR } from '../test/shared-dir.js';

type Mode = 'baseline' | 'floor' | 'yaml' | 'bundle-write' | 'bundle' | 'bundle-eager';
type Library = 'src' | 'dist';

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
const CHILD = fileURLToPath(new URL('rule-load-child.mjs', import.meta.url));
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

function measure(library: Library, mode: Mode, bundleFile: string): Measurement {
  // Under tsx for the sources (this process's flags), under plain node for the build.
  const flags = library === 'src' ? process.execArgv : [];
  const run = spawnSync(
    process.execPath,
    [...flags, CHILD, mode, bundleFile, library, ...ACTIVE_RULE_FOLDERS],
    { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 },
  );
  if (run.status !== 0) throw new Error(`child ${library} ${mode} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as Measurement;
}

/** The newest modification time of the files under `directory`, ms. */
function newest(directory: string): number {
  let latest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/** True when `dist` is built and newer than every source file (of this package and core). */
function distIsCurrent(): boolean {
  try {
    const built = statSync(join(PACKAGE, 'dist', 'index.js')).mtimeMs;
    const coreBuilt = statSync(join(PACKAGE, '..', 'core', 'dist', 'index.js')).mtimeMs;
    return (
      built > newest(join(PACKAGE, 'src')) && coreBuilt > newest(join(PACKAGE, '..', 'core', 'src'))
    );
  } catch {
    return false;
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

if (!HAS_SIGMA_CORPUS) {
  console.error(`SigmaHQ corpus not found under ${SIGMA_DIR}; set OPENMDR_SHARED_DIR`);
  process.exit(1);
}
const libraries: Library[] = distIsCurrent() ? ['src', 'dist'] : ['src'];
const directory = mkdtempSync(join(tmpdir(), 'openmdr-rule-load-'));
const runs = new Map<string, Measurement[]>();
const record = (library: Library, mode: Mode) => {
  const key = `${library} ${mode}`;
  const list = runs.get(key) ?? [];
  // Each library writes its own bundle: a bundle records the engine version that built it.
  list.push(measure(library, mode, join(directory, `sigmahq-active.${library}.bundle.json.gz`)));
  runs.set(key, list);
};
for (const library of libraries) record(library, 'bundle-write');
for (let repeat = 0; repeat < REPEATS; repeat++) {
  for (const library of libraries) {
    for (const mode of ['baseline', 'floor', 'yaml', 'bundle', 'bundle-eager'] as const) {
      record(library, mode);
    }
  }
}
for (const library of libraries) record(library, 'bundle-write');
rmSync(directory, { recursive: true, force: true });
const rules = runs.get('src yaml')?.[0]?.rules ?? 0;
console.log(
  `Sigma rule load: ${rules} active Windows rules (${ACTIVE_RULE_FOLDERS.length} folders read), median of ${REPEATS} fresh processes each; wall clock, then CPU time (user + system)`,
);
for (const library of libraries) report(library);
if (!libraries.includes('dist')) {
  console.log(
    '  (no figures of the built package: dist is missing or older than the sources; build with `pnpm --filter @openmdr/core --filter @openmdr/detections build`)',
  );
}
console.log(
  `  (load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')} at the end, ${cpus().length} CPUs)`,
);

function report(library: Library): void {
  const of = (mode: Mode, key: Exclude<keyof Measurement, 'rules'>) =>
    median((runs.get(`${library} ${mode}`) ?? []).map((m) => m[key] ?? 0));
  const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;
  const rss = (mode: Mode) =>
    `peak RSS ${of(mode, 'rssMb').toFixed(0).padStart(4)} MB` +
    (mode === 'baseline'
      ? ''
      : ` (+${(of(mode, 'rssMb') - of('baseline', 'rssMb')).toFixed(0)} over the baseline)`);
  console.log(
    library === 'src'
      ? ' Sources under tsx (RSS includes its compiler and source maps):'
      : ' Built package (dist) under plain node:',
  );
  const floor = of('floor', 'ms');
  const floorCpu = of('floor', 'cpuMs');
  const line = (label: string, wall: number, cpu: number, tail = '') =>
    console.log(
      `  ${label.padEnd(38)} ${ms(wall)} ${(wall / floor).toFixed(2).padStart(5)}× floor | cpu ${ms(cpu)} ${(cpu / floorCpu).toFixed(2).padStart(5)}× floor${tail}`,
    );
  console.log(`  ${'child baseline (modules imported)'.padEnd(38)} ${rss('baseline')}`);
  line('floor: read + YAML.parse', floor, floorCpu, `  ${rss('floor')}`);
  line('loadSigmaRules (YAML)', of('yaml', 'ms'), of('yaml', 'cpuMs'));
  line('compileSigmaRules (Windows rules)', of('yaml', 'compileMs'), of('yaml', 'compileCpuMs'));
  line('YAML load + compile', of('yaml', 'totalMs'), of('yaml', 'totalCpuMs'), `  ${rss('yaml')}`);
  line(
    'bundle write (create + gzip)',
    of('bundle-write', 'ms'),
    of('bundle-write', 'cpuMs'),
    `  ${rss('bundle-write')}, ${(of('bundle-write', 'bytes') / 1024 / 1024).toFixed(1)} MB file`,
  );
  line('bundle load (staleness checked)', of('bundle', 'ms'), of('bundle', 'cpuMs'));
  line('compileSigmaRules (validated)', of('bundle', 'compileMs'), of('bundle', 'compileCpuMs'));
  line(
    'bundle load + compile',
    of('bundle', 'totalMs'),
    of('bundle', 'totalCpuMs'),
    `  ${rss('bundle')}`,
  );
  line(
    'bundle load + compile every rule now',
    of('bundle-eager', 'totalMs'),
    of('bundle-eager', 'totalCpuMs'),
    `  ${rss('bundle-eager')}`,
  );
}
