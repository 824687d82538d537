/**
 * The OpenMDR quickstart: the whole of OpenMDR working end to end on one machine.
 *
 * Run: `pnpm quickstart` from the repository root (`--keep` keeps the data of earlier runs;
 * `--data-dir DIR` chooses where PGlite and the reports go, default `examples/quickstart/.openmdr`;
 * `--store LOCATION` or `OPENMDR_STORE_URL` puts the store elsewhere, as in
 * `postgres:postgres://user@host:5432/db?schema=openmdr`; `--dashboard` serves the live SOC
 * dashboard on loopback from the start and keeps it running after the story, `--dashboard-port N`
 * picks its port, `--approve-in-dashboard` leaves the playbook's approval to you in the page).
 */
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type QuickstartSummary, runQuickstart } from './run.js';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(argument('--data-dir') ?? join(here, '..', '.openmdr'));
const store = argument('--store') ?? process.env['OPENMDR_STORE_URL'];
const seconds = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);
const show = (path: string) => relative(process.cwd(), path) || path;

function print(summary: QuickstartSummary): void {
  const lines: string[] = [];
  const { events, findings } = summary;
  lines.push('', `OpenMDR quickstart summary — tenant ${summary.tenant}`, '');
  lines.push(
    `  Events ingested      ${events.total} (${Object.entries(events.bySource)
      .map(([source, count]) => `${source} ${count}`)
      .join(', ')}); dead-lettered ${events.deadLettered}`,
  );
  lines.push(
    `  Findings             ${findings.total} (Sigma ${findings.byOrigin.sigma}, native ${findings.byOrigin.native}, network ${findings.byOrigin.network}, threat intel ${findings.byOrigin.intel}, vendor alerts ${findings.byOrigin.vendor}); ${findings.alerted} alerted after triage`,
  );
  lines.push(`  Incidents            ${summary.incidents}`);
  lines.push(
    `  Case                 ${summary.caseId ?? 'none'} — ${summary.caseSeverity ?? ''}, ${summary.caseStatus ?? ''}, ${summary.timelineEntries} timeline entries`,
  );
  lines.push(
    `  Playbook             ${summary.playbook ? `${summary.playbook.status}, ${summary.playbook.commands} commands` : 'not run'}`,
  );
  lines.push(
    `  Blocklist            ${summary.blocklist.blocked ? `${summary.blocklist.blocked} denied (playbook ${summary.blocklist.playbook}); the firewall's poll serves ${summary.blocklist.served.length} entr${summary.blocklist.served.length === 1 ? 'y' : 'ies'}` : 'nothing blocked'}`,
  );
  lines.push(
    `  Approval             ${summary.approval ? `by ${summary.approval.by} after ${seconds(summary.approval.waitedMs)}` : 'none'}`,
  );
  for (const action of summary.vendorActions) lines.push(`  Vendor action        ${action}`);
  lines.push(`  First event → containment   ${seconds(summary.firstEventToContainmentMs)}`);
  for (const clock of summary.slaClocks)
    lines.push(
      `  SLA ${clock.metric.toUpperCase().padEnd(4)}             ${clock.state}${clock.targetMs !== null ? ` (${seconds(clock.elapsedMs)} of ${Math.round(clock.targetMs / 60_000)} min)` : ''}`,
    );
  lines.push(
    `  Notifications        ${summary.notifications.verified} delivered and signature-verified (${[...new Set(summary.notifications.events)].join(', ')})`,
  );
  lines.push(
    `  Audit log            ${summary.auditRecords} records, hash chain ${summary.auditChainValid ? 'valid' : 'BROKEN'}`,
  );
  lines.push(`  Report               ${show(summary.reports.html)} (+ .json, .md)`);
  if (summary.learning !== null) {
    const { learning } = summary;
    lines.push(
      `  Verdicts             ${learning.findingVerdicts} findings and the case: ${learning.caseVerdict}; false-positive rate in the report ${learning.falsePositiveRate === null ? 'n/a' : `${Math.round(learning.falsePositiveRate * 100)} %`} (from verdicts)`,
    );
    lines.push(`  Client feedback      ${learning.feedbackScore}/5`);
    lines.push(`  Lesson learned       ${learning.lesson}`);
    lines.push(
      `  Post-incident review ${show(learning.review.html)} (+ .md): ${learning.review.status}, ${learning.review.detectionGaps} detection gap(s)`,
    );
  }
  lines.push(
    `  Store                ${store === undefined ? `PGlite under ${show(join(dataDir, 'pglite'))}` : summary.store}`,
  );
  lines.push(`  Took                 ${seconds(summary.durationMs)}`, '');
  console.log(lines.join('\n'));
}

console.log(`OpenMDR quickstart — data in ${show(dataDir)}`);
const withDashboard = process.argv.includes('--dashboard');
const dashboardPort = argument('--dashboard-port');
const summary = await runQuickstart({
  dataDir,
  keep: process.argv.includes('--keep'),
  ...(store === undefined ? {} : { store }),
  ...(withDashboard
    ? { dashboard: dashboardPort === undefined ? {} : { port: Number(dashboardPort) } }
    : {}),
  ...(withDashboard && process.argv.includes('--approve-in-dashboard')
    ? { approvals: 'dashboard' as const }
    : {}),
});
print(summary);
if (summary.playbook?.status !== 'completed' || !summary.auditChainValid) process.exitCode = 1;
if (summary.dashboard !== null) {
  const { dashboard } = summary;
  console.log(`SOC dashboard running at ${dashboard.url}\n(Ctrl-C stops it.)`);
  const stop = () => {
    void dashboard.stop().then(() => process.exit());
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
