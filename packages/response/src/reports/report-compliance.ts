import type { Case } from '../cases/case-types.js';
import { evaluateRegulatoryClocks } from '../sla/regulatory-clocks.js';
import type { ConnectorHealth } from './report-input.js';
import type { ComplianceEvidence, IncidentLogEntry, ReportedAction } from './report-types.js';

/** What the compliance section is drawn from. */
export interface ComplianceFacts {
  cases: readonly Case[];
  log: readonly IncidentLogEntry[];
  actions: readonly ReportedAction[];
  connectorHealth: readonly (ConnectorHealth & { status: string })[];
  findings: number;
  events: number | null;
  slaBreaches: number;
  auditRecords: number;
  at: number;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Maps the period's activity to the requirements MSSP customers are audited against. It is
 * evidence a person reviews (what was monitored, detected, answered and notified, with
 * timestamps), not a statement of compliance.
 */
export function complianceEvidence(facts: ComplianceFacts): ComplianceEvidence[] {
  const silent = facts.connectorHealth.filter((health) => health.status !== 'healthy');
  const contained = facts.log.filter((entry) => entry.containedAt !== null).length;
  const completed = facts.actions.filter((action) => action.outcome === 'completed').length;
  const approved = facts.actions.filter((action) => action.approvedBy !== null).length;
  const reportable = facts.cases.filter((item) => item.regulatory !== null);
  const clocks = reportable.flatMap((item) =>
    evaluateRegulatoryClocks(item, facts.at).map((clock) => ({ item, clock })),
  );
  const gdpr = clocks.filter(({ clock }) => clock.regulation === 'gdpr');
  const nis2 = clocks.filter(({ clock }) => clock.regulation === 'nis2');
  const late = (list: typeof clocks) =>
    list.filter(({ clock }) => clock.state === 'breached' || clock.state === 'submitted-late');
  const clockLines = (list: typeof clocks) =>
    list.map(
      ({ item, clock }) =>
        `Case ${item.id}: ${clock.name} due ${new Date(clock.dueAt).toISOString()} — ${clock.state}${clock.submittedAt ? ` (submitted ${new Date(clock.submittedAt).toISOString()})` : ''}`,
    );
  return [
    {
      framework: 'PCI DSS v4.0',
      requirement: '10.4 / 10.7',
      title:
        'Audit logs are reviewed; failures of critical security controls are detected and answered',
      status: silent.length > 0 ? 'attention' : 'evidenced',
      evidence: [
        `${facts.events === null ? 'Security events' : `${facts.events} security events`} from ${plural(facts.connectorHealth.length, 'monitored source')} reviewed automatically; ${plural(facts.findings, 'finding')} raised.`,
        ...silent.map(
          (health) =>
            `${health.connector}/${health.stream} was ${health.status} (${health.errors} errors) — review the control failure.`,
        ),
        `Response audit trail: ${plural(facts.auditRecords, 'record')}, hash-chained.`,
      ],
    },
    {
      framework: 'PCI DSS v4.0',
      requirement: '12.10',
      title: 'Incident response plan executed for suspected and confirmed incidents',
      status: facts.log.length === 0 ? 'not-applicable' : 'evidenced',
      evidence: [
        `${plural(facts.log.length, 'case')} handled; ${contained} contained; SLA clock breaches: ${facts.slaBreaches}.`,
        `${plural(completed, 'response action')} completed under the tenant's authority policy, ${approved} after a recorded approval.`,
      ],
    },
    {
      framework: 'HIPAA Security Rule',
      requirement: '45 CFR 164.308(a)(6)',
      title: 'Security incident procedures: identify, respond, mitigate and document',
      status: facts.log.length === 0 ? 'not-applicable' : 'evidenced',
      evidence: [
        `Identified: ${plural(facts.log.length, 'incident')} with timelines (${facts.log.reduce((sum, entry) => sum + entry.timeline.length, 0)} entries).`,
        `Responded and mitigated: ${contained} contained; ${plural(completed, 'action')} completed.`,
        'Documented: this report, the case timelines and the audit trail.',
      ],
    },
    {
      framework: 'GDPR',
      requirement: 'Art. 33',
      title: 'Personal data breaches notified to the supervisory authority within 72 hours',
      status:
        gdpr.length === 0 ? 'not-applicable' : late(gdpr).length > 0 ? 'attention' : 'evidenced',
      evidence:
        gdpr.length === 0
          ? ['No case of the period was marked as a personal data breach.']
          : clockLines(gdpr),
    },
    {
      framework: 'NIS2',
      requirement: 'Art. 23',
      title:
        'Significant incidents: early warning within 24 h, notification within 72 h, final report within a month',
      status:
        nis2.length === 0 ? 'not-applicable' : late(nis2).length > 0 ? 'attention' : 'evidenced',
      evidence:
        nis2.length === 0
          ? ['No case of the period was marked as a significant incident.']
          : clockLines(nis2),
    },
  ];
}
