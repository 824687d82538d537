import type { Verdict, VerdictSubject } from './verdict-types.js';

/** The key of a verdict's subject: `finding:<id>` or `case:<id>`. */
export function verdictSubjectKey(subject: VerdictSubject): string {
  return subject.kind === 'finding' ? `finding:${subject.findingId}` : `case:${subject.caseId}`;
}

/** The latest (last recorded) verdict of each subject, in log order. */
export function latestVerdicts(verdicts: readonly Verdict[]): Verdict[] {
  const latest = new Map<string, Verdict>();
  for (const verdict of [...verdicts].sort((a, b) => a.sequence - b.sequence)) {
    const key = verdictSubjectKey(verdict.subject);
    latest.delete(key);
    latest.set(key, verdict);
  }
  return [...latest.values()];
}
