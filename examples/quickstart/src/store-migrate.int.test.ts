import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '@openmdr/cli';
import { type LogEntry, openStore } from '@openmdr/core';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { runQuickstart } from './run.js';

const url = process.env['OPENMDR_TEST_PG_URL'];

/** The test server's URL with a password in it (ignored under trust auth), to check redaction. */
function withPassword(text: string): { url: string; password: string } {
  const parsed = new URL(text);
  if (parsed.password === '') parsed.password = 'quickstart-int-pw';
  return { url: parsed.toString(), password: decodeURIComponent(parsed.password) };
}

// The "done when": `openmdr store migrate` round-trips a quickstart store into the real
// PostgreSQL of the integration tests, and the quickstart resumes on it.
describe.skipIf(!url)('quickstart store → PostgreSQL', () => {
  const schema = `openmdr_qs_${randomUUID().replace(/-/g, '')}`;
  const directories: string[] = [];
  afterAll(async () => {
    const sql = postgres(url!, { onnotice: () => {} });
    await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await sql.end();
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });

  it('migrates the PGlite store of a run, verified, and the next run carries on from PostgreSQL', {
    timeout: 180_000,
  }, async () => {
    const first = mkdtempSync(join(tmpdir(), 'openmdr-qs-pglite-'));
    const second = mkdtempSync(join(tmpdir(), 'openmdr-qs-postgres-'));
    directories.push(first, second);
    const quiet = { stagePauseMs: 50, quiet: true };

    const before = await runQuickstart({ dataDir: first, ...quiet });
    expect(before.playbook?.status).toBe('completed');
    expect(before.events.bySource['entra']).toBe(5);

    const { url: target, password } = withPassword(url!);
    const location = `postgres:${target}${target.includes('?') ? '&' : '?'}schema=${schema}`;
    let out = '';
    let err = '';
    const code = await main(
      ['store', 'migrate', '--from', `pglite:${join(first, 'pglite')}`, '--to', location],
      {
        stdin: process.stdin,
        stdout: { write: (chunk: string) => (out += chunk) },
        stderr: { write: (chunk: string) => (err += chunk) },
      },
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/ok: \d+ rows of 1 tenant\(s\) in 5 tables match the source/);
    expect(out).toContain('[REDACTED]');
    expect(out).not.toContain(password);

    // What the run left in PGlite, read back through the store API, for the checks below.
    const source = await openStore({ kind: 'pglite', dataDir: join(first, 'pglite') });
    const tenant = source.forTenant(before.tenant);
    const audit: LogEntry[] = await tenant.log.read('response.audit');
    const events: LogEntry[] = await tenant.log.read('events');
    const entra = await tenant.checkpoints.get('entra:signins');
    await source.close();
    expect(audit).toHaveLength(before.auditRecords);
    expect(events).toHaveLength(before.events.total);

    const after = await runQuickstart({ dataDir: second, store: location, ...quiet });
    expect(after.store).toContain('[REDACTED]');
    expect(after.store).not.toContain(password);
    expect(after.playbook?.status).toBe('completed');
    // The connectors resumed from the migrated checkpoints: the Entra sign-ins (fixed ids, in
    // the checkpoint's seen list) that the first run ingested are not ingested again.
    expect(after.events.bySource['entra']).toBeUndefined();
    expect(after.events.total).toBe(before.events.total - 5);
    // The audit trail carries on from the first run's records: one hash chain over both runs.
    expect(after.auditRecords).toBeGreaterThan(before.auditRecords);
    expect(after.auditChainValid).toBe(true);

    const moved = await openStore({ kind: 'postgres', url: target, schema });
    try {
      const view = moved.forTenant(before.tenant);
      const auditNow = await view.log.read('response.audit');
      expect(auditNow).toHaveLength(after.auditRecords);
      expect(auditNow.slice(0, audit.length)).toEqual(audit);
      const eventsNow = await view.log.read('events');
      expect(eventsNow.slice(0, events.length)).toEqual(events);
      expect(eventsNow).toHaveLength(before.events.total + after.events.total);
      expect((await view.checkpoints.get('entra:signins'))?.committedAt).toBeGreaterThanOrEqual(
        entra!.committedAt,
      );
    } finally {
      await moved.close();
    }
  });
});
