/**
 * The quickstart, end to end: vendor simulators → connectors → OCSF → Sigma, native rules and
 * threat intel → scoring → incident → playbook under policy with an approval → case with timeline
 * and SLA clocks → notifications to a local webhook → the tenant's report on disk. Everything runs
 * on loopback, stored in PGlite under `dataDir` (or in the store `store` names).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  createOpenMdrBus,
  type OcsfEvent,
  openStore,
  parseStoreLocation,
  redactStoreLocation,
} from '@openmdr/core';
import { type Case, evaluateSlaClocks, type RunState, type SlaClock } from '@openmdr/response';
import { c2AddressOf, startBlocklistServer } from './blocklist.js';
import { type RunningDashboard, startDashboard } from './dashboard.js';
import { createDetection, type Detected, type FindingOrigin } from './detect.js';
import { pollStreams } from './ingest.js';
import { investigateIncident } from './investigate.js';
import { startLab } from './lab.js';
import { type Learned, learnFromIncident } from './learn.js';
import { startNotifications } from './notify.js';
import { createProgress, type Progress } from './progress.js';
import { writeReports } from './report.js';
import { createResponse } from './respond.js';
import { loadStory, placeInTime } from './story.js';

/** Options of {@link runQuickstart}. */
export interface QuickstartOptions {
  /** Where PGlite, the sensors' files and the reports go. Emptied first unless `keep`. */
  dataDir: string;
  /** Keep the data of earlier runs in `dataDir`. Default false. */
  keep?: boolean;
  /**
   * The store, as `openmdr store migrate` names stores: `pglite:DIR` or
   * `postgres:postgres://user:password@host:5432/db?schema=NAME`. Default: PGlite under
   * `<dataDir>/pglite`. A PostgreSQL store is never emptied: each run carries on from its data.
   */
  store?: string;
  /** Pause between attack stages, ms. Default 400. */
  stagePauseMs?: number;
  /** No progress output. */
  quiet?: boolean;
  /** Where progress lines go (default stdout). */
  write?: (line: string) => void;
  /**
   * Serve the live SOC dashboard on loopback from the start of the story, and keep it (and the
   * store) open after the run until `summary.dashboard.stop()`.
   */
  dashboard?: {
    /** Port on 127.0.0.1; 0 (default) picks a free one. */
    port?: number;
    /** Called with the dashboard's address before the first stage plays; awaited. */
    onReady?: (url: string) => void | Promise<void>;
  };
  /**
   * Who decides the approval the playbook asks for: `auto` (default) — the SOC lead's console
   * approves after 300 ms; `dashboard` — the run waits for a decision from the dashboard.
   */
  approvals?: 'auto' | 'dashboard';
}

/** The figures the quickstart prints at the end. */
export interface QuickstartSummary {
  tenant: string;
  /** The store the run used (password redacted). */
  store: string;
  events: { total: number; bySource: Record<string, number>; deadLettered: number };
  findings: { total: number; byOrigin: Record<FindingOrigin, number>; alerted: number };
  incidents: number;
  caseId: string | null;
  caseStatus: string | null;
  caseSeverity: string | null;
  timelineEntries: number;
  playbook: { status: string; commands: number } | null;
  /** The C2 address blocked at the edge, and the firewall's poll of the published list after. */
  blocklist: { playbook: string | null; blocked: string | null; url: string; served: string[] };
  approval: { by: string; waitedMs: number } | null;
  vendorActions: string[];
  /** First event of the attack → host contained (confirmed by the EDR), ms. */
  firstEventToContainmentMs: number | null;
  slaClocks: SlaClock[];
  notifications: { sent: number; verified: number; events: string[] };
  auditRecords: number;
  auditChainValid: boolean;
  reports: { html: string; json: string; markdown: string };
  /** Learning from the incident: verdicts, feedback, lesson, post-incident review. */
  learning: {
    findingVerdicts: number;
    caseVerdict: string;
    feedbackScore: number;
    lesson: string;
    review: Learned['review'];
    /** The investigation behind the review. */
    investigation: { nodes: number; edges: number; timeline: number; impact: string[] };
    /** The report's false-positive rate, from verdicts. */
    falsePositiveRate: number | null;
  } | null;
  durationMs: number;
  /** The running dashboard (with `dashboard` set): its address and how to stop it. */
  dashboard: { url: string; stop(): Promise<void> } | null;
}

