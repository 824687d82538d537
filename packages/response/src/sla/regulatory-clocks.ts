import type { Case } from '../cases/case-types.js';

/** The regulatory notification clocks OpenMDR tracks. */
export type RegulatoryClockName =
  | 'gdpr.art33-notification'
  | 'nis2.early-warning'
  | 'nis2.incident-notification'
  | 'nis2.final-report';

/**
 * Where a regulatory clock stands: `pending` (running, before the warning threshold), `at-risk`
 * (at or past the threshold, not yet due), `breached` (due and not submitted), `submitted`
 * (on time) or `submitted-late`.
 */
export type RegulatoryClockState =
  | 'pending'
  | 'at-risk'
  | 'breached'
  | 'submitted'
  | 'submitted-late';

/** One regulatory deadline of a reportable breach. */
export interface RegulatoryClock {
  /** The clock. */
  name: RegulatoryClockName;
  /** The regulation. */
  regulation: 'gdpr' | 'nis2';
  /** When it started (epoch ms). */
  startedAt: number;
  /** When the notification is due (epoch ms). */
  dueAt: number;
  /** When it was submitted (epoch ms), or `null`. */
  submittedAt: number | null;
  /** The state. */
  state: RegulatoryClockState;
}

const HOUR = 3_600_000;

/** Adds one calendar month (UTC), clamping to the month's last day (31 Jan → 28/29 Feb). */
export function addOneMonth(at: number): number {
  const date = new Date(at);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.getTime();
}

/**
 * The regulatory clocks of a case marked as a reportable breach (none otherwise):
 * - GDPR art. 33: notify the supervisory authority within 72 h of awareness
 * - NIS2 art. 23: early warning within 24 h of awareness; incident notification within 72 h; final
 *   report one month after the incident notification (after its submission, or its deadline while
 *   not yet submitted)
 *
 * Legal deadlines do not pause. A clock is at risk once `atRiskFraction` of its window has passed.
 */
export function evaluateRegulatoryClocks(
  item: Pick<Case, 'regulatory'>,
  now: number,
  options: { atRiskFraction?: number } = {},
): RegulatoryClock[] {
  const regulatory = item.regulatory;
  if (regulatory === null) return [];
  const fraction = options.atRiskFraction ?? 0.8;
  const clocks: RegulatoryClock[] = [];
  const add = (
    name: RegulatoryClockName,
    regulation: 'gdpr' | 'nis2',
    startedAt: number,
    dueAt: number,
  ) => {
    const submittedAt = regulatory.submitted[name] ?? null;
    let state: RegulatoryClockState;
    if (submittedAt !== null) state = submittedAt <= dueAt ? 'submitted' : 'submitted-late';
    else if (now > dueAt) state = 'breached';
    else if (now - startedAt >= fraction * (dueAt - startedAt)) state = 'at-risk';
    else state = 'pending';
    clocks.push({ name, regulation, startedAt, dueAt, submittedAt, state });
  };
  const aware = regulatory.awareAt;
  if (regulatory.gdpr) add('gdpr.art33-notification', 'gdpr', aware, aware + 72 * HOUR);
  if (regulatory.nis2) {
    add('nis2.early-warning', 'nis2', aware, aware + 24 * HOUR);
    const notificationDue = aware + 72 * HOUR;
    add('nis2.incident-notification', 'nis2', aware, notificationDue);
    const finalStart = regulatory.submitted['nis2.incident-notification'] ?? notificationDue;
    add('nis2.final-report', 'nis2', finalStart, addOneMonth(finalStart));
  }
  return clocks;
}
