import { describe, expect, it } from 'vitest';
import { NormalizationError } from '../errors/normalization-error.js';
import { findingActivityId, findingStatus, findingTimes } from './finding.js';
import { RecordReader } from './record-reader.js';

describe('findingTimes', () => {
  it('reads both times, an update time falling back to the creation time', () => {
    const both = new RecordReader({
      created: '2026-01-01T00:00:00Z',
      updated: '2026-01-02T00:00:00Z',
    });
    expect(findingTimes(both, 'created', 'updated')).toEqual({
      created: Date.parse('2026-01-01T00:00:00Z'),
      updated: Date.parse('2026-01-02T00:00:00Z'),
    });
    const createdOnly = new RecordReader({ created: '2026-01-01T00:00:00Z' });
    expect(findingTimes(createdOnly, 'created', 'updated').updated).toBe(
      Date.parse('2026-01-01T00:00:00Z'),
    );
  });

  it('throws naming the update field when the record has neither time', () => {
    expect(() => findingTimes(new RecordReader({}), 'created', 'updated')).toThrow(
      expect.objectContaining({ name: 'NormalizationError', path: 'updated' }),
    );
    expect(() => findingTimes(new RecordReader({}), 'created', 'updated')).toThrow(
      NormalizationError,
    );
  });
});

describe('findingActivityId', () => {
  it.each([
    [false, { created: 1, updated: 1 }, 1],
    [false, { created: 1, updated: 2 }, 2],
    [false, { created: undefined, updated: 2 }, 2],
    [true, { created: 1, updated: 1 }, 3],
  ] as const)('closed %s, %j → %i', (closed, times, expected) => {
    expect(findingActivityId(closed, times)).toBe(expected);
  });
});

describe('findingStatus', () => {
  it("keeps the vendor's status word in status_detail, and in status for Other", () => {
    expect(findingStatus(1, 'new')).toEqual({ status_id: 1, status_detail: 'new' });
    expect(findingStatus(99, 'escalated')).toEqual({
      status_id: 99,
      status: 'escalated',
      status_detail: 'escalated',
    });
    expect(findingStatus(0, undefined)).toEqual({ status_id: 0 });
  });
});
