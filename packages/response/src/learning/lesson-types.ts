/** Lessons learned and client feedback: what a closed case teaches, tracked to done. */

/** What a lesson changes. */
export type LessonKind = 'new-rule' | 'tune-rule' | 'playbook-change' | 'policy-change' | 'other';

/** Every lesson kind. */
export const LESSON_KINDS: readonly LessonKind[] = [
  'new-rule',
  'tune-rule',
  'playbook-change',
  'policy-change',
  'other',
];

/** A lesson learned: an action with an owner and a due date, linked to the case it came from. */
export interface Lesson {
  /** Unique in the tenant. */
  id: string;
  tenant: string;
  /** The case it came from. */
  caseId: string;
  /** What to do. */
  title: string;
  kind: LessonKind;
  /** Who does it. */
  owner: string;
  /** When it is due (epoch ms). */
  dueAt: number;
  status: 'open' | 'done';
  /** The rule it concerns (a new or tuned rule's id), when any. */
  ruleId: string | null;
  /** The playbook it concerns, when any. */
  playbookId: string | null;
  /** Free text. */
  note: string | null;
  createdAt: number;
  createdBy: string;
  completedAt: number | null;
  completedBy: string | null;
  /** Store version. */
  version: number;
}

/** The customer's feedback on how a case was handled. */
export interface ClientFeedback {
  /** Unique in the tenant. */
  id: string;
  tenant: string;
  caseId: string;
  /** Satisfaction, 1 (very unsatisfied) to 5 (very satisfied). */
  score: 1 | 2 | 3 | 4 | 5;
  comment: string | null;
  /** The customer contact who gave it. */
  by: string;
  /** When (epoch ms). */
  at: number;
}
