import { NormalizationError } from '@openmdr/connector-kit';
import {
  type CheckedOktaLogEvent,
  isRecord,
  oktaLogEventSchema,
  unwrapOktaRecord,
} from './log-event.js';
import { oktaEventId } from './log-event-id.js';

/**
 * Reads an Okta System Log event leniently (unwrapped from an EventBridge delivery, see
 * {@link unwrapOktaRecord}) and checks that it has an `eventType` and a parseable `published`
 * time; returns the event, its time in epoch milliseconds, and whether its `uuid` was missing
 * and so derived (`deriveOktaEventId`: exports through a SIEM or a forwarder can drop it).
 *
 * @throws {NormalizationError} naming the missing or malformed field.
 */
export function checkOktaLogEvent(record: unknown): {
  event: CheckedOktaLogEvent;
  time: number;
  derivedUuid: boolean;
} {
  const unwrapped = unwrapOktaRecord(record);
  if (!isRecord(unwrapped)) {
    throw new NormalizationError('an Okta System Log event must be a JSON object', { path: '' });
  }
  const event = oktaLogEventSchema.parse(unwrapped);
  for (const field of ['eventType', 'published'] as const) {
    const value = event[field];
    if (typeof value !== 'string' || value.length === 0) {
      throw new NormalizationError(`Okta System Log event has no ${field}`, { path: field });
    }
  }
  const time = Date.parse(event.published as string);
  if (Number.isNaN(time)) {
    throw new NormalizationError('Okta System Log event has an unparseable published time', {
      path: 'published',
    });
  }
  const derivedUuid = typeof event.uuid !== 'string' || event.uuid.length === 0;
  const uuid = oktaEventId(event);
  return { event: { ...event, uuid } as CheckedOktaLogEvent, time, derivedUuid };
}