const ANALYST = 'analyst.kim@mssp.example';
const LEAD = { id: 'lead.okafor@mssp.example', groups: ['soc-leads'] };
const CUSTOMER = 'ciso@acme.example';

/** Runs the quickstart and returns its summary. */
export async function runQuickstart(options: QuickstartOptions): Promise<QuickstartSummary> {
  const started = Date.now();
  const progress: Progress = createProgress(options);
  if (!options.keep) rmSync(options.dataDir, { recursive: true, force: true });
  mkdirSync(options.dataDir, { recursive: true });

  const story = loadStory(new URL('../data/attack-story.json', import.meta.url));
  const tenant = story.tenant;
  const location = options.store ?? `pglite:${join(options.dataDir, 'pglite')}`;
  const storeOptions = parseStoreLocation(location);
  const store = await openStore(storeOptions);
  const tenantStore = store.forTenant(tenant);
  const bus = createOpenMdrBus();
  const shownStore = redactStoreLocation(location);
  progress.step(
    '✔',
    `${storeOptions.kind === 'pglite' ? 'PGlite' : storeOptions.kind} store ${shownStore} (tenant ${tenant})`,
  );

  const edl = await startBlocklistServer(store, tenant);
  progress.step('✔', `published blocklist (EDL) for the firewalls: ${edl.ipListUrl}`);

  const lab = await startLab(story, { tenant, sensorDir: join(options.dataDir, 'sensors') });
  progress.step('✔', `vendor simulators on loopback: ${lab.describe()}`);

  const notifications = await startNotifications({ tenant, bus });
  progress.step('✔', `notifications: HMAC-signed webhook → ${notifications.url}`);

  const detection = await createDetection({
    tenant,
    homeCountries: story.inventory.homeCountries,
    assets: story.inventory.assets,
  });
  const { sigma, native, network, indicators } = detection.loaded;
  progress.step(
    '✔',
    `detection: ${sigma} SigmaHQ rules, ${native} native rules, ${network} network analytics, ${indicators} threat-intel indicators (STIX 2.1)`,
  );

  const response = createResponse({
    store,
    tenant,
    bus,
    falcon: lab.falcon,
    entra: lab.entra,
    assets: story.inventory.assets,
    hostOfDevice: lab.hostOfDevice,
  });

  let dashboard: RunningDashboard | null = null;
  if (options.dashboard !== undefined) {
    dashboard = await startDashboard({
      store,
      bus,
      tenant,
      slaPolicy: response.slaPolicy,
      policy: response.policy,
      approvals: response.approvals,
      audit: response.audit,
      principal: { id: LEAD.id, roles: ['viewer', 'analyst', 'approver'], groups: LEAD.groups },
      ...(options.dashboard.port === undefined ? {} : { port: options.dashboard.port }),
    });
    progress.step('✔', `SOC dashboard (signed in as ${LEAD.id}): ${dashboard.url}`);
    await options.dashboard.onReady?.(dashboard.url);
  }

  // The SOC lead's console approves account actions on a case with a confirmed compromise —
  // or, with `approvals: 'dashboard'`, the SOC lead does it in the dashboard.
  let approval: QuickstartSummary['approval'] = null;
  let openCase: Case | null = null;
  const decisions: Promise<unknown>[] = [];
  const askedAt = new Map<string, number>();
  bus.on('approval.requested', (request) => {
    askedAt.set(request.id, Date.now());
    progress.step('⏸', `approval requested: ${request.reason}`);
    if (options.approvals === 'dashboard') {
      progress.detail('waiting for the SOC lead to decide in the dashboard');
      return;
    }
    decisions.push(
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await response.approvals.approve(
          request.id,
          LEAD,
          'Confirmed compromise: credential dumping and lateral movement on the case',
        );
      })(),
    );
  });
  bus.on('approval.decided', (decided) => {
    if (decided.decision === 'approved')
      approval = { by: decided.by, waitedMs: Date.now() - (askedAt.get(decided.id) ?? Date.now()) };
    decisions.push(
      (async () => {
        if (openCase !== null) {
          await response.cases.recordApproval(openCase.id, {
            approvalId: decided.id,
            actionId: decided.actionId,
            decision: 'requested',
            by: 'playbook',
          });
          await response.cases.recordApproval(openCase.id, {
            approvalId: decided.id,
            actionId: decided.actionId,
            decision: decided.decision,
            by: decided.by,
          });
        }
        progress.step(
          decided.decision === 'approved' ? '✔' : '✖',
          `${decided.decision === 'approved' ? 'approved' : 'denied'} by ${decided.by}`,
        );
      })(),
    );
  });

  const events: OcsfEvent[] = [];
  const bySource: Record<string, number> = {};
  let deadLettered = 0;
  const detected: Detected[] = [];
  let alerted = 0;
  const incidents = new Set<string>();
  let firstEventAt: number | null = null;
  let playbookRun: Promise<RunState> | null = null;
  let blockRun: Promise<RunState> | null = null;
  let c2Address: string | null = null;
  let caseIncident: string | null = null;
  const caseFindings: Record<string, unknown>[] = [];
  const attackEvents: OcsfEvent[] = [];
  const attackFindings: Record<string, unknown>[] = [];

  for (const [index, stage] of story.stages.entries()) {
    const at = Date.now();
    progress.step('▶', `stage ${index + 1}/${story.stages.length} ${stage.id}: ${stage.title}`);
    await lab.feed(placeInTime(stage, at));
    const polled = await pollStreams(tenantStore, lab.streams, bus);
    const pushed = await lab.takeWindowsEvents(tenantStore);
    const batch = [...polled.events, ...pushed.events];
    for (const [source, count] of Object.entries({
      ...polled.bySource,
      windows: pushed.events.length,
    }))
      if (count > 0) bySource[source] = (bySource[source] ?? 0) + count;
    deadLettered += polled.deadLettered + pushed.deadLettered;
    events.push(...batch);
    if (index > 0) {
      attackEvents.push(...batch);
      for (const event of batch)
        if (typeof event.time === 'number')
          firstEventAt = Math.min(firstEventAt ?? event.time, event.time);
    }

    const found = detection.detect(batch);
    detected.push(...found);
    if (index > 0) attackFindings.push(...found.map((item) => item.finding));
    const triage = detection.triage(found);
    alerted += triage.findings.length;
    progress.detail(
      `${batch.length} events (${Object.entries({
        ...polled.bySource,
        ...(pushed.events.length ? { windows: pushed.events.length } : {}),
      })
        .map(([source, count]) => `${source} ${count}`)
        .join(', ')}) → ${found.length} findings${found.length ? ` (${titles(found)})` : ''}`,
    );
    for (const scored of triage.findings) {
      bus.emit('finding.created', {
        tenant,
        id: String((scored.finding.finding_info as { uid?: string } | undefined)?.uid),
        finding: scored.finding as never,
      });
    }

    for (const incident of triage.incidents) {
      const uid = String((incident as { metadata?: { uid?: string } }).metadata?.uid);
      const severity = Number((incident as { severity_id?: number }).severity_id ?? 0);
      const isNew = !incidents.has(uid);
      incidents.add(uid);
      if (isNew) {
        bus.emit('incident.created', { tenant, id: uid, incident: incident as never });
        progress.step(
          '⚠',
          `incident ${uid.slice(0, 12)}… ${incidentTitle(incident)} (severity ${severity})`,
        );
      }
      if (openCase === null && severity >= 4) {
        // The P1/P2 queue: a case per high or critical incident, acknowledged by the analyst.
        openCase = await response.cases.createFromFinding(incident as never, {
          by: 'openmdr-triage',
        });
        caseIncident = uid;
        progress.step(
          '✔',
          `case ${openCase.id.slice(0, 12)}… opened: ${openCase.title} (${openCase.severity}, ${openCase.priority})`,
        );
        openCase = await response.cases.transition(openCase.id, 'triage', {
          by: ANALYST,
          reason: 'Acknowledged from the P1 queue',
        });
        await response.cases.assign(openCase.id, ANALYST, { by: ANALYST });
        openCase = await response.cases.transition(openCase.id, 'investigating', { by: ANALYST });
      } else if (
        openCase !== null &&
        uid === caseIncident &&
        openCase.severity !== 'critical' &&
        severity >= 5
      ) {
        await response.cases.setSeverity(openCase.id, 'critical', { by: 'openmdr-triage' });
        openCase = await response.cases.setPriority(openCase.id, 'P1', { by: 'openmdr-triage' });
        progress.step(
          '⚠',
          `case ${openCase.id.slice(0, 12)}… raised to critical: ${incidentTitle(incident)}`,
        );
      }
      if (openCase !== null && uid === caseIncident) {
        for (const member of triage.findings)
          if (member.incidentUid === uid) {
            openCase = await response.cases.addFinding(openCase.id, member.finding, {
              by: 'openmdr-triage',
            });
            caseFindings.push(member.finding);
            c2Address ??= c2AddressOf(member.finding) ?? null;
          }
        if (c2Address !== null && blockRun === null) {
          progress.step(
            '▶',
            `playbook ${response.blockC2Address.name}: deny ${c2Address} on the firewalls (published blocklist)`,
          );
          blockRun = response.engine.run(response.blockC2Address, {
            runId: `${openCase.id}:block-c2-address`,
            variables: { __c2_address__: c2Address },
          });
        }
      }
      if (openCase !== null && playbookRun === null && severity >= 5) {
        const targets = lab.responseTargets(incident as never);
        if (targets !== null) {
          progress.step(
            '▶',
            `playbook ${response.containCompromisedUser.name}: contain ${targets.host}, disable ${targets.user}`,
          );
          playbookRun = response.engine.run(response.containCompromisedUser, {
            runId: `${openCase.id}:contain-compromised-user`,
            variables: { __device_id__: targets.deviceId, __user_id__: targets.userId },
          });
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, options.stagePauseMs ?? 400));
  }

  let blocked: { playbook: string; address: string } | null = null;
  if (blockRun !== null && openCase !== null && c2Address !== null) {
    const state = await blockRun;
    for (const command of state.completed)
      await response.cases.recordAction(openCase.id, {
        actionId: command.requestId,
        action: response.blockC2Address.steps[command.step]?.name ?? command.step,
        detail: {
          step: command.step,
          command: JSON.parse(JSON.stringify(command.request.openc2 ?? null)),
        },
        status: 'completed',
      });
    blocked = { playbook: state.status, address: c2Address };
    progress.step(
      state.status === 'completed' ? '✔' : '✖',
      `playbook ${response.blockC2Address.name} ${state.status}: ${c2Address} on the published blocklist`,
    );
  }
  const served = await edl.poll();
  progress.step('✔', `firewall poll of ${edl.ipListUrl}: ${served.join(', ') || 'empty'}`);

  let playbook: QuickstartSummary['playbook'] = null;
  let containedAt: number | null = null;
  if (playbookRun !== null && openCase !== null) {
    const state = await playbookRun;
    await Promise.all(decisions);
    playbook = { status: state.status, commands: state.completed.length };
    const stepName = (id: string) => response.containCompromisedUser.steps[id]?.name ?? id;
    for (const command of state.completed) {
      await response.cases.recordAction(openCase.id, {
        actionId: command.requestId,
        action: stepName(command.step),
        detail: {
          step: command.step,
          command: JSON.parse(JSON.stringify(command.request.openc2 ?? null)),
        },
        status: 'completed',
      });
    }
    const containment = state.completed.find(
      (command) => stepName(command.step) === 'contain-host',
    );
    containedAt = containment?.at ?? null;
    if (state.status === 'completed') {
      openCase = await response.cases.transition(openCase.id, 'contained', {
        by: ANALYST,
        reason: 'Host isolated by CrowdStrike; account disabled in Entra ID',
      });
      progress.step('✔', `case ${openCase.id.slice(0, 12)}… contained`);
      await notifications.router.dispatch({
        tenant,
        event: 'case.status-changed',
        severity: openCase.severity === 'critical' ? 'critical' : 'high',
        title: `Case contained: ${openCase.title}`,
        summary: 'The host is isolated by CrowdStrike and the account is disabled in Entra ID.',
        dedupKey: `case:${openCase.id}:contained`,
        occurredAt: Date.now(),
        caseId: openCase.id,
        fields: { Status: 'contained', Assignee: ANALYST },
      });
    } else {
      progress.step('✖', `playbook ended ${state.status}: ${state.failure?.message ?? ''}`);
    }
  }

  // Learning from the incident: verdicts, closure, feedback, a lesson, the post-incident review.
  let learned: Learned | null = null;
  if (openCase !== null && openCase.status === 'contained') {
    const investigation = investigateIncident(attackEvents, caseFindings);
    const { scope, origin, impact } = investigation.assessment;
    progress.step(
      '✔',
      `investigation: ${investigation.graph.nodes.length} nodes, ${investigation.graph.edges.length} edges, ${investigation.timeline.length} timeline entries; scope ${scope.hosts.length} host(s), ${scope.users.length} user(s); origin ${origin?.initialAccess ?? 'unknown'}${origin?.host ? ` on ${origin.host}` : ''}; impact ${[...new Set(impact.map((marker) => marker.kind))].join(', ') || 'none'}`,
    );
    learned = await learnFromIncident({
      investigation,
      bus,
      store,
      tenant,
      cases: response.cases,
      audit: response.audit,
      slaPolicy: response.slaPolicy,
      incidentCase: openCase,
      findings: caseFindings,
      detections: attackFindings,
      dir: join(options.dataDir, 'reports'),
      analyst: ANALYST,
      lead: LEAD.id,
      customer: CUSTOMER,
    });
    openCase = learned.closed;
    progress.step(
      '✔',
      `case ${openCase.id.slice(0, 12)}… closed: ${learned.findingVerdicts} finding verdicts and the case judged ${learned.caseVerdict}; feedback ${learned.feedbackScore}/5; lesson: ${learned.lessonTitle}`,
    );
    progress.step('✔', `post-incident review written: ${learned.review.html}`);
  }

  const now = Date.now();
  const slaClocks = openCase === null ? [] : evaluateSlaClocks(openCase, response.slaPolicy, now);
  const timeline = openCase === null ? [] : await response.cases.timeline(openCase.id);
  await notifications.settle();

  const reports = await writeReports({
    ...(learned ? { verdicts: learned.verdicts, lessons: learned.lessons } : {}),
    dir: join(options.dataDir, 'reports'),
    tenant,
    cases: response.cases,
    audit: response.audit,
    slaPolicy: response.slaPolicy,
    findings: detected.map((item) => item.finding),
    incidents: [...incidents],
    connectorHealth: lab.health(),
    events: events.length,
    alerted,
    now,
  });
  progress.step('✔', `report written: ${reports.html}`);

  const audit = await response.audit.read();
  const verified = await response.audit.verify();
  const byOrigin: Record<FindingOrigin, number> = {
    sigma: 0,
    native: 0,
    network: 0,
    intel: 0,
    vendor: 0,
  };
  for (const item of detected) byOrigin[item.origin] += 1;

  const summary: QuickstartSummary = {
    tenant,
    store: shownStore,
    events: { total: events.length, bySource, deadLettered },
    findings: { total: detected.length, byOrigin, alerted },
    incidents: incidents.size,
    caseId: openCase?.id ?? null,
    caseStatus: openCase?.status ?? null,
    caseSeverity: openCase?.severity ?? null,
    timelineEntries: timeline.length,
    playbook,
    blocklist: {
      playbook: blocked?.playbook ?? null,
      blocked: blocked?.address ?? null,
      url: edl.ipListUrl,
      served,
    },
    approval,
    vendorActions: lab.vendorActions(),
    firstEventToContainmentMs:
      firstEventAt !== null && containedAt !== null ? containedAt - firstEventAt : null,
    slaClocks,
    notifications: notifications.summary(),
    auditRecords: audit.length,
    auditChainValid: verified.valid,
    reports,
    learning:
      learned === null
        ? null
        : {
            findingVerdicts: learned.findingVerdicts,
            caseVerdict: learned.caseVerdict,
            feedbackScore: learned.feedbackScore,
            lesson: learned.lessonTitle,
            review: learned.review,
            investigation: learned.investigation,
            falsePositiveRate: reports.falsePositiveRate,
          },
    durationMs: Date.now() - started,
    dashboard:
      dashboard === null
        ? null
        : {
            url: dashboard.url,
            async stop() {
              await dashboard?.stop();
              await store.close();
            },
          },
  };
  await notifications.close();
  await lab.close();
  await edl.close();
  // With the dashboard on, the store stays open for it until `summary.dashboard.stop()`.
  if (dashboard === null) await store.close();
  return summary;
}

function title(finding: Record<string, unknown>): string {
  return String((finding.finding_info as { title?: string } | undefined)?.title ?? 'finding');
}

/** The findings' titles, each once, with `×n` when several findings share it. */
function titles(found: readonly Detected[]): string {
  const counts = new Map<string, number>();
  for (const item of found) {
    const name = title(item.finding);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => (count > 1 ? `${name} ×${count}` : name)).join('; ');
}

function incidentTitle(incident: unknown): string {
  const { desc } = incident as { desc?: string };
  return desc ?? 'incident';
}
