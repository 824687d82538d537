import type { CaseStatus } from './case-types.js';

/**
 * The legal moves of the case lifecycle, by current status. A case moves forward one step at a
 * time (new → triage → investigating → contained → eradicated → recovered → closed), may step back
 * from `contained` to `investigating` when containment fails, and may be closed from any open status
 * (false positive, duplicate). A closed case only moves again through `reopen` (to `triage`).
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['triage', 'closed'],
  triage: ['investigating', 'closed'],
  investigating: ['contained', 'closed'],
  contained: ['eradicated', 'investigating', 'closed'],
  eradicated: ['recovered', 'closed'],
  recovered: ['closed'],
  closed: [],
};

/** Every status, in lifecycle order. */
export const CASE_STATUSES: readonly CaseStatus[] = [
  'new',
  'triage',
  'investigating',
  'contained',
  'eradicated',
  'recovered',
  'closed',
];

/** Whether the lifecycle allows moving from `from` to `to`. */
export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}
