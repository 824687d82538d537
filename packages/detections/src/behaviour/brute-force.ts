/**
 * Brute force followed by success: at least `threshold` failed logons for a user within the
 * window before a successful one. Over OCSF Authentication (class 3002) Logon events,
 * `status_id` 2 (Failure) and 1 (Success); MFA events are left to {@link detectMfaFatigue}.
 */
import type { DetectionFinding } from '@openmdr/core';
import { behaviourFinding, readString } from './behaviour-finding.js';
import { addToSequence, type SequenceEntry } from './failures-then-success.js';

/** Per-user state. */
export interface BruteForceState {
  version: 1;
  users: Record<string, SequenceEntry>;
}

/** Options of {@link detectBruteForce}. */
export interface BruteForceOptions {
  /** Failures needed. Default 10. */
  threshold?: number;
  /** Window before the success. Default 10 minutes. */
  windowMs?: number;
}

/** An empty state. */
export function emptyBruteForceState(): BruteForceState {
  return { version: 1, users: {} };
}

/** Processes one event; returns the new state and any findings. */
export function detectBruteForce(
  state: BruteForceState,
  event: Record<string, unknown>,
  options: BruteForceOptions = {},
): { state: BruteForceState; findings: DetectionFinding[] } {
  if (
    event['class_uid'] !== 3002 ||
    (event['activity_id'] !== undefined && event['activity_id'] !== 1) ||
    event['is_mfa'] === true
  )
    return { state, findings: [] };
  const status = event['status_id'];
  if (status !== 1 && status !== 2) return { state, findings: [] };
  const user = readString(event, 'user.name', 'actor.user.name', 'user.uid')?.toLowerCase();
  const time = event['time'];
  if (user === undefined || typeof time !== 'number') return { state, findings: [] };
  const threshold = options.threshold ?? 10;
  const windowMs = options.windowMs ?? 600_000;
  const { entry, hits } = addToSequence(
    state.users[user],
    status === 2 ? 'failure' : 'success',
    time,
    { threshold, windowMs },
  );
  const findings = hits.map((hit) =>
    behaviourFinding({
      detection: 'behaviour.brute-force-success',
      title: 'Brute force followed by a successful logon',
      message: `${hit.failures.length} failed logons for ${user} within ${Math.round(windowMs / 60_000)} min, then a success`,
      severityId: 4,
      time: hit.success,
      event,
      evidence: {
        user,
        failures: hit.failures.length,
        first_failure: hit.failures[0] ?? null,
        success: hit.success,
        src_ip: readString(event, 'src_endpoint.ip') ?? null,
      },
      attack: { technique: 'T1110', techniqueName: 'Brute Force', tactic: 'credential-access' },
      user,
      ...(readString(event, 'device.hostname') === undefined
        ? {}
        : { host: readString(event, 'device.hostname') as string }),
    }),
  );
  return { state: { version: 1, users: { ...state.users, [user]: entry } }, findings };
}
