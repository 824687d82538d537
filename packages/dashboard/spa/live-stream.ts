/**
 * The live event stream: `GET api/events` read with `fetch` and a `ReadableStream` (the token
 * goes in a header, never in a URL), parsed as Server-Sent Events, reconnected with backoff.
 */

import type { LiveEvent } from '../src/operations/types.js';
import type { Api } from './api.js';
import { reconnectDelay } from './live-routing.js';
import { SseParser } from './sse-parser.js';

/** Where the stream stands. */
export type LiveState = 'connecting' | 'live' | 'reconnecting';

/** Callbacks of {@link openLiveStream}. */
export interface LiveHandlers {
  /** A bus event (or `overflow`, with no payload). */
  onEvent(type: string, event: LiveEvent | null): void;
  onState(state: LiveState): void;
  /** The stream (re)connected after a loss: everything may be stale. */
  onResync(): void;
  /** The server refused the token (401): the stream stops. */
  onUnauthorized(): void;
}

/** No byte for this long (keep-alives come every 15 s) means the connection is dead. */
const STALL_MS = 45_000;

/** Opens the stream for `tenant`; returns the function that closes it for good. */
export function openLiveStream(api: Api, tenant: string | undefined, handlers: LiveHandlers) {
  let closed = false;
  let attempt = 0;
  let controller: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let lost = false;

  const connect = async () => {
    if (closed) return;
    handlers.onState(lost ? 'reconnecting' : 'connecting');
    controller = new AbortController();
    const current = controller;
    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    const armStall = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => current.abort(), STALL_MS);
    };
    try {
      const response = await fetch(api.url('api/events', { tenant }), {
        headers: { accept: 'text/event-stream', ...api.headers() },
        signal: current.signal,
        cache: 'no-store',
      });
      if (response.status === 401) {
        closed = true;
        handlers.onUnauthorized();
        return;
      }
      if (!response.ok || !response.body) throw new Error(`event stream: ${response.status}`);
      armStall();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done || closed) break;
        armStall();
        for (const message of parser.push(value)) {
          if (message.event === 'ready') {
            attempt = 0;
            handlers.onState('live');
            if (lost) handlers.onResync();
            lost = false;
            continue;
          }
          let payload: LiveEvent | null = null;
          if (message.data !== '') {
            try {
              payload = JSON.parse(message.data) as LiveEvent;
            } catch {
              payload = null;
            }
          }
          const type = message.event !== 'message' ? message.event : (payload?.type ?? 'message');
          handlers.onEvent(type, payload);
          if (message.event === 'overflow') {
            // The server dropped events for this subscriber: start over.
            current.abort();
            break;
          }
        }
      }
    } catch {
      // Network loss, abort or a refused stream: reconnect below.
    } finally {
      clearTimeout(stallTimer);
    }
    if (closed) return;
    lost = true;
    handlers.onState('reconnecting');
    retryTimer = setTimeout(connect, reconnectDelay(attempt++, Math.random()));
  };

  void connect();
  return () => {
    closed = true;
    clearTimeout(retryTimer);
    controller?.abort();
  };
}
