/**
 * Ingestion: each connector stream runs through the core pipeline (`runPipeline` with the kit's
 * `connectorSource` and `connectorNormalizer`), checkpointed in the tenant's store, so every poll
 * resumes where the last one stopped; events go to the store's `events` log and on to detection.
 * Bad records go to the `dead-letters` log with the reason.
 */

import {
  type ConnectorInstance,
  connectorNormalizer,
  connectorSource,
} from '@openmdr/connector-kit';
import {
  type Envelope,
  logDeadLetterSink,
  logSink,
  type OcsfEvent,
  type OpenMdrBus,
  runPipeline,
  type Sink,
  type TenantStore,
} from '@openmdr/core';
import type { ConnectorHealth } from '@openmdr/response';

/** One connector stream to poll. */
export interface PolledStream {
  /** Label for the progress output. */
  label: string;
  instance: ConnectorInstance;
  stream: string;
  /** Running totals for the report's connector-health section. */
  health: ConnectorHealth;
}

/** What one poll of every stream brought. */
export interface PollResult {
  events: OcsfEvent[];
  /** Events per stream label. */
  bySource: Record<string, number>;
  deadLettered: number;
}

function collect(into: OcsfEvent[]): Sink<OcsfEvent> {
  return {
    name: 'detection-input',
    async write(events: readonly Envelope<OcsfEvent>[]) {
      for (const envelope of events) into.push(envelope.event);
      return undefined;
    },
  };
}

/**
 * Reads every stream from its checkpoint to the end of what the vendor has now. With `bus`, each
 * pipeline (named by the stream's label) reports its accepted events, dead letters and
 * checkpoints there, which the dashboard's connector health is built from.
 */
export async function pollStreams(
  store: TenantStore,
  streams: readonly PolledStream[],
  bus?: OpenMdrBus,
): Promise<PollResult> {
  const result: PollResult = { events: [], bySource: {}, deadLettered: 0 };
  for (const { label, instance, stream, health } of streams) {
    const events: OcsfEvent[] = [];
    const summary = await runPipeline({
      name: label,
      tenant: store.tenant,
      source: connectorSource(instance, stream),
      transforms: [connectorNormalizer(instance, stream)],
      sinks: [logSink<OcsfEvent>(store, 'events'), collect(events)],
      deadLetter: logDeadLetterSink(store),
      store,
      ...(bus === undefined ? {} : { bus }),
    });
    result.events.push(...events);
    result.deadLettered += summary.deadLettered;
    const readAt = Date.now();
    health.events += events.length;
    health.errors += summary.deadLettered;
    for (const event of events) {
      if (typeof event.time !== 'number') continue;
      health.lastEventAt = Math.max(health.lastEventAt ?? 0, event.time);
      health.lagMs = Math.max(health.lagMs ?? 0, readAt - event.time);
    }
    if (events.length > 0) result.bySource[label] = events.length;
  }
  return result;
}
