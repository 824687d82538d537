import { EventEmitter } from 'eventemitter3';
import { OpenMdrError } from '../errors/openmdr-error.js';
import { type Logger, silentLogger } from '../runtime/logger.js';

/** A map from event name to payload type. */
export type EventMap = { [event: string]: unknown };

/** What the `error` channel receives when a listener throws or rejects. */
export interface ListenerErrorPayload {
  /** The event whose listener failed. */
  event: string;
  /** The failure, as a redacted {@link OpenMdrError} with code `BUS_LISTENER`. */
  error: OpenMdrError;
}

/** A listener of event `E`: may be synchronous or return a promise. */
export type Listener<Payload> = (payload: Payload) => void | Promise<void>;

/**
 * A typed publish/subscribe channel. `bus.on('finding.created', (payload) => …)` infers the payload
 * from the event map. A listener that throws or rejects never breaks `emit` or the other listeners:
 * its error goes to the `error` channel (or to the logger when nobody listens there).
 */
export interface EventBus<Events extends object> {
  /** Subscribes `listener` to `event`. Returns a function that unsubscribes it. */
  on<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): () => void;
  /** Subscribes to listener failures. */
  on(event: 'error', listener: Listener<ListenerErrorPayload>): () => void;
  /** Subscribes `listener` to the next `event` only. */
  once<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): () => void;
  /** Unsubscribes `listener` from `event`. */
  off<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): void;
  /** Unsubscribes a failure listener. */
  off(event: 'error', listener: Listener<ListenerErrorPayload>): void;
  /** Calls every listener of `event` with `payload`, synchronously. Returns whether any listened. */
  emit<E extends keyof Events & string>(event: E, payload: Events[E]): boolean;
  /** How many listeners `event` has. */
  listenerCount(event: (keyof Events & string) | 'error'): number;
  /** Unsubscribes every listener (of `event`, or of all events). */
  removeAllListeners(event?: (keyof Events & string) | 'error'): void;
}

/** Options of {@link createEventBus}. */
export interface EventBusOptions {
  /** Receives listener failures when the `error` channel has no listener. Defaults to silent. */
  logger?: Logger;
}

type AnyListener = (payload: unknown) => void | Promise<void>;

/**
 * Creates a typed event bus on eventemitter3.
 *
 * @example
 * ```ts
 * const bus = createEventBus<{ 'job.done': { id: string } }>();
 * bus.on('job.done', ({ id }) => console.log(id));
 * bus.emit('job.done', { id: '42' });
 * ```
 */
export function createEventBus<Events extends object>(
  options: EventBusOptions = {},
): EventBus<Events> {
  const logger = options.logger ?? silentLogger;
  const emitter = new EventEmitter();
  // Each listener and event pair maps to its wrapper, so that `off` finds what `on` registered.
  const wrappers = new Map<string, Map<AnyListener, AnyListener[]>>();

  const report = (event: string, failure: unknown): void => {
    const error = OpenMdrError.isInstance(failure)
      ? new OpenMdrError('BUS_LISTENER', `a listener of ${event} failed: ${failure.message}`, {
          cause: failure,
        })
      : new OpenMdrError(
          'BUS_LISTENER',
          `a listener of ${event} failed: ${failure instanceof Error ? failure.message : String(failure)}`,
          { cause: failure },
        );
    if (event !== 'error' && emitter.listenerCount('error') > 0) {
      emitter.emit('error', { event, error } satisfies ListenerErrorPayload);
    } else {
      logger.error({ event, error: error.toJSON() }, 'event bus listener failed');
    }
  };

  const wrap = (event: string, listener: AnyListener, once: boolean): AnyListener => {
    const wrapper: AnyListener = (payload) => {
      if (once) forget(event, listener, wrapper);
      try {
        const result = listener(payload);
        if (result && typeof (result as Promise<void>).then === 'function') {
          (result as Promise<void>).then(undefined, (failure: unknown) => report(event, failure));
        }
      } catch (failure) {
        report(event, failure);
      }
    };
    let byListener = wrappers.get(event);
    if (!byListener) {
      byListener = new Map();
      wrappers.set(event, byListener);
    }
    byListener.set(listener, [...(byListener.get(listener) ?? []), wrapper]);
    return wrapper;
  };

  const forget = (event: string, listener: AnyListener, wrapper: AnyListener): void => {
    const list = wrappers.get(event)?.get(listener);
    if (!list) return;
    const rest = list.filter((candidate) => candidate !== wrapper);
    if (rest.length === 0) wrappers.get(event)!.delete(listener);
    else wrappers.get(event)!.set(listener, rest);
    emitter.off(event, wrapper);
  };

  const bus = {
    on(event: string, listener: AnyListener) {
      const wrapper = wrap(event, listener, false);
      emitter.on(event, wrapper);
      return () => forget(event, listener, wrapper);
    },
    once(event: string, listener: AnyListener) {
      const wrapper = wrap(event, listener, true);
      emitter.on(event, wrapper);
      return () => forget(event, listener, wrapper);
    },
    off(event: string, listener: AnyListener) {
      for (const wrapper of wrappers.get(event)?.get(listener) ?? []) {
        forget(event, listener, wrapper);
      }
    },
    emit(event: string, payload: unknown) {
      return emitter.emit(event, payload);
    },
    listenerCount(event: string) {
      return emitter.listenerCount(event);
    },
    removeAllListeners(event?: string) {
      if (event === undefined) {
        wrappers.clear();
        emitter.removeAllListeners();
      } else {
        wrappers.delete(event);
        emitter.removeAllListeners(event);
      }
    },
  };
  return bus as unknown as EventBus<Events>;
}
