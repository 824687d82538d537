/** The report's learning sections: verdicts and precision, lessons learned, client feedback. */
import { latestVerdicts } from '../learning/latest-verdicts.js';
import type { ClientFeedback, Lesson } from '../learning/lesson-types.js';
import { verdictPrecision } from '../learning/precision.js';
import type { Verdict, VerdictKind } from '../learning/verdict-types.js';
import type { TenantReport } from './report-types.js';

/** The latest verdict of each case, by case id. */
export function caseVerdicts(verdicts: readonly Verdict[]): Record<string, VerdictKind> {
  const out: Record<string, VerdictKind> = {};
  for (const verdict of latestVerdicts(verdicts))
    if (verdict.subject.kind === 'case') out[verdict.subject.caseId] = verdict.verdict;
  return out;
}

/** Verdicts given in [`start`, `end`) (latest per subject), with precision per rule and source. */
export function verdictSection(
  verdicts: readonly Verdict[],
  start: number,
  end: number,
): TenantReport['verdicts'] {
  const tally = () => ({ truePositives: 0, benignTruePositives: 0, falsePositives: 0 });
  const findings = tally();
  const cases = tally();
  for (const verdict of latestVerdicts(verdicts)) {
    if (verdict.at < start || verdict.at >= end) continue;
    const into = verdict.subject.kind === 'case' ? cases : findings;
    if (verdict.verdict === 'true-positive') into.truePositives += 1;
    else if (verdict.verdict === 'benign-true-positive') into.benignTruePositives += 1;
    else into.falsePositives += 1;
  }
  const { byRule, bySource } = verdictPrecision(verdicts, { since: start, until: end });
  return { findings, cases, byRule, bySource };
}

/**
 * Lessons as of `at` (the period's end, or the report time if earlier): open (added before `at`,
 * not done by then), overdue (open and due before `at`), done in [`start`, `at`).
 */
export function lessonSection(
  lessons: readonly Lesson[],
  start: number,
  at: number,
): TenantReport['lessons'] {
  const items: TenantReport['lessons']['items'] = [];
  let open = 0;
  let overdue = 0;
  let doneInPeriod = 0;
  for (const lesson of lessons) {
    if (lesson.createdAt >= at) continue;
    const doneBy = lesson.completedAt !== null && lesson.completedAt < at;
    if (doneBy) {
      if ((lesson.completedAt as number) >= start) {
        doneInPeriod += 1;
        items.push({ ...lesson, state: 'done' });
      }
      continue;
    }
    open += 1;
    const late = lesson.dueAt < at;
    if (late) overdue += 1;
    items.push({ ...lesson, state: late ? 'overdue' : 'open' });
  }
  const rank = { overdue: 0, open: 1, done: 2 };
  items.sort(
    (a, b) => rank[a.state] - rank[b.state] || a.dueAt - b.dueAt || a.id.localeCompare(b.id),
  );
  return { open, overdue, doneInPeriod, items };
}

/** Feedback given in [`start`, `end`): count, average score, every entry oldest first. */
export function feedbackSection(
  feedback: readonly ClientFeedback[],
  start: number,
  end: number,
): TenantReport['feedback'] {
  const items = feedback
    .filter((item) => item.at >= start && item.at < end)
    .sort((a, b) => a.at - b.at)
    .map((item) => ({ ...item }));
  const total = items.reduce((sum, item) => sum + item.score, 0);
  return {
    count: items.length,
    averageScore: items.length === 0 ? null : Math.round((total / items.length) * 100) / 100,
    items,
  };
}
