import { describe, expect, it } from 'vitest';
import {
  commitOffsetAfter,
  entryIdOf,
  offsetOfEntryId,
  offsetsFrom,
  partitionFigures,
  startOffset,
  trimTarget,
  unacknowledged,
} from '../src/offsets.js';

describe('kafka offset arithmetic', () => {
  it('commits the offset after the last processed entry', () => {
    expect(commitOffsetAfter(0n)).toBe(1n);
    expect(commitOffsetAfter(41n)).toBe(42n);
  });

  it('starts at the committed offset, or at the log start without one or past a trim', () => {
    expect(startOffset(-1n, 0n)).toBe(0n);
    expect(startOffset(-1n, 17n)).toBe(17n);
    expect(startOffset(20n, 17n)).toBe(20n);
    expect(startOffset(5n, 17n)).toBe(17n);
  });

  it('writes entry ids as decimal offsets and reads them back', () => {
    expect(entryIdOf(123n)).toBe('123');
    expect(offsetOfEntryId('123')).toBe(123n);
    expect(offsetOfEntryId(entryIdOf(9007199254740993n))).toBe(9007199254740993n);
    expect(() => offsetOfEntryId('1-0')).toThrow(RangeError);
    expect(() => offsetOfEntryId('01')).toThrow(RangeError);
    expect(offsetsFrom(10n, 3)).toEqual([10n, 11n, 12n]);
  });

  it('counts length, lag and pending of a partition nobody here owns', () => {
    expect(partitionFigures({ logStart: 5n, logEnd: 25n, committed: 15n })).toEqual({
      length: 20,
      lag: 10,
      pending: 0,
    });
    // no commit yet: everything retained is lag
    expect(partitionFigures({ logStart: 5n, logEnd: 25n, committed: -1n })).toEqual({
      length: 20,
      lag: 20,
      pending: 0,
    });
  });

  it('counts fetched but unacknowledged entries as pending when this process owns the partition', () => {
    expect(partitionFigures({ logStart: 0n, logEnd: 100n, committed: 40n, position: 70n })).toEqual(
      {
        length: 100,
        lag: 30,
        pending: 30,
      },
    );
    // a position behind the commit (just after a takeover) counts nothing pending
    expect(partitionFigures({ logStart: 0n, logEnd: 100n, committed: 40n, position: 10n })).toEqual(
      {
        length: 100,
        lag: 60,
        pending: 0,
      },
    );
  });

  it('measures back-pressure as every entry after the commit', () => {
    expect(unacknowledged({ logStart: 0n, logEnd: 100n, committed: 60n })).toBe(40);
    expect(unacknowledged({ logStart: 30n, logEnd: 100n, committed: -1n })).toBe(70);
    expect(unacknowledged({ logStart: 0n, logEnd: 0n, committed: -1n })).toBe(0);
  });

  it('turns trimming by age and by length into a DeleteRecords offset', () => {
    // by age: Kafka's timestamp lookup gave the first entry at or after the cut-off
    expect(trimTarget({ logStart: 10n, logEnd: 100n, firstOffsetAtOrAfter: 40n })).toEqual({
      before: 40n,
      removed: 30,
    });
    // every entry is older than the cut-off
    expect(trimTarget({ logStart: 10n, logEnd: 100n, firstOffsetAtOrAfter: -1n })).toEqual({
      before: 100n,
      removed: 90,
    });
    // by length
    expect(trimTarget({ logStart: 10n, logEnd: 100n, maxLength: 25 })).toEqual({
      before: 75n,
      removed: 65,
    });
    expect(trimTarget({ logStart: 10n, logEnd: 100n, maxLength: 500 })).toEqual({
      before: 10n,
      removed: 0,
    });
    // both: whichever removes more
    expect(
      trimTarget({ logStart: 0n, logEnd: 100n, maxLength: 50, firstOffsetAtOrAfter: 20n }),
    ).toEqual({
      before: 50n,
      removed: 50,
    });
    // never before what is already gone
    expect(trimTarget({ logStart: 60n, logEnd: 100n, firstOffsetAtOrAfter: 40n })).toEqual({
      before: 60n,
      removed: 0,
    });
  });
});
