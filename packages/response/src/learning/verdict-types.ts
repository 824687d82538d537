/** Verdicts: what analysts and customers concluded about a finding or a case. */

/**
 * The verdict: `true-positive` (malicious, an incident), `benign-true-positive` (the rule was right
 * but the activity is authorised: an admin's tool, a penetration test), `false-positive` (the rule
 * was wrong).
 */
export type VerdictKind = 'true-positive' | 'benign-true-positive' | 'false-positive';

/** Every verdict kind. */
export const VERDICT_KINDS: readonly VerdictKind[] = [
  'true-positive',
  'benign-true-positive',
  'false-positive',
];

/** Who gave the verdict: the SOC's analyst or the customer. */
export type VerdictRole = 'analyst' | 'customer';

/** The verdicts as reports and timelines print them. */
export const VERDICT_LABELS: Readonly<Record<VerdictKind, string>> = {
  'true-positive': 'true positive',
  'benign-true-positive': 'benign true positive',
  'false-positive': 'false positive',
};

/** The kinds of entity a finding names, as suppression proposals group them. */
export type FindingEntityKind =
  | 'host'
  | 'ip'
  | 'user'
  | 'process'
  | 'parentProcess'
  | 'commandLine'
  | 'destination';

/** Values of one entity kind in a finding, with the dotted path they were read at. */
export interface FindingEntity {
  kind: FindingEntityKind;
  /** The finding attribute (`device.hostname`, `evidences.process.file.path`, …). */
  path: string;
  /** The values at that path (at most 5). */
  values: string[];
}

/** What a verdict keeps of the finding it judges: enough to group, propose and measure. */
export interface FindingFacts {
  /** `finding_info.uid`. */
  findingId: string;
  /** The rule or analytic: `finding_info.analytic.uid`, else its name, else the title; `null` without. */
  ruleId: string | null;
  /** The rule's readable name (`finding_info.analytic.name`, else the title). */
  ruleName: string | null;
  /** The product that produced the finding (`metadata.product.name`, else its vendor), or `null`. */
  source: string | null;
  /** The finding's time (epoch ms), when it has one. */
  time: number | null;
  /** The entities it names. */
  entities: FindingEntity[];
}

/** What a verdict is about. */
export type VerdictSubject =
  | { kind: 'finding'; findingId: string; caseId: string | null }
  | { kind: 'case'; caseId: string };

/** One verdict, as stored. Re-judging appends a new verdict: the latest of a subject wins. */
export interface Verdict {
  /** Unique in the tenant. */
  id: string;
  tenant: string;
  subject: VerdictSubject;
  verdict: VerdictKind;
  /** Why (required: a verdict without a reason teaches nothing). */
  reason: string;
  /** The person (analyst id or customer contact). */
  by: string;
  role: VerdictRole;
  /** When (epoch ms). */
  at: number;
  /** Position in the tenant's verdict log: orders verdicts given in the same millisecond. */
  sequence: number;
  /** The judged finding's rule, source and entities (`null` for a verdict on a case). */
  finding: FindingFacts | null;
}
