import type { JsonValue, OcsfEvent, Source, Transform } from '@openmdr/core';
import { OpenMdrError, reject } from '@openmdr/core';
import type { ConnectorInstance } from '../connector/define-connector.js';
import { rawRecordId } from './record-id.js';

/** Options of {@link connectorSource}. */
export interface ConnectorSourceOptions {
  /** Names the checkpoint. Default `<connector id>:<stream>`. */
  name?: string;
}

/**
 * A core pipeline {@link Source} over one stream of a connected connector: each batch's raw
 * records become envelopes (tenant of the instance, stable id from the stream's `dedupKey`) and
 * the stream state after the batch (its `VersionedState`, plain JSON) is the pipeline position, so `runPipeline` stores it as the
 * checkpoint only once the batch is accepted downstream, and the next run resumes from it.
 *
 * Pair it with {@link connectorNormalizer} to turn the raw records into OCSF events.
 *
 * @example
 * ```ts
 * const falcon = await crowdstrikeConnector.connect({ config, tenant: 'acme', secrets });
 * await runPipeline({
 *   tenant: 'acme',
 *   source: connectorSource(falcon, 'alerts'),
 *   transforms: [connectorNormalizer(falcon, 'alerts')],
 *   sinks: [logSink(acme, 'events')],
 *   deadLetter: logDeadLetterSink(acme),
 *   store: acme,
 * });
 * ```
 */
export function connectorSource(
  instance: ConnectorInstance,
  stream: string,
  options: ConnectorSourceOptions = {},
): Source<unknown, JsonValue> {
  const dedupKey = instance.manifest.streams[stream]?.dedupKey;
  return {
    name: options.name ?? `${instance.manifest.id}:${stream}`,
    async *read({ checkpoint, signal }) {
      for await (const batch of instance.read(stream, checkpoint)) {
        yield {
          events: batch.records.map((record) => ({
            tenant: instance.tenant,
            id: `${stream}:${rawRecordId(record, dedupKey)}`,
            event: record,
          })),
          // A stream state is plain JSON by contract (no secrets, no class instances).
          position: batch.state as unknown as JsonValue,
        };
        if (signal.aborted) return;
      }
    },
  };
}

/** `behaviors[0].tactic` → `['behaviors', 0, 'tactic']`. */
function fieldPath(path: string): (string | number)[] {
  return path
    .split(/\.|\[(\d+)\]/)
    .filter((part) => part !== undefined && part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * A pipeline {@link Transform} normalising one stream's raw records with the connector's
 * normaliser: one raw record may give several OCSF events (ids `<raw id>#<n>` after the first);
 * a record that cannot be normalised is rejected to the dead-letter sink with the normaliser's
 * error code (`NORMALIZE_FAILED`) and the field path it names.
 */
export function connectorNormalizer(
  instance: ConnectorInstance,
  stream: string,
): Transform<unknown, OcsfEvent> {
  return {
    name: `${instance.manifest.id}:${stream}:normalize`,
    apply(envelope) {
      try {
        const events = instance.normalize(stream, envelope.event);
        return events.map((event, index) => ({
          tenant: envelope.tenant,
          id: index === 0 ? envelope.id : `${envelope.id}#${index}`,
          event: event as unknown as OcsfEvent,
        }));
      } catch (error) {
        if (!(error instanceof OpenMdrError)) throw error;
        const path = (error.details as { path?: unknown } | undefined)?.path;
        return reject({
          code: error.code,
          message: error.message,
          ...(typeof path === 'string' ? { path: fieldPath(path) } : {}),
        });
      }
    },
  };
}
