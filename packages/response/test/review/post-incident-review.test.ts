import { ManualClock, openStore, type Store } from '@openmdr/core';
import type { InvestigationAssessment, TimelineEntry } from '@openmdr/investigation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditLog,
  CaseService,
  draftPostIncidentReview,
  parseSlaPolicy,
  ReviewConflictError,
  ReviewInvalidError,
  ReviewNotFoundError,
  ReviewService,
  renderReviewHtml,
  renderReviewMarkdown,
  VerdictService,
} from '../../src/index.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const MIN = 60_000;
const slaPolicy = parseSlaPolicy({
  name: 'gold',
  targets: { critical: { detectMinutes: 10, acknowledgeMinutes: 15, containMinutes: 30 } },
});

function entry(
  id: string,
  time: number,
  summary: string,
  extra: Partial<TimelineEntry> = {},
): TimelineEntry {
  return {
    id,
    time,
    reportedTime: time,
    source: 'Microsoft-Windows-Sysmon/Operational',
    type: 'event',
    className: 'Process Activity',
    classUid: 1007,
    host: 'WS-1',
    user: 'jdoe',
    summary,
    entities: ['host:ws-1'],
    techniques: [],
    severity: null,
    ...extra,
  };
}

// The attacker: a macro at T0-20 min, encoded PowerShell at T0-19, LSASS dumped at T0-5, a
// scheduled task for persistence at T0-4 (no rule detects it).
const attackerTimeline: TimelineEntry[] = [
  entry('e1', T0 - 20 * MIN, 'Process created: WINWORD.EXE'),
  entry('e2', T0 - 19 * MIN, 'Process created: powershell.exe -enc <payload>'),
  entry('e2-dup', T0 - 19 * MIN, 'duplicate', { duplicateOf: 'e2' }),
  entry('e3', T0 - 5 * MIN, 'Process created: rundll32.exe comsvcs.dll MiniDump'),
  entry('e4', T0 - 4 * MIN, 'Process created: schtasks.exe /create'),
  entry('e5', T0 - 3 * MIN, 'Process created: PsExec64.exe \\\\SRV-2 cmd', {
    entities: ['host:ws-1', 'process:p5'],
  }),
];
// The graph holds the process behind e5, with its command line.
const graph = {
  nodes: [
    {
      id: 'process:p5',
      kind: 'process' as const,
      uid: 'p5',
      firstSeen: T0 - 3 * MIN,
      lastSeen: T0 - 3 * MIN,
      count: 1,
      attributes: { cmd_line: 'PsExec64.exe \\\\SRV-2 cmd', path: 'C:\\Tools\\PsExec64.exe' },
    },
  ],
  edges: [],
};
const assessment: InvestigationAssessment = {
  scope: {
    hosts: ['WS-1'],
    users: ['jdoe'],
    accounts: [],
    ips: ['203.0.113.66'],
    domains: [],
    files: [],
    resources: [],
    firstSeen: T0 - 20 * MIN,
    lastSeen: T0 - 4 * MIN,
  },
  origin: {
    host: 'WS-1',
    user: 'jdoe',
    time: T0 - 20 * MIN,
    summary: 'WINWORD.EXE opened an attachment',
    initialAccess: 'phishing-attachment',
    technique: 'T1566.001',
    evidence: ['e1', 'e2'],
  },
  impact: [
    {
      kind: 'credential-access',
      summary: 'LSASS dumped',
      technique: 'T1003.001',
      hosts: ['WS-1'],
      time: T0 - 5 * MIN,
      evidence: ['e3'],
    },
    {
      kind: 'persistence',
      summary: 'Scheduled task <updater>',
      technique: 'T1053.005',
      hosts: ['WS-1'],
      time: T0 - 4 * MIN,
      evidence: ['e4'],
    },
  ],
};

// The detections: encoded PowerShell fired 1 min after its event; the LSASS rule fired 25 min
// after the dump (late against the 10 min detect target).
const findings = [
  {
    class_uid: 2004,
    time: T0 - 18 * MIN,
    finding_info: {
      uid: 'f-ps',
      title: 'Encoded PowerShell',
      analytic: { uid: 'ps-enc', name: 'Encoded PowerShell' },
      related_events: [{ uid: 'e2' }],
      attacks: [{ technique: { uid: 'T1059.001' } }],
    },
  },
  {
    class_uid: 2004,
    time: T0 + 20 * MIN,
    finding_info: {
      uid: 'f-lsass',
      title: 'LSASS dump',
      created_time: T0 + 20 * MIN,
      first_seen_time: T0 - 5 * MIN,
      analytic: { uid: 'lsass-dump', name: 'LSASS dump via comsvcs' },
      attacks: [{ sub_technique: { uid: 'T1003.001' } }],
    },
  },
  {
    class_uid: 2004,
    time: T0 - 3 * MIN,
    finding_info: {
      uid: 'f-psexec',
      title: 'PsExec',
      analytic: { uid: 'psexec', name: 'Potential PsExec Remote Execution' },
      attacks: [{ sub_technique: { uid: 'T1587.001' } }],
    },
    evidences: [{ data: { fields: { CommandLine: 'psexec64.exe \\\\srv-2 cmd' } } }],
  },
  { class_uid: 2005, time: T0, finding_info: { uid: 'inc-1', title: 'Incident' } },
];

