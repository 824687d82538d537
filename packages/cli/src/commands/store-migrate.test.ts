import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteStore } from '@openmdr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { testIo } from './test-io.js';

const directory = mkdtempSync(join(tmpdir(), 'openmdr-store-migrate-'));
const sourceDir = join(directory, 'source');
const targetDir = join(directory, 'target');

beforeAll(async () => {
  const store = await openPgliteStore({ dataDir: sourceDir });
  const acme = store.forTenant('acme');
  await acme.state.set('window', { hits: 3 }, { ttlMs: 3_600_000 });
  await acme.checkpoints.commit('edr', { cursor: 'c-9' });
  await acme.log.append('events', ['e-1', 'e-2', 'e-3']);
  await acme.log.appendOnce('findings', [{ key: 'uid-1', data: { finding: 1 } }]);
  await store.forTenant('globex').log.append('audit', ['g-1']);
  await store.close();
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const migrate = async (...extra: string[]) => {
  const run = testIo();
  const code = await main(
    ['store', 'migrate', '--from', `pglite:${sourceDir}`, '--to', `pglite:${targetDir}`, ...extra],
    run.io,
  );
  return { code, out: run.out(), err: run.err() };
};

describe('openmdr store migrate', () => {
  it('refuses a target with other data, then copies with --force, verifies, and catches a later change', {
    timeout: 60_000,
  }, async () => {
    const seeded = await openPgliteStore({ dataDir: targetDir });
    await seeded.forTenant('globex').log.append('audit', ['not the source']);
    await seeded.close();
    const refused = await migrate();
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(
      'the target already holds different data in openmdr_log for tenant globex',
    );
    expect(refused.err).toContain('--force');

    const first = await migrate('--batch-size', '2', '--force');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain(`from pglite:${sourceDir}\nto   pglite:${targetDir}\n`);
    expect(first.out).toMatch(/copied {4}openmdr_log {7}\s+5 rows\s+5 by this run/);
    expect(first.out).toMatch(/verified {2}openmdr_log_keys\s+1 rows {2}checksum -?\d+/);
    expect(first.out.match(/^copied /gm)).toHaveLength(5);
    expect(first.out).toMatch(/ok: 11 rows of 2 tenant\(s\) in 5 tables match the source/);

    const target = await openPgliteStore({ dataDir: targetDir });
    try {
      const acme = target.forTenant('acme');
      expect((await acme.log.read('events')).map((entry) => entry.data)).toEqual([
        'e-1',
        'e-2',
        'e-3',
      ]);
      expect((await target.forTenant('globex').log.read('audit')).map((e) => e.data)).toEqual([
        'g-1',
      ]);
      expect(await acme.log.appendOnce('findings', [{ key: 'uid-1', data: 'dup' }])).toEqual([]);
      // The target changes after the copy: verification no longer holds.
      await acme.state.set('written-after', true);
    } finally {
      await target.close();
    }
    const tampered = await migrate();
    expect(tampered.code).toBe(1);
    expect(tampered.err).toContain('verification failed: openmdr_state of tenant acme differs');
    expect(tampered.err).toContain('source 1 rows');
  });

  it('never prints the password of a URL, also when the server cannot be reached', async () => {
    const run = testIo();
    const code = await main(
      [
        'store',
        'migrate',
        '--from',
        `pglite:${sourceDir}`,
        '--to',
        'postgres:postgres://openmdr:s3cret-pw@127.0.0.1:1/mdr?sslmode=disable&schema=openmdr',
      ],
      run.io,
    );
    expect(code).toBe(1);
    expect(run.out()).toContain(
      'to   postgres:postgres://openmdr:[REDACTED]@127.0.0.1:1/mdr?sslmode=disable&schema=openmdr',
    );
    expect(run.err()).toContain('run the same command again to resume');
    expect(`${run.out()}${run.err()}`).not.toContain('s3cret-pw');
  });

  it('exits 2 on usage errors', async () => {
    const cases: [string[], string][] = [
      [['--to', `pglite:${targetDir}`], '--from pglite:DIR|postgres:URL is required'],
      [['--from', `pglite:${sourceDir}`], '--to postgres:URL|pglite:DIR is required'],
      [
        ['--from', `pglite:${join(directory, 'missing')}`, '--to', `pglite:${targetDir}`],
        'is not a PGlite data directory',
      ],
      [['--from', 'mysql://u:s3cret-pw@h/db', '--to', `pglite:${targetDir}`], 'invalid store'],
      [
        ['--from', `pglite:${sourceDir}`, '--to', 'redis:redis://127.0.0.1:1/0'],
        'only pglite:DIR and postgres:URL',
      ],
      [['--from', `pglite:${sourceDir}`, '--to', `pglite:${sourceDir}`], 'are the same store'],
      [
        ['--from', `pglite:${sourceDir}`, '--to', `pglite:${targetDir}`, '--batch-size', '0'],
        '--batch-size must be an integer',
      ],
    ];
    for (const [args, message] of cases) {
      const run = testIo();
      expect(await main(['store', 'migrate', ...args], run.io)).toBe(2);
      expect(run.err()).toContain(message);
      expect(run.err()).not.toContain('s3cret-pw');
    }
  });
});
