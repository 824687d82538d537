import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgliteStore } from '../src/index.js';
import { crashAndRecover } from './support/crash-harness.js';

const count = 2000;

describe('crash recovery on PGlite', () => {
  const directories: string[] = [];
  afterAll(async () => {
    for (const directory of directories) {
      await rm(directory, { recursive: true, force: true });
      await rm(`${directory}.lock`, { force: true });
    }
  });

  it('loses no event and duplicates none (after dedup by id) across SIGKILLs and a SIGTERM drain', {
    timeout: 120_000,
  }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'openmdr-crash-'));
    directories.push(dataDir);
    const seed = Number(process.env['OPENMDR_CRASH_SEED'] ?? Date.now() % 100_000);
    const outcome = await crashAndRecover({
      environment: {
        CRASH_STORE: 'pglite',
        CRASH_DATA_DIR: dataDir,
        CRASH_COUNT: String(count),
        CRASH_PAUSE_MS: '15',
      },
      count,
      kills: 3,
      seed,
      // A run takes well over a second (40 batches, 15 ms pause each, plus the writes).
      maxKillDelayMs: 350,
      openTenant: async () => {
        const store = await openPgliteStore({ dataDir });
        return { tenant: store.forTenant('crash-tenant'), close: () => store.close() };
      },
    });
    expect({ seed, ...outcome, missing: outcome.missing.slice(0, 20) }).toMatchObject({
      kills: 3,
      missing: [],
      unexpected: [],
      checkpoint: count,
    });
    expect(outcome.entries).toBeGreaterThanOrEqual(count);
    // The SIGTERM run drained: it wrote and committed everything it read, and the next run
    // resumed right after that commit, re-reading nothing.
    expect(outcome.drain.written).toBe(outcome.drain.read);
    if (outcome.drain.read > 0) {
      expect(outcome.final.read).toBe(count - outcome.drain.committed!);
    }
  });
});
