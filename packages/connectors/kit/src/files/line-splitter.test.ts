import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

function splitter(maxLineBytes = 1_000, start = 0) {
  const lines: Array<[string, number]> = [];
  const tooLong: Array<{ offset: number; bytes: number; head: string }> = [];
  const split = new LineSplitter(maxLineBytes, start);
  const sink = {
    line: (text: string, offset: number) => {
      lines.push([text, offset]);
    },
    tooLong: (offset: number, bytes: number, head: string) => {
      tooLong.push({ offset, bytes, head });
    },
  };
  return {
    split,
    lines,
    tooLong,
    push: (text: string) => split.push(Buffer.from(text), sink),
    flush: () => split.flush(sink),
  };
}

describe('LineSplitter', () => {
  it('splits LF and CRLF lines with their byte offsets, skipping blank lines', () => {
    const s = splitter(1_000, 100);
    s.push('a\r\nbé\n\n\r\nc');
    expect(s.lines).toEqual([
      ['a', 100],
      ['bé', 103],
    ]);
    expect(s.split.committed).toBe(110);
    expect(s.split.held).toBe(1);
    s.push('d\n');
    expect(s.lines.at(-1)).toEqual(['cd', 110]);
    expect(s.split.committed).toBe(113);
  });

  it('joins a line and a CRLF split across pushes', () => {
    const s = splitter();
    s.push('first par');
    s.push('t\r');
    expect(s.lines).toEqual([]);
    expect(s.split.committed).toBe(0);
    s.push('\nsecond\n');
    expect(s.lines).toEqual([
      ['first part', 0],
      ['second', 12],
    ]);
  });

  it('keeps a partial last line until flush, then delivers it', () => {
    const s = splitter();
    s.push('one\ntw');
    s.push('o\r');
    expect(s.lines).toEqual([['one', 0]]);
    s.flush();
    expect(s.lines).toEqual([
      ['one', 0],
      ['two', 4],
    ]);
    expect(s.split.committed).toBe(8);
    expect(s.split.held).toBe(0);
  });

  it('reports over-long lines, within a push and across pushes, without holding them', () => {
    const s = splitter(5);
    s.push('12345\n123456\nok\n');
    expect(s.lines).toEqual([
      ['12345', 0],
      ['ok', 13],
    ]);
    expect(s.tooLong).toEqual([{ offset: 6, bytes: 6, head: '123456' }]);
    s.push('abcdefgh');
    expect(s.split.held).toBe(8);
    s.push('ijklmnop');
    s.push('qr\r');
    s.push('\nnext\n');
    expect(s.tooLong.at(-1)).toEqual({ offset: 16, bytes: 18, head: 'abcdefgh' });
    expect(s.lines.at(-1)).toEqual(['next', 36]);
    expect(s.split.committed).toBe(41);
  });

  it('accepts a line of exactly the limit whose CR arrives in the next push', () => {
    const s = splitter(5);
    s.push('abcde\r');
    s.push('\n');
    expect(s.lines).toEqual([['abcde', 0]]);
    expect(s.tooLong).toEqual([]);
  });

  it('reports an over-long partial line on flush and resets', () => {
    const s = splitter(3);
    s.push('x\nlonger');
    s.flush();
    expect(s.tooLong).toEqual([{ offset: 2, bytes: 6, head: 'longer' }]);
    expect(s.split.committed).toBe(8);
    s.push('tail');
    s.split.reset(50);
    s.push('y\n');
    expect(s.lines.at(-1)).toEqual(['y', 50]);
  });
});
