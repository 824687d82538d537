// A realistic month for tenant acme, made with the real services on a memory store and a manual
// clock: four cases across severities (one breaching its contain target, one false positive, one
// GDPR-reportable), findings, and audited response actions.
import { ManualClock, openStore } from '@openmdr/core';
import {
  AuditLog,
  CaseService,
  collectReportInput,
  LessonService,
  parseSlaPolicy,
  type ReportInput,
  reportPeriod,
  VerdictService,
} from '../../src/index.js';

export const T0 = Date.parse('2026-10-05T08:00:00Z');
const MIN = 60_000;

export const slaPolicy = parseSlaPolicy({
  name: 'gold',
  targets: {
    critical: { acknowledgeMinutes: 15, containMinutes: 60, resolveMinutes: 480 },
    high: { acknowledgeMinutes: 30, containMinutes: 240 },
    medium: { acknowledgeMinutes: 240 },
  },
});

function finding(
  uid: string,
  time: number,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return { class_uid: 2004, severity_id: 4, time, finding_info: { uid, title: uid }, ...extra };
}

export const findings: Record<string, unknown>[] = [
  finding('f1', T0, {
    device: { hostname: 'WS-FIN-042' },
    actor: { user: { name: 'jdoe' } },
    attacks: [
      { tactic: { name: 'Execution' }, technique: { uid: 'T1059.001', name: 'PowerShell' } },
    ],
  }),
  finding('f2', T0 + 5 * MIN, {
    device: { hostname: 'WS-FIN-042' },
    attacks: [
      {
        tactic: { name: 'Credential Access' },
        sub_technique: { uid: 'T1003.001', name: 'LSASS Memory' },
      },
    ],
  }),
  finding('f3', T0 + 2 * 86_400_000, {
    device: { hostname: 'srv-file-01', ip: '10.20.1.15' },
    src_endpoint: { ip: '198.51.100.77' },
    finding_info: {
      uid: 'f3',
      title: 'PsExec',
      attacks: [
        {
          tactic: { name: 'Lateral Movement' },
          technique: { uid: 'T1021.002', name: 'SMB/Windows Admin Shares' },
        },
      ],
    },
  }),
  finding('f4', T0 + 10 * 86_400_000, { device: { hostname: 'ws-fin-042' } }),
  // Outside the period: not counted.
  finding('old', Date.parse('2026-09-30T23:59:59Z'), { device: { hostname: 'ws-old' } }),
];

