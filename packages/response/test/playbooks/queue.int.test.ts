import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PlaybookQueue, redisConnection } from '../../src/playbooks/index.js';
import { startOpenC2Simulator } from './openc2-simulator.js';
import { queueTestPlaybook } from './queue-playbook.js';

const redisUrl = process.env.OPENMDR_TEST_REDIS_URL;
const here = dirname(fileURLToPath(import.meta.url));

function startWorker(args: string[]): {
  child: ChildProcess;
  lines: string[];
  ready: Promise<void>;
} {
  const child = spawn(
    process.execPath,
    ['--conditions=@openmdr/source', '--import', 'tsx', join(here, 'queue-worker.ts'), ...args],
    {
      cwd: resolve(here, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines: string[] = [];
  let buffered = '';
  const ready = new Promise<void>((done) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      lines.push(...parts);
      if (lines.includes('ready')) done();
    });
  });
  return { child, lines, ready };
}

describe.skipIf(redisUrl === undefined)('playbook runs over BullMQ (real Redis)', () => {
  it('spreads runs over two worker processes and executes each action once', async () => {
    const url = redisUrl as string;
    const prefix = `openmdr-test-${randomUUID()}`;
    const storePrefix = `openmdr-test-store-${randomUUID()}`;
    const simulator = await startOpenC2Simulator({ delayMs: 5 });
    const workers = [1, 2].map(() => startWorker([url, prefix, storePrefix, simulator.url]));
    const connection = redisConnection(url);
    const queue = new PlaybookQueue({ connection, prefix });
    try {
      await Promise.all(workers.map((worker) => worker.ready));
      const playbook = queueTestPlaybook();
      const runs = 20;
      for (let index = 0; index < runs; index++) {
        const run = {
          tenant: 'acme',
          playbookId: playbook.id,
          runId: `incident-${index}`,
          variables: { __hostname__: `ws-${index}` },
        };
        await queue.enqueue(run);
        await queue.enqueue(run); // the same run twice: queued once
      }
      const deadline = Date.now() + 90_000;
      for (;;) {
        const counts = await queue.queue.getJobCounts('completed', 'failed');
        if ((counts.completed ?? 0) + (counts.failed ?? 0) >= runs || Date.now() > deadline) break;
        await new Promise((done) => setTimeout(done, 200));
      }
      const counts = await queue.queue.getJobCounts('completed', 'failed');
      expect(counts).toMatchObject({ completed: runs, failed: 0 });
      expect(simulator.receipts).toHaveLength(runs * 2);
      expect(new Set(simulator.receipts.map((receipt) => receipt.requestId)).size).toBe(runs * 2);
      const processed = workers.map(
        (worker) => worker.lines.filter((line) => line.startsWith('processed ')).length,
      );
      expect(processed.reduce((sum, count) => sum + count, 0)).toBe(runs);
      expect(processed.every((count) => count > 0)).toBe(true);
    } finally {
      for (const worker of workers) worker.child.kill('SIGTERM');
      await queue.queue.obliterate({ force: true });
      const client = (await queue.queue.client) as unknown as {
        keys(pattern: string): Promise<string[]>;
        del(...keys: string[]): Promise<number>;
      };
      const keys = await client.keys(`${storePrefix}*`);
      if (keys.length > 0) await client.del(...keys);
      await queue.close();
      await simulator.close();
    }
  }, 120_000);
});
