import type { JsonValue } from '@openmdr/core';
import * as z from 'zod';
import type { AuditRecord } from '../audit/audit-record.js';
import type { Case, CaseTimelineEntry } from '../cases/case-types.js';
import type { ClientFeedback, Lesson } from '../learning/lesson-types.js';
import type { Verdict } from '../learning/verdict-types.js';
import type { SlaPolicy } from '../sla/sla-policy.js';
import type { ReportPeriod } from './report-period.js';

/** How a closed case was judged; feeds the false-positive rate. */
export type CaseClassification = 'true-positive' | 'false-positive' | 'benign';

/** The health of one connector stream over the period (the caller fills it, from checkpoints and logs). */
export interface ConnectorHealth {
  connector: string;
  stream: string;
  /** Events read in the period. */
  events: number;
  /** Read or normalisation errors (dead letters) in the period. */
  errors: number;
  /** Time of the newest event read (epoch ms), or `null`. */
  lastEventAt: number | null;
  /** Delay between an event happening and OpenMDR reading it (ms), when measured. */
  lagMs?: number | null;
}

/** Everything a tenant report is built from (plain data: the report is a pure function of it). */
export interface ReportInput {
  tenant: string;
  period: ReportPeriod;
  /** When the report is produced (epoch ms); open SLA clocks are measured at this time. */
  generatedAt: number;
  slaPolicy: SlaPolicy;
  /** The tenant's cases (all of them; the report keeps those detected in the period). */
  cases: readonly Case[];
  /** Timelines by case id. */
  timelines: Readonly<Record<string, readonly CaseTimelineEntry[]>>;
  /** OCSF Detection Findings of the period (`time` inside it). */
  findings: readonly Record<string, unknown>[];
  /** Findings that passed triage and alerted, when known. */
  alerted?: number;
  /** Incidents (OCSF Incident Finding ids) of the period. */
  incidents: readonly string[];
  /** Events ingested in the period, when known. */
  events?: number;
  /** The tenant's response audit records. */
  audit: readonly AuditRecord[];
  connectorHealth: readonly ConnectorHealth[];
  /**
   * Case judgements by case id, overriding everything else. Without one, a case's latest verdict
   * decides; without a verdict, its closing reason (see `classifyCase`).
   */
  classifications?: Readonly<Record<string, CaseClassification>>;
  /** The tenant's verdicts (`verdicts.list({ history: true })`): the false-positive rate and precision. */
  verdicts?: readonly Verdict[];
  /** The tenant's lessons learned. */
  lessons?: readonly Lesson[];
  /** The tenant's client feedback. */
  feedback?: readonly ClientFeedback[];
  /** Free-form notes printed in the report (e.g. the MSSP's contract reference). */
  notes?: readonly string[];
  /** Extra data for embedders' own renderers. */
  extra?: Record<string, JsonValue>;
}

const periodSchema = z.object({
  kind: z.enum(['month', 'quarter']),
  label: z.string().min(1),
  start: z.number(),
  end: z.number(),
});

/** The shape `buildTenantReport` checks (deep parts are checked where they are read). */
export const reportInputSchema = z
  .object({
    tenant: z.string().min(1),
    period: periodSchema.refine((period) => period.end > period.start, 'end must follow start'),
    generatedAt: z.number(),
    slaPolicy: z.looseObject({ name: z.string(), targets: z.record(z.string(), z.unknown()) }),
    cases: z.array(
      z.looseObject({
        id: z.string(),
        tenant: z.string(),
        severity: z.string(),
        status: z.string(),
        timestamps: z.looseObject({ detectedAt: z.number() }),
      }),
    ),
    timelines: z.record(z.string(), z.array(z.looseObject({ at: z.number(), event: z.unknown() }))),
    findings: z.array(z.record(z.string(), z.unknown())),
    alerted: z.int().min(0).optional(),
    incidents: z.array(z.string()),
    events: z.int().min(0).optional(),
    audit: z.array(z.looseObject({ type: z.string(), at: z.number() })),
    connectorHealth: z.array(
      z.looseObject({
        connector: z.string(),
        stream: z.string(),
        events: z.int().min(0),
        errors: z.int().min(0),
        lastEventAt: z.number().nullable(),
      }),
    ),
    classifications: z
      .record(z.string(), z.enum(['true-positive', 'false-positive', 'benign']))
      .optional(),
    verdicts: z
      .array(
        z.looseObject({
          id: z.string(),
          subject: z.looseObject({ kind: z.enum(['finding', 'case']) }),
          verdict: z.enum(['true-positive', 'benign-true-positive', 'false-positive']),
          at: z.number(),
          sequence: z.number(),
        }),
      )
      .optional(),
    lessons: z
      .array(
        z.looseObject({
          id: z.string(),
          caseId: z.string(),
          title: z.string(),
          status: z.enum(['open', 'done']),
          dueAt: z.number(),
          createdAt: z.number(),
          completedAt: z.number().nullable(),
        }),
      )
      .optional(),
    feedback: z
      .array(
        z.looseObject({
          caseId: z.string(),
          score: z.int().min(1).max(5),
          at: z.number(),
        }),
      )
      .optional(),
  })
  .loose();
