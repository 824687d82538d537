import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startOpenC2Simulator } from './openc2-simulator.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = resolve(here, '../..');

function startWorker(
  dataDir: string,
  url: string,
  steps: number,
): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@openmdr/source',
      '--import',
      'tsx',
      join(here, 'crash-worker.ts'),
      dataDir,
      url,
      String(steps),
    ],
    { cwd: packageRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    child.emit('line');
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, lines, exited };
}

const dataDir = mkdtempSync(join(tmpdir(), 'openmdr-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('durable runs', () => {
  it('resumes after SIGKILL from the last completed step and never repeats a completed action', async () => {
    const simulator = await startOpenC2Simulator({ delayMs: 40 });
    const steps = 5;
    try {
      const first = startWorker(dataDir, simulator.url, steps);
      await new Promise<void>((done) => {
        first.child.on('line', () => {
          if (first.lines.filter((line) => line.startsWith('completed ')).length >= 3) done();
        });
      });
      first.child.kill('SIGKILL');
      expect(await first.exited).toBeNull();
      const completedBeforeKill = first.lines
        .filter((line) => line.startsWith('completed '))
        .map((line) => line.slice(10));
      expect(completedBeforeKill.length).toBeGreaterThanOrEqual(3);
      expect(completedBeforeKill.length).toBeLessThan(steps);

      const second = startWorker(dataDir, simulator.url, steps);
      expect(await second.exited).toBe(0);
      expect(second.lines.at(-1)).toBe('status completed');
      const completedAfter = second.lines
        .filter((line) => line.startsWith('completed '))
        .map((line) => line.slice(10));
      // The resumed worker sends only what was not completed.
      expect(completedAfter.filter((id) => completedBeforeKill.includes(id))).toEqual([]);
      expect(completedBeforeKill.length + completedAfter.length).toBe(steps);

      // Each action took effect exactly once; each completed action was received exactly once.
      expect(simulator.effects.size).toBe(steps);
      const receipts = new Map<string, number>();
      for (const receipt of simulator.receipts)
        receipts.set(receipt.requestId, (receipts.get(receipt.requestId) ?? 0) + 1);
      for (const id of completedBeforeKill) expect(receipts.get(id)).toBe(1);
      // At most the one command in flight at the kill was sent twice (same request id: acted on once).
      const repeated = [...receipts.values()].filter((count) => count > 1);
      expect(repeated.length).toBeLessThanOrEqual(1);
      expect([...simulator.effects.values()]).toEqual(Array(steps).fill('contain'));
    } finally {
      await simulator.close();
    }
  }, 60_000);
});
