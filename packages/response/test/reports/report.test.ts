import { describe, expect, it } from 'vitest';
import {
  buildTenantReport,
  renderReportHtml,
  renderReportMarkdown,
  reportPeriod,
} from '../../src/index.js';
import { ruleLabels } from '../../src/reports/report-format.js';
import { buildFixture } from './report-fixture.js';

const MIN = 60_000;

describe('reportPeriod', () => {
  it('parses months and quarters in UTC and rejects other labels', () => {
    expect(reportPeriod('2026-10')).toEqual({
      kind: 'month',
      label: '2026-10',
      start: Date.parse('2026-10-01T00:00:00Z'),
      end: Date.parse('2026-11-01T00:00:00Z'),
    });
    expect(reportPeriod('2026-Q4')).toMatchObject({
      kind: 'quarter',
      start: Date.parse('2026-10-01T00:00:00Z'),
      end: Date.parse('2027-01-01T00:00:00Z'),
    });
    expect(() => reportPeriod('2026-13')).toThrow(/REPORT_PERIOD_INVALID|neither a month/);
  });
});

describe('buildTenantReport', () => {
  it('computes the summary, SLA scorecard, false-positive rate and funnel of the period', async () => {
    const report = buildTenantReport(await buildFixture());
    expect(report.summary).toEqual({
      events: 120_000,
      findings: 4,
      incidents: 3,
      cases: 3,
      casesOpen: 1,
      casesClosed: 2,
      falsePositives: 1,
      falsePositiveRate: 0.5,
      // The critical case by its verdict; the medium one by its closing reason (no verdict).
      falsePositiveBasis: { verdict: 1, explicit: 0, closingReason: 1 },
      actions: 2,
      slaBreaches: 1,
    });
    const critical = report.sla.find((row) => row.severity === 'critical')?.metrics;
    expect(critical?.['mtta']).toMatchObject({
      count: 1,
      p50Ms: 10 * MIN,
      targetMs: 15 * MIN,
      withinTarget: 1,
    });
    expect(critical?.['mttc']).toMatchObject({ count: 1, p50Ms: 40 * MIN, withinTargetRate: 1 });
    expect(critical?.['mttr']?.p50Ms).toBe(100 * MIN);
    const high = report.sla.find((row) => row.severity === 'high')?.metrics;
    expect(high?.['mttc']).toMatchObject({
      count: 1,
      p50Ms: 300 * MIN,
      targetMs: 240 * MIN,
      withinTarget: 0,
      withinTargetRate: 0,
    });
    const all = report.sla.find((row) => row.severity === 'all')?.metrics;
    expect(all?.['mtta']).toMatchObject({
      count: 3,
      p50Ms: 20 * MIN,
      p90Ms: 60 * MIN,
      withinTarget: 3,
    });
    expect(report.funnel.map((stage) => stage.count)).toEqual([120_000, 4, 4, 3, 3]);
    expect(report.findingsPerDay).toHaveLength(31);
    expect(report.findingsPerDay.find((day) => day.day === '2026-10-05')?.count).toBe(2);
  });

  it('reports ATT&CK coverage, top entities, actions, connector health and the incident log', async () => {
    const report = buildTenantReport(await buildFixture());
    expect(report.attack.tactics.map((tactic) => tactic.name).sort()).toEqual([
      'Credential Access',
      'Execution',
      'Lateral Movement',
    ]);
    expect(report.attack.techniques.map((technique) => technique.id).sort()).toEqual([
      'T1003.001',
      'T1021.002',
      'T1059.001',
    ]);
    expect(report.topEntities.hosts[0]).toEqual({ value: 'ws-fin-042', count: 3 });
    expect(report.topEntities.ips.map((ip) => ip.value).sort()).toEqual([
      '10.20.1.15',
      '198.51.100.77',
    ]);
    expect(report.actions.byOutcome).toEqual({ completed: 1, refused: 1 });
    expect(report.actions.items[0]).toMatchObject({
      kind: 'contain_device',
      target: 'host WS-FIN-042',
      approvedBy: 'lead@mssp.example',
    });
    expect(report.connectorHealth.map((health) => health.status)).toEqual([
      'healthy',
      'degraded',
      'silent',
    ]);
    expect(
      report.incidentLog.map((entry) => [
        entry.severity,
        entry.classification,
        entry.classificationSource,
      ]),
    ).toEqual([
      ['critical', 'benign', 'verdict'],
      ['high', null, null],
      ['medium', 'false-positive', 'closing-reason'],
    ]);
    expect(report.incidentLog[0]?.timeline.map((item) => item.text)).toContain(
      'Verdict benign true positive by ciso@acme.example (customer): Authorised red-team exercise (ticket RT-12)',
    );
    expect(report.incidentLog[0]?.timeline.map((item) => item.text)).toContain(
      'Status investigating → contained by analyst@mssp.example (host isolated)',
    );
  });

  it('reports verdicts with precision per rule and source, lessons learned and client feedback', async () => {
    const report = buildTenantReport(await buildFixture());
    expect(report.verdicts.cases).toEqual({
      truePositives: 0,
      benignTruePositives: 1,
      falsePositives: 0,
    });
    expect(report.verdicts.findings).toEqual({
      truePositives: 1,
      benignTruePositives: 0,
      falsePositives: 2,
    });
    expect(report.verdicts.byRule.map((row) => [row.key, row.judged, row.precision])).toEqual([
      ['psexec', 2, 0.5],
      ['beacon', 1, 0],
    ]);
    expect(report.verdicts.bySource.map((row) => [row.key, row.precision])).toEqual([
      ['OpenMDR Sigma', 0.5],
      ['Suricata', 0],
    ]);
    expect(report.lessons).toMatchObject({ open: 2, overdue: 1, doneInPeriod: 1 });
    expect(report.lessons.items.map((lesson) => [lesson.state, lesson.title])).toEqual([
      ['overdue', 'Contain servers without approval'],
      ['open', 'Isolate <file servers> faster'],
      ['done', 'Alert on comsvcs.dll MiniDump'],
    ]);
    expect(report.feedback).toMatchObject({ count: 2, averageScore: 4 });
    expect(report.feedback.items.map((item) => [item.score, item.comment])).toEqual([
      [5, 'Fast | clear'],
      [3, null],
    ]);
  });

  it('maps activity to PCI DSS, HIPAA, GDPR and NIS2 evidence', async () => {
    const report = buildTenantReport(await buildFixture());
    const byRequirement = Object.fromEntries(
      report.compliance.map((item) => [`${item.framework} ${item.requirement}`, item]),
    );
    expect(byRequirement['PCI DSS v4.0 10.4 / 10.7']?.status).toBe('attention'); // a silent and a degraded source
    expect(byRequirement['PCI DSS v4.0 12.10']?.status).toBe('evidenced');
    expect(byRequirement['HIPAA Security Rule 45 CFR 164.308(a)(6)']?.status).toBe('evidenced');
    const gdpr = byRequirement['GDPR Art. 33'];
    expect(gdpr?.status).toBe('attention'); // notified after 80 h
    expect(gdpr?.evidence[0]).toMatch(/gdpr\.art33-notification due .* submitted-late/);
    expect(byRequirement['NIS2 Art. 23']?.status).toBe('not-applicable');
  });

  it('is deterministic and JSON-serialisable; bad input names the field', async () => {
    const input = await buildFixture();
    const report = buildTenantReport(input);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(buildTenantReport(input)).toEqual(report);
    expect(() => buildTenantReport({ ...input, cases: [{ id: 1 } as never] })).toThrow(
      /cases\.0\.id/,
    );
  });
});

