import { TenantIsolationError } from '../errors/runtime-errors.js';
import type { JsonValue, TenantStore } from '../storage/types.js';
import type { Sink } from './contracts.js';

/**
 * A sink that appends each envelope (`{id, event}`) to a stream of a tenant's append-only log.
 * Events must be JSON-serialisable.
 * Appends are atomic per batch; after a crash the same ids may be appended again, so readers
 * remove duplicates by `id`.
 * @throws TenantIsolationError when an envelope belongs to another tenant than `store`.
 */
export function logSink<T = JsonValue>(store: TenantStore, stream: string): Sink<T> {
  return {
    name: `log:${stream}`,
    async write(events) {
      for (const envelope of events) {
        if (envelope.tenant !== store.tenant) {
          throw new TenantIsolationError(
            `event ${envelope.id} of tenant ${envelope.tenant} cannot go to the log of tenant ${store.tenant}`,
          );
        }
      }
      await store.log.append(
        stream,
        events.map((envelope) => ({ id: envelope.id, event: envelope.event as JsonValue })),
      );
      return undefined;
    },
  };
}
