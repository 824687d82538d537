import { describe, expect, it } from 'vitest';
import { eventIdentity, eventTime } from './event-fields.js';
import { hitKey } from './hit-key.js';
import type { HuntHit } from './hunt.js';

describe('event identity and time', () => {
  it('reads each store’s record identity, else hashes the canonical record', () => {
    expect(eventIdentity({ _bkt: 'main~1', _cd: '2:3' })).toBe('splunk:main~1:2:3');
    expect(eventIdentity({ _index: 'logs', _id: 'a' })).toBe('elastic:logs/a');
    expect(eventIdentity({ _ItemId: 'i-1' })).toBe('la:i-1');
    expect(eventIdentity({ metadata: { uid: 'u-1' } })).toBe('ocsf:u-1');
    expect(eventIdentity({ a: 1, b: 2 })).toBe(eventIdentity({ b: 2, a: 1 }));
    expect(eventIdentity({ a: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reads the event time from the usual fields, in ms', () => {
    expect(eventTime({ time: 1_700_000_000_000 })).toBe(1_700_000_000_000);
    expect(eventTime({ '@timestamp': '2026-03-02T01:00:00Z' })).toBe(
      Date.parse('2026-03-02T01:00:00Z'),
    );
    expect(eventTime({ _time: '1700000000.5' })).toBe(1_700_000_000_500);
    expect(eventTime({ TimeGenerated: '2026-03-02T01:00:00Z' })).toBe(
      Date.parse('2026-03-02T01:00:00Z'),
    );
    expect(eventTime({ other: 1 })).toBeUndefined();
  });

  it('keys a hit by rule and record: stable across runs, distinct across rules', () => {
    const hit = (rule_id: string, event: Record<string, unknown>): HuntHit => ({
      event,
      rule_id,
      title: 't',
      level: 'high',
      author: undefined,
      query: 'q',
      observedAt: 0,
    });
    expect(hitKey(hit('r1', { _id: 'a', _index: 'x' }))).toBe(
      hitKey(hit('r1', { _index: 'x', _id: 'a', extra: 1 })),
    );
    expect(hitKey(hit('r1', { _id: 'a' }))).not.toBe(hitKey(hit('r2', { _id: 'a' })));
  });
});
