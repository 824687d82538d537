/**
 * Runs the `openmdr` CLI from source in a child process (node with tsx and the
 * `@openmdr/source` condition), line by line, for the multi-process tests and benchmarks.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** A running CLI process. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** Its process id. */
  readonly pid: number;
  /** Lines written to standard output so far. */
  readonly stdout: string[];
  /** Lines written to standard error so far. */
  readonly stderr: string[];
  /** Settles with the exit code (or the signal's name) when the process ends. */
  readonly exited: Promise<number | string>;
}

function lines(stream: NodeJS.ReadableStream | null, into: string[]): void {
  let rest = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    into.push(...parts);
  });
  stream?.on('end', () => {
    if (rest !== '') into.push(rest);
  });
}

/** Starts `openmdr <args>` from source. */
export function spawnCli(args: readonly string[]): CliProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@openmdr/source', '--import', 'tsx', BIN, ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stdout: string[] = [];
  const stderr: string[] = [];
  lines(child.stdout, stdout);
  lines(child.stderr, stderr);
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  return { child, pid: child.pid as number, stdout, stderr, exited };
}

/** Resolves once `check` holds, polling every `everyMs`; rejects after `timeoutMs`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
