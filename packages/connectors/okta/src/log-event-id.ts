import { createHash } from 'node:crypto';
import { isRecord, type OktaLogEvent, oktaLogEventSchema } from './log-event.js';

/** Namespace of derived System Log ids (a fixed UUID; RFC 9562 name-based ids need one). */
const NAMESPACE = Buffer.from('6f6b7461-2d6c-4f67-8d65-76656e742d69'.replaceAll('-', ''), 'hex');

/**
 * The fields that identify one System Log event when it arrives without its `uuid` (exported
 * through a SIEM, a log forwarder or a hook that drops it): the time to the millisecond, the
 * type, who did it, in which request and transaction, to what, with which outcome. Two deliveries
 * of the same event agree on all of them; two events of one request differ in type, target or
 * outcome.
 */
function identifyingFields(event: OktaLogEvent): unknown[] {
  const debug = event.debugContext?.debugData ?? {};
  return [
    event.published,
    event.eventType,
    event.actor?.id ?? event.actor?.alternateId,
    event.transaction?.id,
    typeof debug['requestId'] === 'string' ? debug['requestId'] : undefined,
    event.authenticationContext?.externalSessionId,
    event.client?.ipAddress,
    (event.target ?? []).map((target) => target.id ?? target.alternateId),
    event.outcome?.result,
    event.outcome?.reason,
    event.legacyEventType,
    event.displayMessage,
  ].map((value) => value ?? null);
}

/**
 * A stable id for a System Log event without `uuid`: an RFC 9562 version-5 (SHA-1, name-based)
 * UUID of its identifying fields, so the same event exported twice gets the same id and is
 * deduplicated, while distinct events get distinct ids. The record is read leniently (a field of
 * an unexpected type counts as absent).
 */
export function deriveOktaEventId(record: unknown): string {
  const event: OktaLogEvent = oktaLogEventSchema.parse(isRecord(record) ? record : {});
  const hash = createHash('sha1')
    .update(NAMESPACE)
    .update(JSON.stringify(identifyingFields(event)))
    .digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of a System Log event: its `uuid`, or {@link deriveOktaEventId} when it has none. */
export function oktaEventId(record: unknown): string {
  const uuid = isRecord(record) ? record['uuid'] : undefined;
  return typeof uuid === 'string' && uuid.length > 0 ? uuid : deriveOktaEventId(record);
}
