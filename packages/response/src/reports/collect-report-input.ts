import type { AuditLog } from '../audit/audit-log.js';
import type { TenantCases } from '../cases/case-service.js';
import type { CaseTimelineEntry } from '../cases/case-types.js';
import type { TenantLessons } from '../learning/lesson-service.js';
import type { TenantVerdicts } from '../learning/verdict-service.js';
import type { SlaPolicy } from '../sla/sla-policy.js';
import type { CaseClassification, ConnectorHealth, ReportInput } from './report-input.js';
import type { ReportPeriod } from './report-period.js';

/** Options of {@link collectReportInput}. */
export interface CollectReportOptions {
  tenant: string;
  period: ReportPeriod;
  slaPolicy: SlaPolicy;
  /** The tenant's cases (`caseService.forTenant(tenant)`): cases and timelines are read from it. */
  cases: TenantCases;
  /** The tenant's response audit log: actions, approvals. */
  audit?: AuditLog;
  /** Detection Findings of the period (from wherever the embedder keeps them). */
  findings?: readonly Record<string, unknown>[];
  /** Incident ids of the period. */
  incidents?: readonly string[];
  alerted?: number;
  events?: number;
  connectorHealth?: readonly ConnectorHealth[];
  classifications?: Readonly<Record<string, CaseClassification>>;
  /** The tenant's verdicts: the false-positive rate and precision come from them. */
  verdicts?: TenantVerdicts;
  /** The tenant's lessons learned and client feedback. */
  lessons?: TenantLessons;
  notes?: readonly string[];
  /** Default: now. */
  generatedAt?: number;
}

/** Reads a tenant's cases, timelines and audit records into a {@link ReportInput}. */
export async function collectReportInput(options: CollectReportOptions): Promise<ReportInput> {
  const all = await options.cases.list();
  const timelines: Record<string, readonly CaseTimelineEntry[]> = {};
  for (const item of all) {
    const detected = item.timestamps.detectedAt;
    if (detected >= options.period.start && detected < options.period.end)
      timelines[item.id] = await options.cases.timeline(item.id);
  }
  return {
    tenant: options.tenant,
    period: options.period,
    generatedAt: options.generatedAt ?? Date.now(),
    slaPolicy: options.slaPolicy,
    cases: all,
    timelines,
    findings: options.findings ?? [],
    incidents: options.incidents ?? [],
    audit: options.audit ? await options.audit.read() : [],
    connectorHealth: options.connectorHealth ?? [],
    ...(options.alerted === undefined ? {} : { alerted: options.alerted }),
    ...(options.events === undefined ? {} : { events: options.events }),
    ...(options.classifications ? { classifications: options.classifications } : {}),
    ...(options.notes ? { notes: options.notes } : {}),
    ...(options.verdicts ? { verdicts: await options.verdicts.list({ history: true }) } : {}),
    ...(options.lessons
      ? {
          lessons: await options.lessons.listLessons(),
          feedback: await options.lessons.listFeedback(),
        }
      : {}),
  };
}
