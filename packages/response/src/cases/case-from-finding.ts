import type { CaseObservable, CaseSeverity } from './case-types.js';

/** What a case takes from an OCSF Incident Finding (class 2005). */
export interface FindingCaseFields {
  findingId: string | null;
  title: string;
  description: string | null;
  severity: CaseSeverity;
  detectedAt: number | null;
  firstEventAt: number | null;
  observables: CaseObservable[];
  techniques: string[];
  assignee: string | null;
}

const SEVERITY_BY_ID: Record<number, CaseSeverity> = {
  1: 'informational',
  2: 'low',
  3: 'medium',
  4: 'high',
  5: 'critical',
  6: 'critical',
};

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function epoch(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Reads the case fields of an OCSF Incident or Detection Finding, tolerating missing parts. */
export function caseFieldsFromFinding(finding: Record<string, unknown>): FindingCaseFields {
  const info = record(finding.finding_info) ?? {};
  const techniques = new Set<string>();
  const attacks = [
    ...(Array.isArray(finding.attacks) ? finding.attacks : []),
    ...(Array.isArray(info.attacks) ? info.attacks : []),
  ];
  for (const attack of attacks) {
    const uid =
      text(record(record(attack)?.sub_technique)?.uid) ??
      text(record(record(attack)?.technique)?.uid);
    if (uid) techniques.add(uid);
  }
  const observables: CaseObservable[] = [];
  if (Array.isArray(finding.observables)) {
    for (const item of finding.observables) {
      const observable = record(item);
      const value = text(observable?.value);
      const type = text(observable?.type) ?? text(observable?.name);
      if (value && type) observables.push({ type, value });
    }
  }
  const severityId = epoch(finding.severity_id);
  // An Incident Finding (2005) has no finding_info: its id is metadata.uid and its members are
  // listed in finding_info_list.
  const members = Array.isArray(finding.finding_info_list) ? finding.finding_info_list : [];
  const firstMember = text(record(members[0])?.title);
  const memberTitle =
    firstMember === null
      ? null
      : members.length > 1
        ? `${firstMember} (+${members.length - 1} more)`
        : firstMember;
  return {
    findingId: text(info.uid) ?? text(record(finding.metadata)?.uid),
    title: text(info.title) ?? text(finding.message) ?? memberTitle ?? 'Untitled incident',
    description: text(info.desc) ?? text(finding.desc),
    severity: (severityId !== null ? SEVERITY_BY_ID[severityId] : undefined) ?? 'medium',
    detectedAt: epoch(finding.time) ?? epoch(info.created_time),
    firstEventAt: epoch(info.first_seen_time) ?? epoch(finding.start_time),
    observables,
    techniques: [...techniques],
    assignee: text(record(finding.assignee)?.name) ?? text(record(finding.assignee)?.uid),
  };
}