export async function buildFixture(): Promise<ReportInput> {
  const clock = new ManualClock(T0);
  const store = await openStore({ kind: 'memory', clock });
  const service = new CaseService({ store, clock });
  const cases = service.forTenant('acme');
  const audit = new AuditLog(store.forTenant('acme'), { clock });
  const by = 'analyst@mssp.example';

  // 1. Critical, contained in 40 min, closed as a true positive.
  const critical = await cases.create({
    title: 'Credential dumping on <WS-FIN-042>',
    severity: 'critical',
    firstEventAt: T0 - 2 * MIN,
    detectedAt: T0,
    techniques: ['T1003.001'],
  });
  clock.advance(10 * MIN);
  await cases.transition(critical.id, 'triage', { by });
  await cases.transition(critical.id, 'investigating', { by });
  clock.advance(30 * MIN);
  await cases.transition(critical.id, 'contained', { by, reason: 'host isolated' });
  clock.advance(60 * MIN);
  await cases.transition(critical.id, 'eradicated', { by });
  await cases.transition(critical.id, 'recovered', { by });
  await cases.transition(critical.id, 'closed', { by, reason: 'Remediated' });

  // 2. High, contained after 5 h: breaches the 4 h contain target. GDPR-reportable, notified late.
  clock.set(T0 + 2 * 86_400_000);
  const high = await cases.create({ title: 'Lateral movement to srv-file-01', severity: 'high' });
  await cases.markReportable(high.id, { gdpr: true, nis2: false });
  clock.advance(20 * MIN);
  await cases.transition(high.id, 'triage', { by });
  await cases.transition(high.id, 'investigating', { by });
  clock.advance(280 * MIN);
  await cases.transition(high.id, 'contained', { by });
  clock.advance(80 * 3_600_000);
  await cases.recordSubmission(high.id, 'gdpr.art33-notification', { by: 'dpo@acme.example' });

  // 3. Medium, closed as a false positive.
  clock.set(T0 + 10 * 86_400_000);
  const medium = await cases.create({ title: 'Admin tool on ws-fin-042', severity: 'medium' });
  clock.advance(60 * MIN);
  await cases.transition(medium.id, 'triage', { by });
  await cases.transition(medium.id, 'closed', {
    by,
    reason: 'False positive: IT maintenance window',
  });

  // 4. Detected last month: not in the report.
  clock.set(Date.parse('2026-09-20T10:00:00Z'));
  await cases.create({ title: 'September case', severity: 'low' });

  // Response actions: one contained with approval, one refused by policy.
  clock.set(T0 + 20 * MIN);
  await audit.append({
    type: 'command.received',
    actor: 'playbook',
    requestId: 'cmd-1',
    data: {
      kind: 'contain_device',
      command: { action: 'contain', target: { device: { hostname: 'WS-FIN-042' } } },
    },
  });
  await audit.append({
    type: 'approval.decided',
    actor: 'lead@mssp.example',
    requestId: 'cmd-1',
    data: { decision: 'approved' },
  });
  await audit.append({
    type: 'command.response',
    actor: 'crowdstrike',
    requestId: 'cmd-1',
    data: { status: 200 },
  });
  await audit.append({
    type: 'command.received',
    actor: 'playbook',
    requestId: 'cmd-2',
    data: {
      kind: 'contain_device',
      command: { action: 'contain', target: { device: { hostname: 'DC-01' } } },
    },
  });
  await audit.append({
    type: 'command.refused',
    actor: 'policy',
    requestId: 'cmd-2',
    data: { status: 403 },
  });

  // Verdicts: the critical case was an authorised red-team exercise (a benign true positive, judged
  // first as a true positive: the latest verdict wins over both that and the closing reason); the
  // medium case has none, so its closing reason decides. Findings of two rules are judged.
  const verdicts = new VerdictService({ store, cases: service, clock }).forTenant('acme');
  clock.set(T0 + 3 * 3_600_000);
  await verdicts.judgeCase(critical.id, { verdict: 'true-positive', reason: 'LSASS dumped', by });
  clock.advance(MIN);
  await verdicts.judgeCase(critical.id, {
    verdict: 'benign-true-positive',
    reason: 'Authorised red-team exercise (ticket RT-12)',
    by: 'ciso@acme.example',
    role: 'customer',
  });
  const judged = (uid: string, rule: string, product: string) => ({
    class_uid: 2004,
    time: T0,
    finding_info: { uid, title: rule, analytic: { uid: rule, name: `Rule ${rule}` } },
    metadata: { product: { name: product } },
    device: { hostname: 'ws-fin-042' },
  });
  await verdicts.judgeFinding(judged('v1', 'psexec', 'OpenMDR Sigma'), {
    verdict: 'true-positive',
    reason: 'Lateral movement',
    by,
  });
  await verdicts.judgeFinding(judged('v2', 'psexec', 'OpenMDR Sigma'), {
    verdict: 'false-positive',
    reason: 'Admin deployment',
    by,
  });
  await verdicts.judgeFinding(judged('v3', 'beacon', 'Suricata'), {
    verdict: 'false-positive',
    reason: 'Update check',
    by,
  });

  // Lessons learned and feedback: one lesson done in October, one overdue at the end of the month,
  // one open and not yet due, one added in November (not in the report).
  const learning = new LessonService({ store, cases: service, clock }).forTenant('acme');
  clock.set(T0 + 86_400_000);
  const done = await learning.addLesson(
    {
      caseId: critical.id,
      title: 'Alert on comsvcs.dll MiniDump',
      kind: 'new-rule',
      owner: 'detection-eng',
      dueAt: T0 + 7 * 86_400_000,
    },
    { by },
  );
  await learning.addLesson(
    {
      caseId: high.id,
      title: 'Contain servers without approval',
      kind: 'policy-change',
      owner: 'soc-lead',
      dueAt: Date.parse('2026-10-20T00:00:00Z'),
    },
    { by },
  );
  await learning.addLesson(
    {
      caseId: high.id,
      title: 'Isolate <file servers> faster',
      kind: 'playbook-change',
      owner: 'soc-lead',
      dueAt: Date.parse('2026-11-15T00:00:00Z'),
    },
    { by },
  );
  clock.set(T0 + 5 * 86_400_000);
  await learning.completeLesson(done.id, { by: 'detection-eng' });
  await learning.recordFeedback(critical.id, {
    score: 5,
    comment: 'Fast | clear',
    by: 'ciso@acme.example',
  });
  clock.set(T0 + 11 * 86_400_000);
  await learning.recordFeedback(medium.id, { score: 3, by: 'it@acme.example' });
  clock.set(Date.parse('2026-11-02T00:00:00Z'));
  await learning.recordFeedback(medium.id, { score: 1, by: 'it@acme.example' });
  await learning.addLesson(
    { caseId: medium.id, title: 'November lesson', kind: 'other', owner: 'x', dueAt: T0 },
    { by },
  );

  return collectReportInput({
    tenant: 'acme',
    verdicts,
    lessons: learning,
    period: reportPeriod('2026-10'),
    slaPolicy,
    cases,
    audit,
    findings,
    incidents: ['inc-1', 'inc-2', 'inc-3'],
    alerted: 4,
    events: 120_000,
    connectorHealth: [
      {
        connector: 'crowdstrike',
        stream: 'alerts',
        events: 40,
        errors: 0,
        lastEventAt: Date.parse('2026-10-31T23:00:00Z'),
        lagMs: 45_000,
      },
      {
        connector: 'entra',
        stream: 'signins',
        events: 90_000,
        errors: 3,
        lastEventAt: Date.parse('2026-10-31T22:00:00Z'),
      },
      { connector: 'okta', stream: 'logs', events: 0, errors: 0, lastEventAt: null },
    ],
    generatedAt: Date.parse('2026-11-01T06:00:00Z'),
  });
}