for (const kind of ['memory', 'pglite'] as const) {
  describe(`post-incident review on ${kind}`, () => {
    let store: Store;
    const clock = new ManualClock(T0);
    let cases: CaseService;
    let reviews: ReviewService;
    let verdicts: VerdictService;

    beforeAll(async () => {
      store = await openStore({ kind, clock });
      cases = new CaseService({ store, clock });
      reviews = new ReviewService({ store, cases, clock });
      verdicts = new VerdictService({ store, cases, clock });
    });
    afterAll(async () => {
      await store.close();
    });

    it('drafts the review from the case, audit log and investigation, stores, edits and finalises it', async () => {
      const tenantCases = cases.forTenant('acme');
      const audit = new AuditLog(store.forTenant('acme'), { clock });
      const by = 'kim';
      const item = await tenantCases.create({
        title: 'Credential dumping on <WS-1>',
        severity: 'critical',
        firstEventAt: T0 - 20 * MIN,
        detectedAt: T0 - 18 * MIN,
      });
      clock.set(T0 - 8 * MIN);
      await tenantCases.transition(item.id, 'triage', { by });
      await tenantCases.transition(item.id, 'investigating', { by });
      // Containment: requested, approved after 2 min, done 1 min later.
      clock.set(T0);
      await audit.append({
        type: 'command.received',
        actor: 'playbook',
        requestId: 'cmd-1',
        data: {
          kind: 'contain_device',
          command: { action: 'contain', target: { device: { hostname: 'WS-1' } } },
        },
      });
      await audit.append({
        type: 'approval.requested',
        actor: 'dispatcher',
        requestId: 'cmd-1',
        data: {},
      });
      clock.advance(2 * MIN);
      await audit.append({
        type: 'approval.decided',
        actor: 'lead',
        requestId: 'cmd-1',
        data: { decision: 'approved', by: 'lead' },
      });
      clock.advance(MIN);
      await audit.append({
        type: 'command.response',
        actor: 'crowdstrike',
        requestId: 'cmd-1',
        data: { status: 200 },
      });
      await audit.append({
        type: 'command.received',
        actor: 'playbook',
        requestId: 'other',
        data: { kind: 'x', command: {} },
      });
      await tenantCases.recordAction(item.id, {
        actionId: 'cmd-1',
        action: 'contain-host',
        status: 'completed',
      });
      // Containment 21 min after detection: within the 30 min target.
      await tenantCases.transition(item.id, 'contained', { by });
      await verdicts
        .forTenant('acme')
        .judgeCase(item.id, { verdict: 'true-positive', reason: 'Confirmed', by });
      clock.advance(10 * MIN);
      await tenantCases.transition(item.id, 'closed', { by, reason: 'Remediated' });
      const closed = await tenantCases.get(item.id);

      const draft = draftPostIncidentReview({
        case: closed,
        caseTimeline: await tenantCases.timeline(item.id),
        audit: await audit.read(),
        investigation: { timeline: attackerTimeline, assessment, graph },
        slaPolicy,
        findings,
        verdicts: await verdicts.forTenant('acme').list({ history: true }),
      });
      expect(draft.verdict).toBe('true-positive');
      expect(draft.attackerTimeline.map((line) => line.summary)).toEqual([
        'Process created: WINWORD.EXE',
        'Process created: powershell.exe -enc <payload>',
        'Process created: rundll32.exe comsvcs.dll MiniDump',
        'Process created: schtasks.exe /create',
        'Process created: PsExec64.exe \\\\SRV-2 cmd',
      ]);
      expect(draft.ruleLatency.map((rule) => [rule.ruleId, rule.delayMs, rule.late])).toEqual([
        ['ps-enc', MIN, false],
        ['psexec', 0, false],
        ['lsass-dump', 25 * MIN, true],
      ]);
      expect(draft.ruleLatency[0]?.sinceIncidentStartMs).toBe(2 * MIN);
      expect(
        draft.detectionGaps.map((gap) => [gap.kind, gap.ruleId, gap.impact, gap.delayMs]),
      ).toEqual([
        ['late', 'lsass-dump', null, 25 * MIN],
        ['missed', null, 'persistence', null],
      ]);
      expect(draft.responseTimes.map((step) => [step.metric, step.ms, step.withinTarget])).toEqual([
        ['mttd', 2 * MIN, true],
        ['mtta', 10 * MIN, true],
        ['mtti', 0, null],
        ['mttc', 21 * MIN, true],
        ['mttr', 31 * MIN, null],
      ]);
      expect(draft.actions).toEqual([
        expect.objectContaining({
          requestId: 'cmd-1',
          outcome: 'completed',
          approvedBy: 'lead',
          approvalWaitMs: 2 * MIN,
          durationMs: 3 * MIN,
        }),
      ]);
      expect(draft.whatWorked).toContain('Contain: 21 min, within the 30 min target');
      expect(draft.whatToChange.map((change) => [change.kind, change.ruleId])).toEqual([
        ['new-rule', undefined],
        ['tune-rule', 'lsass-dump'],
      ]);
      expect(draft.summary).toMatch(
        /^Credential dumping on <WS-1> \(critical\)\. The activity began .* on WS-1 as jdoe/,
      );
      expect(draft.socTimeline.at(-1)?.text).toBe('Status contained → closed by kim (Remediated)');
      // Pure: the same input gives the same draft.
      expect(JSON.parse(JSON.stringify(draft))).toEqual(draft);

      const tenantReviews = reviews.forTenant('acme');
      await expect(tenantReviews.get(item.id)).rejects.toSatisfy((error) =>
        ReviewNotFoundError.isInstance(error),
      );
      const created = await tenantReviews.create(draft, { by });
      expect(created).toMatchObject({ status: 'draft', version: 1, createdBy: by });
      await expect(tenantReviews.create(draft, { by })).rejects.toSatisfy((error) =>
        ReviewInvalidError.isInstance(error),
      );
      const edited = await tenantReviews.update(
        item.id,
        { summary: 'Edited summary', notes: ['Ask the customer about the task'] },
        { by: 'lead', expectedVersion: created.version },
      );
      expect(edited).toMatchObject({ summary: 'Edited summary', version: 2, updatedBy: 'lead' });
      await expect(
        tenantReviews.update(
          item.id,
          { summary: 'stale' },
          { by: 'x', expectedVersion: created.version },
        ),
      ).rejects.toSatisfy((error) => ReviewConflictError.isInstance(error));
      await expect(
        tenantReviews.update(item.id, { caseId: 'x' } as never, { by: 'x', expectedVersion: 2 }),
      ).rejects.toThrow(/cannot be edited/);
      const final = await tenantReviews.finalize(item.id, { by: 'lead', expectedVersion: 2 });
      expect(final).toMatchObject({ status: 'final', finalizedBy: 'lead', version: 3 });
      await expect(
        tenantReviews.update(item.id, { summary: 'late' }, { by: 'x', expectedVersion: 3 }),
      ).rejects.toThrow(/final/);
      expect((await tenantReviews.get(item.id)).summary).toBe('Edited summary');
      const types = (await tenantCases.timeline(item.id)).map((line) => line.event.type);
      expect(types.slice(-2)).toEqual(['review', 'review']);

      const markdown = renderReviewMarkdown(final);
      expect(markdown).toContain('# Post-incident review — Credential dumping on \\<WS-1\\>');
      expect(markdown).toContain(
        '- **missed** — No finding detected persistence (T1053.005): Scheduled task \\<updater\\>',
      );
      expect(markdown).toContain('| Contain | 21 min | 30 min | yes |');
      const html = renderReviewHtml(final);
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain('Credential dumping on &lt;WS-1&gt;');
      expect(html).not.toContain('<WS-1>');
      expect(html).not.toMatch(/<script|src="http|href="http/);
      for (const heading of [
        'What happened',
        'Scope, origin and impact',
        "The attacker's timeline",
        "The SOC's timeline",
        'Detection',
        'Response times against the SLA',
        'What worked',
        'What to change',
      ])
        expect(html).toContain(`<h2>${heading}</h2>`);
    });

    it('drafts without an investigation and refuses a review of an open case', async () => {
      const tenantCases = cases.forTenant('beta');
      const item = await tenantCases.create({
        title: 'Phishing',
        severity: 'high',
        observables: [
          { type: 'hostname', value: 'WS-2' },
          { type: 'IP Address', value: '10.0.0.2' },
        ],
      });
      const draft = draftPostIncidentReview({
        case: item,
        caseTimeline: await tenantCases.timeline(item.id),
        audit: [],
        slaPolicy,
        findings: [],
      });
      expect(draft.scope.hosts).toEqual(['WS-2']);
      expect(draft.scope.ips).toEqual(['10.0.0.2']);
      expect(draft).toMatchObject({
        origin: null,
        impact: [],
        attackerTimeline: [],
        detectionGaps: [],
        verdict: null,
      });
      await expect(reviews.forTenant('beta').create(draft, { by: 'kim' })).rejects.toThrow(
        /close it first/,
      );
      expect(renderReviewMarkdown(draft)).toContain('_Origin: not established._');
    });
  });
}
