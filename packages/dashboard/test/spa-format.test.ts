import type { CaseTimelineEntry } from '@openmdr/response';
import { describe, expect, it } from 'vitest';
import { describeCommand, describeTimelineEvent } from '../spa/describe.js';
import {
  cssToken,
  formatAgo,
  formatCount,
  formatCountdown,
  formatDuration,
  formatTime,
  metricLabel,
  severityRank,
  truncate,
} from '../spa/format.js';
import { tokenFromHash } from '../spa/token.js';

describe('dashboard formatting helpers', () => {
  it('formats durations as the two largest units', () => {
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(750_000)).toBe('12m 30s');
    expect(formatDuration(4 * 3_600_000 + 5 * 60_000)).toBe('4h 05m');
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000 + 59_000)).toBe('2d 3h');
    expect(formatDuration(-90_000)).toBe('-1m 30s');
  });

  it('formats countdowns, with days and once overdue', () => {
    expect(formatCountdown(3_723_000)).toBe('01:02:03');
    expect(formatCountdown(3_722_001)).toBe('01:02:03');
    expect(formatCountdown(0)).toBe('00:00:00');
    expect(formatCountdown(86_400_000 + 61_000)).toBe('1d 00:01:01');
    expect(formatCountdown(-12_500)).toBe('overdue 00:00:12');
  });

  it('formats times in UTC, ages, counts and labels', () => {
    expect(formatTime(Date.UTC(2026, 11, 7, 9, 5))).toBe('2026-12-07 09:05');
    expect(formatTime(null)).toBe('–');
    const now = Date.UTC(2026, 11, 7, 12);
    expect(formatAgo(now - 30_000, now)).toBe('just now');
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5m ago');
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3h ago');
    expect(formatAgo(now - 2 * 86_400_000, now)).toBe('2d ago');
    expect(formatAgo(null, now)).toBe('never');
    expect(formatCount(1_234_567)).toBe('1\u202f234\u202f567');
    expect(formatCount(999)).toBe('999');
    expect(metricLabel('mtta')).toBe('MTTA');
    expect(metricLabel('timeToContain')).toBe('time to contain');
    expect(severityRank('critical')).toBeLessThan(severityRank('low'));
    expect(severityRank('weird')).toBe(5);
    expect(cssToken('At Risk!')).toBe('at-risk');
    expect(cssToken('***')).toBe('unknown');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });

  it('takes the token out of the fragment and keeps the rest', () => {
    expect(tokenFromHash('#token=abc%2Bdef')).toEqual({ token: 'abc+def', rest: '' });
    expect(tokenFromHash('#view=cases&token=t1&x=1')).toEqual({
      token: 't1',
      rest: '#view=cases&x=1',
    });
    expect(tokenFromHash('#view=cases')).toEqual({ token: null, rest: '#view=cases' });
    expect(tokenFromHash('')).toEqual({ token: null, rest: '' });
    expect(tokenFromHash('#token=%E0%A4%A')).toEqual({ token: null, rest: '' });
  });

  it('describes timeline entries and commands in one line', () => {
    const entry = (event: CaseTimelineEntry['event']) => ({ event });
    expect(
      describeTimelineEvent(
        entry({ type: 'status', from: 'new', to: 'triage', by: 'ana', reason: null }),
      ),
    ).toBe('status new → triage by ana');
    expect(
      describeTimelineEvent(entry({ type: 'comment', id: 'c1', by: 'bo', text: 'isolated' })),
    ).toBe('comment by bo: isolated');
    expect(
      describeTimelineEvent(
        entry({
          type: 'approval',
          approvalId: 'a',
          actionId: 'act-1',
          decision: 'approved',
          by: null,
        }),
      ),
    ).toBe('approval approved for act-1');
    expect(describeCommand({ action: 'contain', target: { device: { hostname: 'host-7' } } })).toBe(
      'contain device host-7',
    );
    expect(describeCommand({ action: 'deny', target: { ipv4_net: '10.0.0.1' } })).toBe(
      'deny ipv4_net 10.0.0.1',
    );
    expect(describeCommand(null)).toBe('unknown command');
    expect(describeCommand({ action: 'query' })).toBe('query');
  });
});
