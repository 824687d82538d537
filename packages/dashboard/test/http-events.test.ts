import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStreamWriter, formatEvent } from '../src/http/event-stream.js';
import { createDashboardHandler } from '../src/http/handler.js';
import { authenticate, fakeOperations, listen, sseReader, TOKENS } from './http-fixtures.js';

const fake = fakeOperations();
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  server = await listen(
    createDashboardHandler({ operations: fake.operations, authenticate, keepAliveMs: 50 }),
  );
});
afterAll(() => server.close());

function openStream(query: string, token: string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${server.url}/api/events${query}`, {
    headers: { authorization: `Bearer ${token}` },
    ...(signal === undefined ? {} : { signal }),
  });
}

describe('dashboard event stream', () => {
  it('sends ready, then the subscribed events, and unsubscribes when the client leaves', async () => {
    const abort = new AbortController();
    const response = await openStream('?tenant=acme', TOKENS.ana, abort.signal);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const stream = sseReader(response.body as ReadableStream<Uint8Array>);
    expect((await stream.nextEvent()).event).toBe('ready');
    const subscription = fake.subscriptions.at(-1);
    expect(subscription).toMatchObject({ principal: 'ana', tenant: 'acme', isStopped: false });

    const event = { type: 'finding.created', tenant: 'acme', at: 1, data: { id: 'f-1' } };
    fake.emit(event);
    fake.emit({ type: 'case.updated', tenant: 'globex', at: 2, data: {} });
    fake.emit({ type: 'approval.decided', tenant: 'acme', at: 3, data: { id: 'ap-1' } });
    const first = await stream.nextEvent();
    expect(first.event).toBe('finding.created');
    expect(JSON.parse(first.data ?? '')).toEqual(event);
    expect((await stream.nextEvent()).event).toBe('approval.decided');

    abort.abort();
    await subscription?.stopped;
    expect(subscription?.isStopped).toBe(true);
  });

  it('sends keep-alive comments', async () => {
    const abort = new AbortController();
    const response = await openStream('', TOKENS.ana, abort.signal);
    const stream = sseReader(response.body as ReadableStream<Uint8Array>);
    expect((await stream.nextEvent()).event).toBe('ready');
    expect((await stream.next()).comment).toBe('keep-alive');
    abort.abort();
    await fake.subscriptions.at(-1)?.stopped;
  });

  it('refuses before streaming: 401 without credentials, 403 for a tenant not the principal’s', async () => {
    const before = fake.subscriptions.length;
    const anonymous = await fetch(`${server.url}/api/events`);
    expect(anonymous.status).toBe(401);
    const forbidden = await openStream('?tenant=globex', TOKENS.ana);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(((await forbidden.json()) as { error: { code: string } }).error.code).toBe(
      'DASHBOARD_FORBIDDEN',
    );
    expect((await openStream('?tenant=*', TOKENS.ana)).status).toBe(403);
    expect(fake.subscriptions.length).toBe(before);
  });
});

/** A sink that takes writes until told it is full, then waits for `release`. */
class FullableSink extends EventEmitter {
  readonly chunks: string[] = [];
  full = false;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return !this.full;
  }
  release(): void {
    this.full = false;
    this.emit('drain');
  }
}

describe('EventStreamWriter', () => {
  it('frames events and strips line breaks from names', () => {
    expect(formatEvent('case.updated', { a: 'x\ny' })).toBe(
      'event: case.updated\ndata: {"a":"x\\ny"}\n\n',
    );
    expect(formatEvent('evil\ndata: injected', {})).toBe('event: evildata injected\ndata: {}\n\n');
  });

  it('queues while the sink is full, drops the oldest beyond the bound and says overflow', () => {
    const sink = new FullableSink();
    const writer = new EventStreamWriter(sink, 3);
    writer.send('e', 0);
    sink.full = true;
    writer.send('e', 1); // written, sink reports full
    for (let n = 2; n <= 7; n += 1) writer.send('e', n); // queued: 2..7, bound 3 keeps 5, 6, 7
    writer.comment('keep-alive'); // skipped while full
    expect(writer.queued).toBe(3);
    expect(writer.dropped).toBe(3);
    expect(sink.chunks).toEqual([formatEvent('e', 0), formatEvent('e', 1)]);

    sink.release();
    expect(sink.chunks.slice(2)).toEqual([
      formatEvent('overflow', { dropped: 3 }),
      formatEvent('e', 5),
      formatEvent('e', 6),
      formatEvent('e', 7),
    ]);
    expect(writer.dropped).toBe(0);
    writer.comment('keep-alive');
    expect(sink.chunks.at(-1)).toBe(': keep-alive\n\n');
  });

  it('stops flushing when the sink fills again, and resumes on the next drain', () => {
    const sink = new FullableSink();
    const writer = new EventStreamWriter(sink, 10);
    sink.full = true;
    writer.send('e', 1);
    writer.send('e', 2);
    writer.send('e', 3);
    sink.full = true; // the first flushed write fills it again
    sink.emit('drain');
    expect(sink.chunks).toEqual([formatEvent('e', 1), formatEvent('e', 2)]);
    expect(writer.queued).toBe(1);
    sink.release();
    expect(sink.chunks.at(-1)).toBe(formatEvent('e', 3));
    expect(writer.queued).toBe(0);
  });

  it('writes nothing once closed', () => {
    const sink = new FullableSink();
    const writer = new EventStreamWriter(sink, 10);
    sink.full = true;
    writer.send('e', 1);
    writer.send('e', 2);
    writer.close();
    sink.release();
    writer.send('e', 3);
    expect(sink.chunks).toEqual([formatEvent('e', 1)]);
    expect(sink.listenerCount('drain')).toBe(0);
  });
});
