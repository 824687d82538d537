import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQuickstart } from './run.js';

// The README's main job, end to end on loopback: simulators → connectors → OCSF → detection →
// incident → playbook with approval → case and SLA → signed webhook → report, on PGlite.
describe('quickstart', () => {
  it('detects the attack story, contains the host and the account under policy, and reports', {
    timeout: 120_000,
  }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openmdr-quickstart-'));
    const lines: string[] = [];
    const summary = await runQuickstart({
      dataDir,
      stagePauseMs: 50,
      write: (line) => lines.push(line),
    });

    expect(summary.events.total).toBe(63);
    expect(summary.events.bySource).toEqual({
      entra: 5,
      windows: 11,
      defender: 1,
      crowdstrike: 2,
      'zeek/dns': 1,
      'zeek/conn': 20,
      'zeek/ssl': 2,
      suricata: 21,
    });
    expect(summary.events.deadLettered).toBe(0);
    // Every engine contributed: the five bundled SigmaHQ rules, the native rules, the beaconing
    // analytic, threat intel (the C2 address on every beacon) and the vendors' and Suricata's
    // own alerts.
    expect(summary.findings.byOrigin).toEqual({
      sigma: 5,
      native: 2,
      network: 1,
      intel: 46,
      vendor: 4,
    });
    // One incident: the endpoint, identity and network findings join on host, user and address.
    expect(summary.incidents).toBe(1);
    expect(summary.blocklist).toMatchObject({
      playbook: 'completed',
      blocked: '203.0.113.66',
      served: ['203.0.113.66'],
    });
    expect(
      lines.some((line) => line.includes('Beaconing from 10.20.14.42 to 203.0.113.66:443')),
    ).toBe(true);
    expect(summary.caseSeverity).toBe('critical');
    // After containment the case is judged, eradicated, recovered and closed.
    expect(summary.caseStatus).toBe('closed');
    expect(summary.playbook).toEqual({ status: 'completed', commands: 2 });
    expect(summary.approval?.by).toBe('lead.okafor@mssp.example');
    expect(summary.vendorActions).toEqual([
      'CrowdStrike contain ["a1f0c3d2e4b5968778695a4b3c2d1e0f"] → 200',
      'Entra ID PATCH /v1.0/users/6f1c2a30-1b2c-4d5e-8f90-0a1b2c3d4e01 {"accountEnabled":false} → 204',
    ]);
    expect(summary.firstEventToContainmentMs).toBeGreaterThan(0);
    expect(summary.slaClocks.find((clock) => clock.metric === 'mttc')?.state).toBe('met');
    expect(summary.notifications.verified).toBe(summary.notifications.sent);
    expect(new Set(summary.notifications.events)).toEqual(
      new Set([
        'incident.created',
        'approval.requested',
        'action.completed',
        'case.status-changed',
      ]),
    );
    expect(summary.auditChainValid).toBe(true);
    expect(summary.auditRecords).toBeGreaterThan(10);
    expect(existsSync(join(dataDir, 'pglite'))).toBe(true);
    const html = readFileSync(summary.reports.html, 'utf8');
    expect(html).toContain('Security operations report — acme-corp');
    expect(html.match(/<svg /g)).toHaveLength(4);
    const report = JSON.parse(readFileSync(summary.reports.json, 'utf8')) as {
      summary: { cases: number; actions: number };
      actions: { byOutcome: Record<string, number>; items: { target: string }[] };
      attack: { techniques: { id: string; name: string | null }[] };
      topEntities: { hosts: { value: string }[] };
    };
    expect(report.summary).toMatchObject({ cases: 1, actions: 3 });
    // Both vendor actions and the blocklist entry succeeded: the report says so.
    expect(report.actions.byOutcome).toEqual({ completed: 3 });
    expect(report.actions.items.map((item) => item.target.split(' ')[0])).toEqual([
      'IPv4',
      'host',
      'account',
    ]);
    expect(report.attack.techniques.filter((technique) => technique.name === null)).toEqual([]);
    expect(report.topEntities.hosts.map((host) => host.value)).toContain(
      'ws-fin-042.corp.acme.example',
    );
    expect(report.topEntities.hosts.map((host) => host.value)).not.toContain('ws-fin-042');
    expect(lines.some((line) => line.includes('approved by lead.okafor@mssp.example'))).toBe(true);

    // Learning from the incident: every finding of the case and the case judged, feedback, a
    // lesson, and the post-incident review beside the report.
    expect(summary.learning).toMatchObject({
      caseVerdict: 'true-positive',
      feedbackScore: 5,
      falsePositiveRate: 0,
      review: { status: 'draft' },
    });
    expect(summary.learning?.findingVerdicts).toBeGreaterThanOrEqual(10);
    // The review carries the attacker's side: the investigation of the attack's events.
    const investigation = summary.learning?.investigation;
    expect(investigation?.nodes).toBeGreaterThan(10);
    expect(investigation?.timeline).toBeGreaterThan(50);
    expect(investigation?.impact).toContain('credential-access');
    expect(summary.learning?.review.attackerTimeline).toBeGreaterThan(50);
    const review = summary.learning?.review;
    expect(review?.html).toBe(join(dataDir, 'reports', 'post-incident-review.html'));
    const reviewHtml = readFileSync(review?.html as string, 'utf8');
    expect(reviewHtml).toContain('Post-incident review — ');
    expect(reviewHtml).toContain('phishing-attachment');
    for (const heading of [
      'What happened',
      "The attacker's timeline",
      "The SOC's timeline",
      'Response times against the SLA',
    ])
      expect(reviewHtml).toContain(`<h2>${heading}</h2>`);
    const reviewMarkdown = readFileSync(review?.markdown as string, 'utf8');
    expect(reviewMarkdown).toMatch(/\| Contain \| .* \| 1 h \| yes \|/);
    expect(reviewMarkdown).toContain('Verdict true positive by analyst.kim@mssp.example (analyst)');
    const learned = JSON.parse(readFileSync(summary.reports.json, 'utf8')) as {
      summary: { falsePositiveRate: number; falsePositiveBasis: Record<string, number> };
      verdicts: { cases: { truePositives: number }; byRule: { precision: number | null }[] };
      lessons: { open: number; items: { title: string }[] };
      feedback: { count: number; averageScore: number };
    };
    expect(learned.summary.falsePositiveRate).toBe(0);
    expect(learned.summary.falsePositiveBasis).toEqual({
      verdict: 1,
      explicit: 0,
      closingReason: 0,
    });
    expect(learned.verdicts.cases.truePositives).toBe(1);
    expect(learned.verdicts.byRule.every((row) => row.precision === 1)).toBe(true);
    expect(learned.lessons.open).toBe(1);
    expect(learned.feedback).toMatchObject({ count: 1, averageScore: 5 });
    const reportMarkdown = readFileSync(summary.reports.markdown, 'utf8');
    expect(reportMarkdown).toContain('false-positive rate: 0 % (from verdicts on 1 case(s))');
    expect(reportMarkdown).toContain('## Lessons learned');
    expect(reportMarkdown).toContain('Average satisfaction 5 / 5 from 1 response(s).');
  });
});
