import { createHash } from 'node:crypto';
import { eventIdentity } from './event-fields.js';
import type { HuntHit } from './hunt.js';

/**
 * The stable key of a hit across runs: the rule id and the record's identity (`hit.eventId`,
 * else {@link eventIdentity} of the record), hashed (SHA-256, 32 hex characters). The same
 * record found by the same rule in two runs has the same key; found by two rules, two keys.
 */
export function hitKey(hit: HuntHit): string {
  const identity = hit.eventId ?? eventIdentity(hit.event);
  return createHash('sha256').update(`${hit.rule_id}\u0000${identity}`).digest('hex').slice(0, 32);
}
