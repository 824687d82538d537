import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createEventBus,
  createOpenMdrBus,
  type ListenerErrorPayload,
  type Logger,
  type OpenMdrEvents,
  silentLogger,
} from '../src/index.js';

describe('event bus', () => {
  it('infers payload types from the event map', () => {
    const bus = createOpenMdrBus();
    bus.on('finding.created', (payload) => {
      expectTypeOf(payload).toEqualTypeOf<OpenMdrEvents['finding.created']>();
      expectTypeOf(payload.tenant).toBeString();
    });
    // @ts-expect-error: unknown events are refused
    bus.on('no.such.event', () => {});
    // @ts-expect-error: payloads are checked
    bus.emit('sla.breached', { tenant: 'acme' });
  });

  it('delivers payloads to every listener and unsubscribes', () => {
    const bus = createEventBus<{ ping: { n: number } }>();
    const seen: number[] = [];
    const listener = ({ n }: { n: number }) => void seen.push(n);
    const unsubscribe = bus.on('ping', listener);
    bus.once('ping', ({ n }) => void seen.push(n * 100));
    expect(bus.emit('ping', { n: 1 })).toBe(true);
    bus.emit('ping', { n: 2 });
    unsubscribe();
    expect(bus.emit('ping', { n: 3 })).toBe(false);
    expect(seen).toEqual([1, 100, 2]);
    bus.on('ping', listener);
    bus.off('ping', listener);
    expect(bus.listenerCount('ping')).toBe(0);
  });

  it('reports throwing and rejecting listeners on the error channel without breaking emit', async () => {
    const bus = createOpenMdrBus();
    const errors: ListenerErrorPayload[] = [];
    bus.on('error', (payload) => void errors.push(payload));
    const delivered: string[] = [];
    bus.on('incident.created', () => {
      throw new Error('listener broke: Authorization: Bearer abcdefghijklmnop');
    });
    bus.on('incident.created', async () => {
      throw new Error('async listener broke');
    });
    bus.on('incident.created', ({ id }) => void delivered.push(id));
    expect(() =>
      bus.emit('incident.created', { tenant: 'acme', id: 'inc-1', incident: {} }),
    ).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(delivered).toEqual(['inc-1']);
    expect(errors.map((error) => [error.event, error.error.code])).toEqual([
      ['incident.created', 'BUS_LISTENER'],
      ['incident.created', 'BUS_LISTENER'],
    ]);
    expect(errors[0]!.error.message).not.toContain('abcdefghijklmnop');
  });

  it('logs listener failures when nobody listens on the error channel', () => {
    const logged: unknown[] = [];
    const logger: Logger = { ...silentLogger, error: (obj) => void logged.push(obj) };
    const bus = createEventBus<{ tick: number }>({ logger });
    bus.on('tick', () => {
      throw new Error('token=supersecretvalue');
    });
    bus.emit('tick', 1);
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged)).not.toContain('supersecretvalue');
  });
});
