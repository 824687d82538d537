/** Tenant reports: SLA scorecard, funnel, incident log, ATT&CK, entities, actions, compliance. */
export { buildTenantReport } from './build-report.js';
export { type CollectReportOptions, collectReportInput } from './collect-report-input.js';
export { renderReportHtml } from './render-html.js';
export { renderReportMarkdown } from './render-markdown.js';
export { actionsFromAudit, responseOutcome, targetText } from './report-actions.js';
export { classifyCase, timelineText, verdictClassification } from './report-incidents.js';
export {
  type CaseClassification,
  type ConnectorHealth,
  type ReportInput,
  reportInputSchema,
} from './report-input.js';
export { type ReportPeriod, reportPeriod } from './report-period.js';
export type {
  ComplianceEvidence,
  IncidentLogEntry,
  ReportedAction,
  ReportedActionOutcome,
  SlaScore,
  TenantReport,
} from './report-types.js';
