/**
 * The tenant's monthly report: built from the cases, findings, actions and connector health of
 * the run, written as self-contained HTML (SVG charts), JSON and Markdown.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AuditLog,
  buildTenantReport,
  type ConnectorHealth,
  collectReportInput,
  renderReportHtml,
  renderReportMarkdown,
  reportPeriod,
  type SlaPolicy,
  type TenantCases,
  type TenantLessons,
  type TenantVerdicts,
} from '@openmdr/response';

/** What {@link writeReports} needs. */
export interface ReportOptions {
  dir: string;
  tenant: string;
  cases: TenantCases;
  audit: AuditLog;
  slaPolicy: SlaPolicy;
  findings: Record<string, unknown>[];
  incidents: string[];
  connectorHealth: ConnectorHealth[];
  events: number;
  alerted: number;
  now: number;
  /** The tenant's verdicts: the false-positive rate comes from them. */
  verdicts?: TenantVerdicts;
  /** Lessons learned and client feedback. */
  lessons?: TenantLessons;
}

/** Writes the report of the current month; returns the file paths. */
export async function writeReports(
  options: ReportOptions,
): Promise<{ html: string; json: string; markdown: string; falsePositiveRate: number | null }> {
  const month = new Date(options.now).toISOString().slice(0, 7);
  const input = await collectReportInput({
    tenant: options.tenant,
    cases: options.cases,
    audit: options.audit,
    findings: options.findings,
    incidents: options.incidents,
    connectorHealth: options.connectorHealth,
    events: options.events,
    alerted: options.alerted,
    generatedAt: options.now,
    notes: ['Produced by the OpenMDR quickstart from a simulated attack story.'],
    slaPolicy: options.slaPolicy,
    period: reportPeriod(month),
    ...(options.verdicts ? { verdicts: options.verdicts } : {}),
    ...(options.lessons ? { lessons: options.lessons } : {}),
  });
  const report = buildTenantReport(input);
  mkdirSync(options.dir, { recursive: true });
  const base = join(options.dir, `${options.tenant}-${month}`);
  const files = { html: `${base}.html`, json: `${base}.json`, markdown: `${base}.md` };
  writeFileSync(files.html, renderReportHtml(report));
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.markdown, renderReportMarkdown(report));
  return { ...files, falsePositiveRate: report.summary.falsePositiveRate };
}
