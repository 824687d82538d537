/**
 * From a hunt to a case in one call: the hunt's hits as Detection Findings, through triage
 * (when given), joined to an open case or opening one, with the hunt on the case timeline.
 *
 * @module
 */
import type { DetectionFinding } from '@openmdr/core';
import {
  type TriageOptions,
  type TriageResult,
  type TriageState,
  triageFindings,
} from '@openmdr/detections';
import type { Case, CaseTimelineEntry, TenantCases } from '@openmdr/response';
import { HuntError } from './errors.js';
import type { HuntResult } from './hunt.js';
import { type HuntFindingOptions, huntFindings } from './hunt-finding.js';

/** Options of {@link pivotToCase}. */
export interface PivotToCaseOptions extends HuntFindingOptions {
  /** The cases of the hunt's tenant (`CaseService.forTenant(hunt.tenant)`). */
  readonly cases: TenantCases;
  /**
   * The case to join. A case merged into another joins its survivor; a closed one is not
   * joined (a new case is opened). Default: an open case that already holds one of the
   * findings (the same hunt pivoted again), else a new case.
   */
  readonly caseId?: string | undefined;
  /**
   * Triage the findings first (`triageFindings` of `@openmdr/detections`): only those it emits
   * reach the case; suppressed, duplicate and held findings do not. Pass the tenant's state
   * and keep the new one from the result.
   */
  readonly triage?: { readonly state: TriageState; readonly options: TriageOptions } | undefined;
  /** Who pivots (an analyst, `scheduler`); default `hunt`. */
  readonly by?: string | undefined;
}

/** What {@link pivotToCase} did. */
export interface PivotResult {
  /** The case joined or opened; `undefined` when no finding reached a case and none was named. */
  readonly case: Case | undefined;
  /** True when the case was opened by this call. */
  readonly created: boolean;
  /** Every hit's finding. */
  readonly findings: readonly DetectionFinding[];
  /** The findings that reached the case (after triage). */
  readonly attached: readonly Record<string, unknown>[];
  /** The triage result (new state included), when triage was asked for. */
  readonly triage?: TriageResult | undefined;
  /** The timeline entry recording the hunt, when a case was joined or opened. */
  readonly timeline?: CaseTimelineEntry | undefined;
}

const severityOf = (finding: Record<string, unknown>): number =>
  typeof finding['severity_id'] === 'number' ? finding['severity_id'] : 0;

const uidOf = (finding: Record<string, unknown>): string | undefined => {
  const info = finding['finding_info'] as { uid?: unknown } | undefined;
  return typeof info?.uid === 'string' ? info.uid : undefined;
};

async function caseToJoin(
  cases: TenantCases,
  caseId: string | undefined,
  findings: readonly Record<string, unknown>[],
): Promise<Case | undefined> {
  if (caseId !== undefined) {
    const named = await cases.get(caseId);
    return named.status === 'closed' ? undefined : named;
  }
  const uids = new Set(findings.map(uidOf).filter((uid) => uid !== undefined));
  if (uids.size === 0) return undefined;
  const open = await cases.list({ open: true });
  return open.find(
    (candidate) => candidate.mergedInto === null && candidate.findingIds.some((id) => uids.has(id)),
  );
}

/**
 * Pivots a hunt result to a case in one call: every hit becomes a Detection Finding
 * (`huntHitToFinding`), goes through triage when `triage` is given, and the findings that pass
 * join an open case (`caseId`, or one already holding one of them) or open a new one from the
 * most severe finding; each is attached with its observables and techniques. The case timeline
 * then records the hunt as a `hunt` entry (hunt id, name, target, hit count, who) whose
 * `detail` holds the start, time range, queries, hits per rule, findings attached and rules
 * that failed.
 *
 * @throws {HuntError} `HUNT_TENANT_MISMATCH` when `cases` is another tenant's.
 * @throws CaseNotFoundError when `caseId` names no case.
 */
export async function pivotToCase(
  result: HuntResult,
  options: PivotToCaseOptions,
): Promise<PivotResult> {
  const { hunt } = result;
  const { cases } = options;
  if (cases.tenant !== hunt.tenant) {
    throw new HuntError(
      'HUNT_TENANT_MISMATCH',
      `hunt ${hunt.id} is tenant ${hunt.tenant}'s, the cases are tenant ${cases.tenant}'s`,
    );
  }
  const findings = huntFindings(result, options);
  let triage: TriageResult | undefined;
  let attached: Record<string, unknown>[] = findings as unknown as Record<string, unknown>[];
  if (options.triage) {
    triage = triageFindings(
      options.triage.state,
      findings.map((finding) => ({ finding })),
      { ...options.triage.options, tenantId: hunt.tenant },
    );
    attached = triage.findings.map((item) => item.finding);
  }
  const by = options.by ?? 'hunt';
  let target = await caseToJoin(cases, options.caseId, attached);
  let created = false;
  if (target === undefined && attached.length > 0) {
    const first = [...attached].sort((a, b) => severityOf(b) - severityOf(a))[0] as Record<
      string,
      unknown
    >;
    target = await cases.createFromFinding(first, { by });
    created = true;
  }
  if (target === undefined) {
    return { case: undefined, created, findings, attached, ...(triage ? { triage } : {}) };
  }
  for (const finding of attached) target = await cases.addFinding(target.id, finding, { by });
  const timeline = await cases.recordHunt(target.id, {
    huntId: hunt.id,
    name: hunt.name,
    target: hunt.target,
    hits: result.hits.length,
    by,
    detail: {
      startedAt: result.startedAt,
      from: hunt.range.from,
      to: hunt.range.to,
      queries: result.queries.map((query) => ({ ruleId: query.rule_id, query: query.query })),
      hitsByRule: { ...result.hitsByRule },
      findingsAttached: attached.length,
      failures: result.failures.map((failure) => ({
        ruleId: failure.rule_id,
        stage: failure.stage,
        code: failure.code,
        reason: failure.reason,
      })),
    },
  });
  const latest = await cases.get(target.id);
  return { case: latest, created, findings, attached, timeline, ...(triage ? { triage } : {}) };
}
