/**
 * Runs a command as a child process and measures it as a user would feel it: wall time from
 * spawn to exit (start-up included) and the child's peak resident set size. The peak comes from
 * GNU time (`/usr/bin/time -f %M`, the kernel's `ru_maxrss` of the waited child) when present;
 * without it the RSS is reported as unknown. Standard output goes to a file (or is discarded),
 * so that writing it costs what writing to a file costs.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';
const HAS_GNU_TIME = existsSync(GNU_TIME);
const scratch = mkdtempSync(join(tmpdir(), 'openmdr-bench-run-'));
let runs = 0;

/** What one measured run gave. */
export interface MeasuredRun {
  /** Wall time from spawn to exit, in milliseconds. */
  readonly wallMs: number;
  /** Peak RSS of the child in bytes, or `undefined` when it cannot be measured here. */
  readonly peakRss: number | undefined;
  /** The exit code. */
  readonly exitCode: number;
  /** Standard error, as text. */
  readonly stderr: string;
}

/**
 * Runs `command args…`, standard output to `stdoutFile` (discarded when omitted); resolves when
 * the child has exited.
 */
export async function measuredRun(
  command: string,
  args: readonly string[],
  stdoutFile?: string,
): Promise<MeasuredRun> {
  const rssFile = join(scratch, `rss-${runs++}`);
  const out = openSync(stdoutFile ?? '/dev/null', 'w');
  const [file, argv] = HAS_GNU_TIME
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]]
    : [command, [...args]];
  const started = performance.now();
  const child = spawn(file, argv, { stdio: ['ignore', out, 'pipe'] });
  const chunks: Buffer[] = [];
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
  const exitCode = await new Promise<number>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolvePromise(code ?? 1));
  });
  const wallMs = performance.now() - started;
  closeSync(out);
  let peakRss: number | undefined;
  if (HAS_GNU_TIME && existsSync(rssFile)) {
    // GNU time appends its line after any "Command exited with non-zero status" line.
    const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
    const kb = Number(lines[lines.length - 1]);
    if (Number.isFinite(kb)) peakRss = kb * 1024;
    rmSync(rssFile, { force: true });
  }
  return { wallMs, peakRss, exitCode, stderr: Buffer.concat(chunks).toString('utf8') };
}

/** Runs a command once and returns its standard output (for `--help` feature detection). */
export async function captureOutput(command: string, args: readonly string[]): Promise<string> {
  const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await new Promise<number>((resolvePromise) =>
    child.on('close', (exit) => resolvePromise(exit ?? 1)),
  );
  return code === 0 ? Buffer.concat(chunks).toString('utf8') : '';
}

/** Megabytes, for the report. */
export const mb = (bytes: number | undefined): string =>
  bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Events per second, for the report. */
export const perSecond = (events: number, ms: number): string =>
  Math.round((events / ms) * 1000).toLocaleString('en-US');