describe('renderers', () => {
  it('labels rules that share a name with their ids', () => {
    expect(
      ruleLabels([
        { key: 'indicator--1', name: 'Indicator match' },
        { key: 'indicator--2', name: 'Indicator match' },
        { key: 'psexec', name: 'PsExec' },
        { key: 'beacon', name: null },
      ]),
    ).toEqual([
      'Indicator match (indicator--1)',
      'Indicator match (indicator--2)',
      'PsExec',
      'beacon',
    ]);
  });

  it('renders one self-contained HTML page with escaped values and SVG charts', async () => {
    const html = renderReportHtml(buildTenantReport(await buildFixture()));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).not.toMatch(/<script|src="http|href="http|url\(http/);
    expect(html).toContain('Credential dumping on &lt;WS-FIN-042&gt;');
    expect(html).not.toContain('<WS-FIN-042>');
    expect(html).toContain('Isolate &lt;file servers&gt; faster');
    expect(html).toContain('4 / 5');
    expect(html).toMatch(
      /from verdicts on 1 case\(s\); the closing reason of 1 case\(s\) without a verdict/,
    );
    for (const heading of [
      'Verdicts and detection quality',
      'Lessons learned',
      'Client feedback',
      'SLA scorecard',
      'Incident log',
      'ATT&amp;CK coverage',
      'Compliance evidence',
      'Connector health',
    ])
      expect(html).toContain(`<h2>${heading}</h2>`);
  });

  it('renders Markdown with tables, the incident log and compliance evidence', async () => {
    const markdown = renderReportMarkdown(buildTenantReport(await buildFixture()));
    expect(markdown).toContain('# Security operations report — acme, 2026-10');
    expect(markdown).toContain('| critical | MTTC (contain) | 1 | 40 min | 40 min | 1 h | 100 % |');
    expect(markdown).toContain('### CRITICAL — Credential dumping on \\<WS-FIN-042\\>');
    expect(markdown).toMatch(/- \*\*GDPR Art\. 33\*\* — .*: _attention_/);
    expect(markdown).toContain(
      'false-positive rate: 50 % (from verdicts on 1 case(s); the closing reason of 1 case(s) without a verdict (fallback heuristic))',
    );
    expect(markdown).toContain(
      '| **overdue** | Contain servers without approval | policy-change |',
    );
    expect(markdown).toContain('| Rule psexec | 1 | 0 | 1 | 50 % |');
    expect(markdown).toContain('Average satisfaction 4 / 5 from 2 response(s).');
    expect(markdown).toContain('Fast \\| clear');
  });
});
