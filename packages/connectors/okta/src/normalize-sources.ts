import type { NormalizedEvent } from '@openmdr/connector-kit';
import { isRecord, unwrapOktaRecord } from './log-event.js';
import { type NormalizeOktaOptions, normalizeOktaLogEvent } from './normalize.js';

/**
 * A normaliser `openmdr normalize --source <id>` can pick: `okta/logs` for one stream, `okta`
 * for any of the connector's streams (told apart by shape).
 */
export interface OktaNormalizeSource {
  /** `okta/logs` or `okta`. */
  readonly id: string;
  /** One line for the usage text. */
  readonly summary: string;
  /** True when a record has the shape of this source's records. */
  matches(record: unknown): boolean;
  /** Normalises one record; throws `NormalizationError` naming the field when it cannot. */
  normalize(record: unknown, options?: NormalizeOktaOptions): NormalizedEvent;
}

/**
 * True for an Okta System Log `LogEvent`: it has `eventType` and `published`, and a `uuid`, an
 * `actor` or an `outcome` (SIEM exports can drop the `uuid`); also when wrapped by Okta Log
 * Streaming to EventBridge.
 */
export function isOktaLogEvent(record: unknown): boolean {
  const event = unwrapOktaRecord(record);
  return (
    isRecord(event) &&
    typeof event['eventType'] === 'string' &&
    'published' in event &&
    ('uuid' in event || 'actor' in event || 'outcome' in event)
  );
}

const logs: OktaNormalizeSource = {
  id: 'okta/logs',
  summary:
    'Okta System Log events (GET /api/v1/logs LogEvent objects; EventBridge-streamed; uuid optional)',
  matches: isOktaLogEvent,
  normalize: (record, options) => normalizeOktaLogEvent(record, options),
};

/** The `openmdr normalize` sources of the Okta connector. */
export const oktaNormalizeSources: readonly OktaNormalizeSource[] = [
  logs,
  { ...logs, id: 'okta', summary: 'Okta records of any stream (logs)' },
];
