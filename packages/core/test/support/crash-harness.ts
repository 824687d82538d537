import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TenantStore } from '../../src/index.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const childFile = join(packageRoot, 'test', 'fixtures', 'crash-child.ts');

/** Starts the crash child from source, as the brief of the crash test says. */
export function startChild(environment: Record<string, string>): {
  child: ChildProcess;
  ready: Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
} {
  const child = spawn(
    process.execPath,
    ['--conditions=@openmdr/source', '--import', 'tsx', childFile],
    {
      cwd: packageRoot,
      env: { ...process.env, ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('ready\n')) markReady();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>(
    (resolve) => {
      child.on('exit', (code, signal) => {
        markReady();
        resolve({ code, signal, output });
      });
    },
  );
  return { child, ready, exit };
}

/** A small seeded generator (mulberry32), so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** The summary a child prints when it stops by itself or drains. */
export interface RunSummary {
  read: number;
  written: number;
  committed?: number;
  stoppedBy: string;
}

/** What the crash runs left in the store. */
export interface CrashOutcome {
  kills: number;
  /** What the run stopped with SIGTERM reported. */
  drain: RunSummary;
  /** What the last run (to the end) reported: it resumes where the drained run committed. */
  final: RunSummary;
  duplicates: number;
  missing: number[];
  unexpected: string[];
  checkpoint: unknown;
  entries: number;
}

/**
 * Kills the child with SIGKILL at random points `kills` times (a kill only counts when the child
 * was still running), stops it once with SIGTERM (a graceful drain), then lets it run to the end,
 * and reads back what the sink holds.
 */
export async function crashAndRecover(options: {
  environment: Record<string, string>;
  count: number;
  kills: number;
  seed: number;
  /**
   * Upper bound of the random delay before each kill. Keep `kills × maxKillDelayMs` well under
   * the time one uninterrupted run takes, so that every kill lands mid-run.
   */
  maxKillDelayMs: number;
  openTenant: () => Promise<{ tenant: TenantStore; close: () => Promise<void> }>;
}): Promise<CrashOutcome> {
  const random = seededRandom(options.seed);
  let kills = 0;
  for (let attempt = 0; kills < options.kills && attempt < options.kills * 4; attempt++) {
    const run = startChild(options.environment);
    await run.ready;
    const delay = 20 + Math.floor(random() * (options.maxKillDelayMs - 20));
    const timer = setTimeout(() => run.child.kill('SIGKILL'), delay);
    const result = await run.exit;
    clearTimeout(timer);
    if (result.signal === 'SIGKILL') kills++;
    else if (result.code !== 0) throw new Error(`crash child failed:\n${result.output}`);
  }
  const draining = startChild(options.environment);
  await draining.ready;
  const drainTimer = setTimeout(
    () => draining.child.kill('SIGTERM'),
    20 + Math.floor(random() * (options.maxKillDelayMs - 20)),
  );
  const drained = await draining.exit;
  clearTimeout(drainTimer);
  if (drained.code !== 0) throw new Error(`draining crash child failed:\n${drained.output}`);
  const drainSummary: RunSummary = JSON.parse(drained.output.trim().split('\n').at(-1)!);
  const final = startChild(options.environment);
  const result = await final.exit;
  if (result.code !== 0) throw new Error(`final crash child failed:\n${result.output}`);
  const finalSummary: RunSummary = JSON.parse(result.output.trim().split('\n').at(-1)!);

  const { tenant, close } = await options.openTenant();
  try {
    const entries = await tenant.log.read<{ id: string; event: { n: number } }>('events');
    const ids = new Set<string>();
    const unexpected: string[] = [];
    for (const entry of entries) {
      const expected = `event-${entry.data.event.n}`;
      if (entry.data.id !== expected) unexpected.push(entry.data.id);
      ids.add(entry.data.id);
    }
    const missing: number[] = [];
    for (let n = 1; n <= options.count; n++) if (!ids.has(`event-${n}`)) missing.push(n);
    for (const id of ids) {
      const n = Number(id.slice('event-'.length));
      if (!(n >= 1 && n <= options.count)) unexpected.push(id);
    }
    return {
      kills,
      drain: drainSummary,
      final: finalSummary,
      duplicates: entries.length - ids.size,
      missing,
      unexpected,
      checkpoint: (await tenant.checkpoints.get('numbers'))?.position,
      entries: entries.length,
    };
  } finally {
    await close();
  }
}
