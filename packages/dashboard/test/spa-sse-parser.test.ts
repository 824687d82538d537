import { describe, expect, it } from 'vitest';
import { SseParser } from '../spa/sse-parser.js';

describe('SseParser', () => {
  it('parses named events with JSON data and skips keep-alive comments', () => {
    const parser = new SseParser();
    const messages = parser.push(
      ': keep-alive\n\nevent: ready\ndata: {}\n\nevent: finding.created\ndata: {"type":"finding.created","tenant":"acme"}\n\n',
    );
    expect(messages).toEqual([
      { event: 'ready', data: '{}', id: undefined },
      {
        event: 'finding.created',
        data: '{"type":"finding.created","tenant":"acme"}',
        id: undefined,
      },
    ]);
  });

  it('reassembles events split across chunks at any byte, including a CRLF split', () => {
    const text =
      'event: sla.at-risk\r\ndata: {"a":1}\r\n\r\nevent: approval.requested\r\ndata: x\r\n\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const parser = new SseParser();
      const messages = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(messages.map((message) => [message.event, message.data])).toEqual([
        ['sla.at-risk', '{"a":1}'],
        ['approval.requested', 'x'],
      ]);
    }
  });

  it('joins data lines, strips one leading space, accepts CR line ends and keeps the id', () => {
    const parser = new SseParser();
    expect(parser.push('id: 7\rdata:  two spaces\rdata:second\r\r')).toEqual([
      { event: 'message', data: ' two spaces\nsecond', id: '7' },
    ]);
    expect(parser.lastEventId).toBe('7');
  });

  it('dispatches a named event without data, but not an empty unnamed one', () => {
    const parser = new SseParser();
    expect(parser.push('event: overflow\n\n\n\nretry: 5\n\n')).toEqual([
      { event: 'overflow', data: '', id: undefined },
    ]);
  });

  it('holds an unterminated event until its blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('event: case.assigned\ndata: {}')).toEqual([]);
    expect(parser.push('\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'case.assigned', data: '{}', id: undefined }]);
  });
});
