import { describe, expect, it } from 'vitest';
import { ConnectorStateError } from '../errors/connector-errors.js';
import { DedupWindow } from './dedup-window.js';
import { type IncrementalState, incrementalRead } from './incremental-read.js';
import { migrateState } from './stream-state.js';

interface Row {
  id: string;
  t: number;
}

async function run(
  rows: Row[],
  state: IncrementalState | undefined,
  options: {
    lookbackMs?: number;
    pageSize?: number;
    order?: 'ascending' | 'unordered';
    maxSeenIds?: number;
  } = {},
) {
  const sinceSeen: number[] = [];
  const batches = [];
  for await (const batch of incrementalRead<Row>({
    state,
    startAt: 0,
    lookbackMs: options.lookbackMs ?? 100,
    idOf: (row) => row.id,
    timeOf: (row) => row.t,
    order: options.order ?? 'ascending',
    ...(options.maxSeenIds ? { maxSeenIds: options.maxSeenIds } : {}),
    pages: async function* (since) {
      sinceSeen.push(since);
      const selected = rows
        .filter((row) => row.t >= since)
        .sort((a, b) => (options.order === 'unordered' ? b.t - a.t : a.t - b.t));
      for (let i = 0; i < selected.length; i += options.pageSize ?? 2)
        yield { records: selected.slice(i, i + (options.pageSize ?? 2)) };
    },
  })) {
    batches.push(batch);
  }
  return {
    batches,
    records: batches.flatMap((batch) => batch.records),
    state: batches.at(-1)?.state,
    sinceSeen,
  };
}

describe('incrementalRead', () => {
  const rows = Array.from({ length: 7 }, (_, i) => ({ id: `r${i}`, t: 1_000 + i * 10 }));

  it('starts behind the watermark by the look-back and skips what was delivered', async () => {
    const first = await run(rows, undefined);
    expect(first.records.map((row) => row.id)).toEqual(rows.map((row) => row.id));
    expect(first.state?.watermark).toBe(1_060);
    const second = await run(rows, first.state);
    expect(second.sinceSeen).toEqual([960]);
    expect(second.records).toEqual([]);
    expect(second.batches.reduce((sum, batch) => sum + batch.duplicates, 0)).toBe(7);
  });

  it('delivers late events behind the cursor once, inside the look-back', async () => {
    const first = await run(rows, undefined);
    const late = [...rows, { id: 'late', t: 1_030 }, { id: 'too-late', t: 900 }];
    const second = await run(late, first.state);
    expect(second.records.map((row) => row.id)).toEqual(['late']);
    const third = await run(late, second.state);
    expect(third.records).toEqual([]);
  });

  it('resumes from any committed batch with no gap and no duplicate', async () => {
    const full = await run(rows, undefined, { pageSize: 3 });
    for (const [index, batch] of full.batches.entries()) {
      const before = full.batches
        .slice(0, index + 1)
        .flatMap((b) => b.records.map((row) => row.id));
      const after = await run(rows, JSON.parse(JSON.stringify(batch.state)), { pageSize: 3 });
      const all = [...before, ...after.records.map((row) => row.id)];
      expect(new Set(all).size).toBe(all.length);
      expect(all.sort()).toEqual(rows.map((row) => row.id).sort());
    }
  });

  it('commits the watermark only at the end when the vendor order is not ascending', async () => {
    const { batches } = await run(rows, undefined, { order: 'unordered' });
    expect(batches.slice(0, -1).every((batch) => batch.state.watermark === undefined)).toBe(true);
    expect(batches.at(-1)?.state.watermark).toBe(1_060);
  });

  it('keeps the dedup memory bounded in the state', async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ id: `m${i}`, t: 5_000 + i }));
    const { state } = await run(many, undefined, { maxSeenIds: 10, lookbackMs: 1_000 });
    expect(state?.seen).toHaveLength(10);
    const pruned = await run(many, undefined, { lookbackMs: 5 });
    expect(pruned.state?.seen.map(([id]) => id)).toEqual([
      'm44',
      'm45',
      'm46',
      'm47',
      'm48',
      'm49',
    ]);
  });

  it('yields a state even when nothing arrives', async () => {
    const { batches } = await run([], undefined);
    expect(batches).toEqual([{ records: [], state: { version: 2, seen: [] }, duplicates: 0 }]);
  });
});

describe('DedupWindow', () => {
  it('serialises oldest first and drops the oldest beyond the cap', () => {
    const window = new DedupWindow({ horizonMs: 100, maxEntries: 2 });
    expect(window.add('a', 3)).toBe(true);
    expect(window.add('a', 3)).toBe(false);
    window.add('b', 1);
    window.add('c', 2);
    expect(window.toJSON()).toEqual([
      ['b', 1],
      ['c', 2],
    ]);
  });
});

describe('migrateState', () => {
  const migrations = {
    1: (state: { version: number; [key: string]: unknown }) => ({
      version: 2,
      watermark: Date.parse(String(state['cursor'])),
      seen: [],
    }),
  };
  it('upgrades old states and leaves a first run alone', () => {
    expect(migrateState({ version: 1, cursor: '2026-01-01T00:00:00Z' }, 2, migrations)).toEqual({
      version: 2,
      watermark: Date.parse('2026-01-01T00:00:00Z'),
      seen: [],
    });
    expect(migrateState(undefined, 2, migrations)).toBeUndefined();
  });
  it('refuses newer, unversioned and unmigratable states with ConnectorStateError', () => {
    for (const state of [{ version: 3 }, { cursor: 'x' }, 'text', { version: 0 }]) {
      expect(() => migrateState(state, 2, migrations)).toThrow(ConnectorStateError);
    }
  });
});
