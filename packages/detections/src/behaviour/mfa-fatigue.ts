/**
 * MFA fatigue (push bombing): many denied MFA pushes for a user, then an accepted one, within
 * the window. Over OCSF Authentication (class 3002) events with `is_mfa: true`: `status_id` 2
 * is a denial, 1 an accept. Predicates can be replaced for other vendor conventions.
 */
import type { DetectionFinding } from '@openmdr/core';
import { behaviourFinding, readString } from './behaviour-finding.js';
import { addToSequence, type SequenceEntry } from './failures-then-success.js';

/** Per-user state. */
export interface MfaFatigueState {
  version: 1;
  users: Record<string, SequenceEntry>;
}

/** Options of {@link detectMfaFatigue}. */
export interface MfaFatigueOptions {
  /** Denials needed. Default 5. */
  threshold?: number;
  /** Window before the accept. Default 15 minutes. */
  windowMs?: number;
  /** Is the event a denied push? Default: Authentication, `is_mfa`, `status_id` 2. */
  isDenial?: (event: Record<string, unknown>) => boolean;
  /** Is the event an accepted push? Default: Authentication, `is_mfa`, `status_id` 1. */
  isAccept?: (event: Record<string, unknown>) => boolean;
}

/** An empty state. */
export function emptyMfaFatigueState(): MfaFatigueState {
  return { version: 1, users: {} };
}

const isMfa = (event: Record<string, unknown>): boolean =>
  event['class_uid'] === 3002 && event['is_mfa'] === true;

/** Processes one event; returns the new state and any findings. */
export function detectMfaFatigue(
  state: MfaFatigueState,
  event: Record<string, unknown>,
  options: MfaFatigueOptions = {},
): { state: MfaFatigueState; findings: DetectionFinding[] } {
  const denial = (
    options.isDenial ?? ((candidate) => isMfa(candidate) && candidate['status_id'] === 2)
  )(event);
  const accept =
    !denial &&
    (options.isAccept ?? ((candidate) => isMfa(candidate) && candidate['status_id'] === 1))(event);
  if (!denial && !accept) return { state, findings: [] };
  const user = readString(event, 'user.name', 'actor.user.name', 'user.uid')?.toLowerCase();
  const time = event['time'];
  if (user === undefined || typeof time !== 'number') return { state, findings: [] };
  const threshold = options.threshold ?? 5;
  const windowMs = options.windowMs ?? 900_000;
  const { entry, hits } = addToSequence(state.users[user], denial ? 'failure' : 'success', time, {
    threshold,
    windowMs,
  });
  const findings = hits.map((hit) =>
    behaviourFinding({
      detection: 'behaviour.mfa-fatigue',
      title: 'MFA fatigue: push accepted after repeated denials',
      message: `${hit.failures.length} MFA pushes denied for ${user} within ${Math.round(windowMs / 60_000)} min, then one accepted`,
      severityId: 4,
      time: hit.success,
      event,
      evidence: {
        user,
        denials: hit.failures.length,
        first_denial: hit.failures[0] ?? null,
        accepted: hit.success,
      },
      attack: {
        technique: 'T1621',
        techniqueName: 'Multi-Factor Authentication Request Generation',
        tactic: 'credential-access',
      },
      user,
    }),
  );
  return { state: { version: 1, users: { ...state.users, [user]: entry } }, findings };
}
