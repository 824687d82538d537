import { ManualClock, openMemoryStore } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import {
  AuditLog,
  type AuditRecord,
  canonicalJson,
  hashAuditRecord,
  parseAuditJsonLines,
  verifyAuditRecords,
} from '../src/index.js';

async function filledLog(count = 5) {
  const store = await openMemoryStore();
  const log = new AuditLog(store.forTenant('acme'), { clock: new ManualClock(1_000) });
  for (let index = 0; index < count; index += 1) {
    await log.append({
      type: 'command.received',
      actor: 'alice',
      requestId: `r${index}`,
      data: { index },
    });
  }
  const lines: string[] = [];
  for await (const line of log.exportJsonLines()) lines.push(line);
  return {
    store,
    log,
    records: parseAuditJsonLines(lines.join('')) as AuditRecord[],
    text: lines.join(''),
  };
}

const kinds = (records: unknown[], head?: { index: number; hash: string }) =>
  verifyAuditRecords(records, head ? { head } : {}).problems.map((problem) => problem.kind);

describe('audit log', () => {
  it('chains records and verifies clean', async () => {
    const { log, records, text } = await filledLog();
    expect(records.map((record) => record.index)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0]?.previousHash).toBe('0'.repeat(64));
    expect(records[1]?.previousHash).toBe(records[0]?.hash);
    expect(records[0]?.hash).toBe(hashAuditRecord(records[0] as AuditRecord));
    expect(text.split('\n')).toHaveLength(6);
    expect(await log.verify()).toEqual({ valid: true, count: 5, problems: [] });
    expect(await log.head()).toEqual({ index: 5, hash: records[4]?.hash });
  });

  it('detects an altered record', async () => {
    const { records } = await filledLog();
    const altered = structuredClone(records);
    (altered[2] as AuditRecord).data = { index: 99 };
    expect(kinds(altered)).toEqual(['altered']);
    // Re-hashing the altered record breaks the link of the next one.
    (altered[2] as AuditRecord).hash = hashAuditRecord(altered[2] as AuditRecord);
    expect(kinds(altered)).toEqual(['altered']);
    expect(verifyAuditRecords(altered).problems[0]?.index).toBe(4);
  });

  it('detects a removed record, and a removed tail against the head', async () => {
    const { records, log } = await filledLog();
    expect(kinds([records[0], records[1], records[3], records[4]])).toEqual(['removed']);
    const head = await log.head();
    expect(kinds(records.slice(0, 4), head)).toEqual(['truncated']);
    expect(kinds(records.slice(0, 4))).toEqual([]);
  });

  it('detects an inserted record, even one with a valid own hash and link', async () => {
    const { records, log } = await filledLog();
    const forged = {
      ...(records[1] as AuditRecord),
      index: 3,
      data: { forged: true },
      previousHash: (records[1] as AuditRecord).hash,
    };
    forged.hash = hashAuditRecord(forged);
    expect(kinds([records[0], records[1], forged, records[2], records[3], records[4]])).toContain(
      'inserted',
    );
    // Forging the whole rest of the chain is caught by the head kept apart.
    const chain: AuditRecord[] = [records[0] as AuditRecord, records[1] as AuditRecord, forged];
    for (const original of records.slice(2)) {
      const previous = chain.at(-1) as AuditRecord;
      const next = {
        ...(original as AuditRecord),
        index: previous.index + 1,
        previousHash: previous.hash,
      };
      next.hash = hashAuditRecord(next);
      chain.push(next);
    }
    expect(kinds(chain)).toEqual([]);
    expect(kinds(chain, await log.head())).toEqual(['altered']);
  });

  it('detects reordered records', async () => {
    const { records } = await filledLog();
    expect(kinds([records[0], records[2], records[1], records[3], records[4]])).toContain(
      'reordered',
    );
    expect(kinds([records[0], records[2], records[1], records[3], records[4]])).not.toContain(
      'removed',
    );
  });

  it('reports malformed JSON lines', async () => {
    const { text } = await filledLog(2);
    const records = parseAuditJsonLines(`${text}{not json\n`);
    expect(kinds(records)).toEqual(['malformed']);
  });

  it('redacts secrets before hashing and storing', async () => {
    const store = await openMemoryStore();
    const log = new AuditLog(store.forTenant('acme'));
    await log.append({
      type: 'command.sent',
      data: {
        apiToken: 'sk-live-abcdef0123456789',
        headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig' },
        host: 'h1',
      },
    });
    const [record] = await log.read();
    const text = JSON.stringify(record);
    expect(text).not.toContain('sk-live-abcdef0123456789');
    expect(text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(text).toContain('h1');
    expect((await log.verify()).valid).toBe(true);
  });

  it('keeps one chain across two writers on one store, and per tenant', async () => {
    const store = await openMemoryStore();
    const first = new AuditLog(store.forTenant('acme'));
    const second = new AuditLog(store.forTenant('acme'));
    const other = new AuditLog(store.forTenant('globex'));
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? first : second).append({ type: 'state.changed', data: { index } }),
      ),
    );
    await other.append({ type: 'state.changed', data: {} });
    const result = await first.verify();
    expect(result).toMatchObject({ valid: true, count: 20 });
    expect((await other.verify()).count).toBe(1);
  });

  it('canonical JSON sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: undefined, c: 'x' }] })).toBe(
      '{"a":[1,{"c":"x"}],"b":1}',
    );
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/not JSON/);
  });
});
