/**
 * The `openmdr` the benchmarks run: the built `packages/cli/dist/bin.js` under plain node, what
 * users run. When it is missing it is built first (`npx --yes pnpm@10.34.9 --filter
 * @openmdr/cli... build` from the repository root); when it is older than a source file a
 * warning says so. `OPENMDR_BENCH_FROM_SOURCE=1`, or a failed build, runs the TypeScript source
 * through tsx instead (slower start-up; the report says so).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureOutput } from './measured-run.js';

const CLI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(CLI_DIR, '../..');
const BIN = join(CLI_DIR, 'dist', 'bin.js');
const BUILD = ['--yes', 'pnpm@10.34.9', '--filter', '@openmdr/cli...', 'build'];

/** How to start `openmdr`: a command and the arguments before the CLI's own. */
export interface CliUnderTest {
  readonly command: string;
  readonly prefix: readonly string[];
  /** `dist` (built, what users run) or `source` (tsx). */
  readonly kind: 'dist' | 'source';
  /** A line for the report. */
  readonly note: string;
  /** True when `openmdr sigma bundle` exists. */
  readonly hasBundle: boolean;
  /** True when `openmdr sigma match` takes `--threads`. */
  readonly matchThreads: boolean;
  /** True when `openmdr detect` takes `--threads`. */
  readonly detectThreads: boolean;
  /** True when `openmdr normalize` takes `--threads`. */
  readonly normalizeThreads: boolean;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function staleness(): string {
  const built = statSync(BIN).mtimeMs;
  const packages = join(ROOT, 'packages');
  const sources = [
    ...readdirSync(packages).map((name) => join(packages, name, 'src')),
    join(packages, 'connectors', 'kit', 'src'),
  ].filter((dir) => existsSync(dir));
  const newest = Math.max(...sources.map(newestSource));
  return newest > built
    ? ` — WARNING: older than the sources; rebuild with \`npx ${BUILD.join(' ')}\``
    : '';
}

/** Finds (building if needed) the CLI to run and detects which flags it has. */
export async function cliUnderTest(): Promise<CliUnderTest> {
  let kind: 'dist' | 'source' = 'dist';
  let note: string;
  if (process.env['OPENMDR_BENCH_FROM_SOURCE'] === '1') {
    kind = 'source';
    note = 'source through tsx (OPENMDR_BENCH_FROM_SOURCE=1): start-up is slower than users see';
  } else {
    if (!existsSync(BIN)) {
      console.error(`building the CLI: npx ${BUILD.join(' ')}`);
      const built = spawnSync('npx', BUILD, { cwd: ROOT, stdio: 'inherit' });
      if (built.status !== 0) kind = 'source';
    }
    note =
      kind === 'dist'
        ? `node ${BIN}${staleness()}`
        : `source through tsx: the build failed (run \`npx ${BUILD.join(' ')}\`); start-up is slower than users see`;
  }
  const command = process.execPath;
  const prefix =
    kind === 'dist'
      ? [BIN]
      : ['--conditions=@openmdr/source', '--import', 'tsx', join(CLI_DIR, 'src', 'bin.ts')];
  const help = (path: string[]) => captureOutput(command, [...prefix, ...path, '--help']);
  const [bundleHelp, matchHelp, detectHelp, normalizeHelp] = await Promise.all([
    help(['sigma', 'bundle']),
    help(['sigma', 'match']),
    help(['detect']),
    help(['normalize']),
  ]);
  return {
    command,
    prefix,
    kind,
    note,
    hasBundle: bundleHelp.includes('sigma bundle'),
    matchThreads: matchHelp.includes('--threads'),
    detectThreads: detectHelp.includes('--threads'),
    normalizeThreads: normalizeHelp.includes('--threads'),
  };
}
