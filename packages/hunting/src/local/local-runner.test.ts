import { DuckDBInstance } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import { ManualClock, openMemoryStore } from '@openmdr/core';
import type { ThreatIndicator } from '@openmdr/detections';
import { afterAll, describe, expect, it } from 'vitest';
import { HuntError } from '../errors.js';
import { RUNDLL_RULE } from '../hunting.test-helpers.js';
import { indicatorRuleId } from '../indicator-rule.js';
import { retroHuntIndicator } from '../retro-hunt.js';
import { runHunt } from '../run-hunt.js';
import { HuntScheduler } from '../schedule.js';
import { loadDuckDbEvents } from './duckdb-events.js';
import { createLocalHuntRunner } from './local-runner.js';
import { loadPostgresEvents, type SqlQueryFunction } from './postgres-events.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const start = Date.parse('2026-01-05T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const pglite = new PGlite();
const query: SqlQueryFunction = (sql, params) => pglite.query(sql, params);
afterAll(async () => {
  connection.closeSync();
  instance.closeSync();
  await pglite.close();
});

describe('createLocalHuntRunner', () => {
  it('retro-hunts an indicator over a DuckDB event table, within the retained window', async () => {
    const events = [
      { time: iso(start - 2 * DAY), DestinationIp: '203.0.113.7', Image: 'C:\\a\\curl.exe' },
      { time: iso(start - 2 * DAY), DestinationIp: '198.51.100.1' },
      { time: iso(start - 40 * DAY), src_ip: '203.0.113.7' }, // before the retained window
      { time: iso(start - HOUR), src_ip: '203.0.113.7', dst_ip: '192.0.2.1' },
      { QueryName: 'no.time.example', SourceIp: '203.0.113.7' }, // no time: a hit
    ];
    await loadDuckDbEvents(connection, events, { table: 'tenant_events' });
    const runner = createLocalHuntRunner({
      db: { kind: 'duckdb', connection },
      backend: 'duckdb',
      table: 'tenant_events',
      tenant: 'acme',
      clock: new ManualClock(start),
    });
    const indicator: ThreatIndicator = {
      id: 'indicator--1',
      pattern: "[ipv4-addr:value = '203.0.113.7']",
      name: 'C2 address',
    };
    const retro = await retroHuntIndicator(indicator, {
      tenant: 'acme',
      runner,
      target: 'duckdb',
      retentionMs: 30 * DAY,
      clock: new ManualClock(start),
    });
    expect(retro.result.failures).toEqual([]);
    const hits = retro.result.hits;
    // The row read back: `_line`, the field columns as text.
    expect(hits.map((hit) => hit.event['_line'])).toEqual([0, 3, 4]);
    expect(hits[0]?.event).toMatchObject({
      _line: 0,
      DestinationIp: '203.0.113.7',
      Image: 'C:\\a\\curl.exe',
      time: iso(start - 2 * DAY),
    });
    expect(hits[0]?.observedAt).toBe(start - 2 * DAY);
    expect(hits[2]?.observedAt).toBe(start); // no time: the hunt's clock
    expect(hits.every((hit) => hit.rule_id === indicatorRuleId('indicator--1'))).toBe(true);
    expect(retro.findings).toHaveLength(3);

    // With the events given, hits carry the original events.
    const original = await runHunt(
      {
        id: 'h',
        tenant: 'acme',
        name: 'rundll',
        rules: [RUNDLL_RULE],
        target: 'duckdb',
        range: { from: 0, to: start },
      },
      createLocalHuntRunner({
        db: { kind: 'duckdb', connection },
        backend: 'duckdb',
        table: 'tenant_events',
        events,
      }),
    );
    // No rundll32 event: the rule ran (0 hits) and did not fail.
    expect(original.failures).toEqual([]);
    expect(original.hits).toEqual([]);
    expect(original.hitsByRule).toEqual({ [RUNDLL_RULE.id as string]: 0 });
  });

  it('hits carry the original events when given, and refuses another tenant', async () => {
    const events = [{ Image: 'C:\\Windows\\rundll32.exe', CommandLine: 'rundll32 x.dll' }];
    await loadDuckDbEvents(connection, events, { table: 'one' });
    const runner = createLocalHuntRunner({
      db: { kind: 'duckdb', connection },
      backend: 'duckdb',
      table: 'one',
      events,
      tenant: 'acme',
    });
    const hunt = {
      id: 'h',
      tenant: 'acme',
      name: 'rundll',
      rules: [RUNDLL_RULE],
      target: 'duckdb' as const,
      range: { from: 0, to: start },
    };
    const result = await runHunt(hunt, runner);
    expect(result.hits.map((hit) => hit.event)).toEqual(events);
    await expect(runHunt({ ...hunt, tenant: 'other' }, runner)).rejects.toThrow(HuntError);
    await expect(runHunt({ ...hunt, target: 'postgres' }, runner)).rejects.toThrow(
      /runs duckdb, not postgres/,
    );
  });

  it('runs a scheduled hunt over PGlite, reporting only hits not seen in an earlier run', async () => {
    const rundll = (minutes: number, extra: Record<string, unknown> = {}) => ({
      UtcTime: iso(start + minutes * 60_000),
      Image: 'C:\\Windows\\System32\\rundll32.exe',
      ...extra,
    });
    const events: Record<string, unknown>[] = [
      rundll(-30, { CommandLine: 'first' }),
      { UtcTime: iso(start - 20 * 60_000), Image: 'C:\\Windows\\notepad.exe' },
    ];
    await loadPostgresEvents(query, events);
    const clock = new ManualClock(start);
    const scheduler = new HuntScheduler({
      store: openMemoryStore({ clock }),
      clock,
      cadence: { defaultMs: HOUR },
      runner: (tenant) =>
        createLocalHuntRunner({ db: { kind: 'postgres', query }, backend: 'postgres', tenant }),
    });
    scheduler.add({
      id: 'rundll-sweep',
      tenant: 'acme',
      name: 'rundll32 sweep',
      rules: [RUNDLL_RULE],
      target: 'postgres',
      overlapMs: HOUR,
    });
    const [first] = await scheduler.runDue();
    expect(first?.result.failures).toEqual([]);
    expect(first?.newHits.map((hit) => hit.event['CommandLine'])).toEqual(['first']);

    // An hour later a new event has arrived; the old one is in the overlap, found again, not new.
    clock.advance(HOUR);
    events.push(rundll(30, { CommandLine: 'second' }));
    await loadPostgresEvents(query, events);
    const [second] = await scheduler.runDue();
    expect(second?.hunt.range).toEqual({ from: start - HOUR, to: start + HOUR });
    expect(second?.result.hits.map((hit) => hit.event['CommandLine'])).toEqual(['first', 'second']);
    expect(second?.newHits.map((hit) => hit.event['CommandLine'])).toEqual(['second']);
    expect(second?.newHits[0]?.observedAt).toBe(start + 30 * 60_000);

    // Nothing new: nothing reported.
    clock.advance(HOUR);
    const [third] = await scheduler.runDue();
    expect(third?.newHits).toEqual([]);
  });
});
