/**
 * The SOC operations over the core store, the bus and the response services.
 *
 * @module
 */
import { OpenMdrError, systemClock, type TenantStore } from '@openmdr/core';
import { type HuntRunner, runHunt as runHuntOn } from '@openmdr/hunting';
import { createInvestigationStore } from '@openmdr/investigation';
import {
  ApprovalError,
  ApprovalService,
  AuditLog,
  CASE_STATUSES,
  type Case,
  CaseNotFoundError,
  CaseService,
  classifyCommand,
  commandSchema,
  evaluatePolicy,
  evaluateSlaClocks,
  formatPath,
  parsePolicy,
  parseSlaPolicy,
  type ResponsePolicy,
  type SlaPolicy,
  SlaPolicyRegistry,
  type TenantCases,
} from '@openmdr/response';
import { hasRole, requireRole, requireTenant, resolveTenants } from '../access/authorize.js';
import type { Principal } from '../access/principal.js';
import { DashboardError } from '../errors.js';
import {
  CONNECTORS_KEY,
  INCIDENTS_KEY,
  REGISTRY_TENANT,
  RUNS_KEY,
  readDocument,
  type StoredConnector,
  type StoredIncident,
  type StoredRun,
  TENANTS_KEY,
} from '../recorder/storage-layout.js';
import { CaseListCache } from './case-cache.js';
import { CASE_SEVERITIES, caseFilter, liveClocks, metricDays, summaryOf } from './case-views.js';
import {
  countInHour,
  explanationOf,
  findingRow,
  hourBuckets,
  recentFindings,
} from './finding-reads.js';
import { huntOf } from './hunt-input.js';
import { countOf, invalid, pageOf, paginate, textOf } from './input-checks.js';
import { LIVE_EVENT_MIN_INTERVAL_MS, LIVE_EVENT_TYPES, liveDataOf } from './live-events.js';
import { createMemoryHuntRunner } from './memory-hunt-runner.js';
import type { SocOperationsOptions } from './soc-operations-options.js';
import type {
  ConnectorHealthRow,
  FindingRow,
  GraphView,
  Overview,
  PlaybookRunRow,
  SlaClockRow,
  SocOperations,
} from './types.js';

/** The SOC operations, plus a way to release their bus subscriptions. */
export interface SocOperationsHandle extends SocOperations {
  /** Unsubscribes the operations' own bus listeners (live subscriptions are stopped by theirs). */
  close(): void;
}

interface TenantServices {
  readonly store: TenantStore;
  readonly cases: TenantCases;
  readonly audit: AuditLog;
  readonly approvals: ApprovalService;
}

/** Bus events after which a tenant's cached case list is dropped. */
const CASE_CHANGE_EVENTS = [
  'incident.created',
  'incident.updated',
  'action.completed',
  'approval.decided',
  'sla.breached',
  'sla.at-risk',
] as const;

const HOUR_MS = 3_600_000;

/**
 * The investigation graph stored for a case by `@openmdr/investigation`'s store
 * (`investigation:<case>:graph`), as drawn; `null` when none was stored.
 */
async function graphOf(store: TenantStore, caseId: string): Promise<GraphView | null> {
  const stored = await createInvestigationStore(store).loadGraph(caseId);
  if (stored === undefined) return null;
  return {
    nodes: stored.value.nodes.map((node) => ({
      id: node.id,
      kind: node.kind,
      label: node.name ?? node.uid ?? node.id,
    })),
    edges: stored.value.edges.map((edge) => ({ from: edge.from, to: edge.to, kind: edge.kind })),
  };
}

/** A caller's id-like input as it may go into an audit record: a string cut to 200 characters. */
const idOf = (value: unknown): string | null =>
  typeof value === 'string' ? value.slice(0, 200) : null;

/**
 * Creates the SOC operations: each checks the principal's tenants and roles
 * (`resolveTenants`, `requireRole`) before it reads anything, reads cases, approvals and audit
 * through `@openmdr/response`'s services over `store` (the same stream and key names as the
 * quickstart uses, so the dashboard sees what the pipeline and playbooks wrote), and reads
 * findings, incidents, actions and connector health from what `recordSocActivity` recorded.
 *
 * Mutations (`decideApproval`, `addCaseComment`, `proposeAction`, `runHunt`) and
 * `explainScore` are audited in the tenant's hash-chained audit log as `access.call` records
 * (operation, ids, outcome). `proposeAction` never executes: it evaluates the policy and, unless
 * denied, requests an approval.
 *
 * Performance: a tenant's case list is cached in memory, stale-while-revalidate, refreshed in
 * the background once older than `caseCacheTtlMs` (default 30 s) or when the bus reports a change
 * of the tenant (`incident.*`, `action.completed`, `approval.decided`, `sla.*`); the SLA clocks
 * of `overview` and `slaClocks` are evaluated at most once a second, the same way, in the
 * background (so their states, elapsed and remaining times are as of about a second ago, as the
 * `SlaClock`s' values say). Only a tenant's first read waits for the store and the evaluation. See {@link SocOperationsOptions.caseCacheTtlMs}.
 *
 * @example
 * ```ts
 * const store = await openStore({ kind: 'pglite', dataDir: './data' });
 * const bus = createOpenMdrBus();
 * const recorder = recordSocActivity({ store, bus });
 * const soc = createSocOperations({ store, bus, approvals: { approverGroups: ['soc-leads'] } });
 * const page = await soc.listCases(principal, { tenant: 'acme', open: true });
 * ```
 */
export function createSocOperations(options: SocOperationsOptions): SocOperationsHandle {
  const { store, bus } = options;
  const clock = options.clock ?? systemClock;
  const caseService = new CaseService({ store, clock, bus });
  const caseCacheTtlMs = options.caseCacheTtlMs ?? 30_000;
  const cache = new CaseListCache(caseCacheTtlMs, clock);
  const services = new Map<string, TenantServices>();
  const laggingAfterMs = options.connectorLaggingAfterMs ?? 5 * 60_000;
  const silentAfterMs = options.connectorSilentAfterMs ?? HOUR_MS;
  const defaultPolicy: ResponsePolicy = parsePolicy(
    { version: 1, defaultDecision: 'require_approval' },
    'dashboard default',
  );
  const defaultSla: SlaPolicy = parseSlaPolicy({ name: 'none', targets: {} }, 'dashboard default');

  const servicesOf = (tenant: string): TenantServices => {
    let found = services.get(tenant);
    if (found === undefined) {
      const tenantStore = store.forTenant(tenant);
      const given = options.services?.(tenant) ?? {};
      const audit = given.audit ?? new AuditLog(tenantStore, { clock });
      const approvals =
        given.approvals ??
        new ApprovalService({
          store: tenantStore,
          bus,
          audit,
          clock,
          ...(options.approvals?.approverGroups === undefined
            ? {}
            : { approverGroups: options.approvals.approverGroups }),
          ...(options.approvals?.expiresAfterMs === undefined
            ? {}
            : { expiresAfterMs: options.approvals.expiresAfterMs }),
          ...(options.approvals?.escalation === undefined
            ? {}
            : { escalation: options.approvals.escalation }),
        });
      found = { store: tenantStore, cases: caseService.forTenant(tenant), audit, approvals };
      services.set(tenant, found);
    }
    return found;
  };

  const slaPolicyOf = (tenant: string): SlaPolicy => {
    const sla = options.slaPolicy;
    if (sla === undefined) return defaultSla;
    return sla instanceof SlaPolicyRegistry ? sla.get(tenant) : sla;
  };

  const knownTenants = async (): Promise<string[]> => {
    const recorded = Object.keys(
      await readDocument<true>(store.forTenant(REGISTRY_TENANT).state, TENANTS_KEY),
    );
    const given = (await options.tenants?.()) ?? [];
    return [...new Set([...given, ...recorded])].filter((t) => t !== REGISTRY_TENANT).sort();
  };

  /** Checks `viewer` and resolves the selector. */
  const readable = async (principal: Principal, tenant: string | undefined) => {
    requireRole(principal, 'viewer');
    return resolveTenants(
      principal,
      tenant,
      tenant === '*' && principal.tenants === '*' ? await knownTenants() : [],
    );
  };

  const casesOf = (tenant: string): Promise<readonly Case[]> =>
    cache.list(servicesOf(tenant).cases);

  // The running clocks of a tenant's cases (evaluating 10,000 open cases takes a few hundred
  // ms): evaluated at most once per `clockResolutionMs`, stale-while-revalidate, in chunks that
  // let other requests run in between.
  const clockResolutionMs = Math.min(1_000, caseCacheTtlMs);
  const changedCases = new Map<string, Set<string>>();
  const clockRows = new Map<
    string,
    {
      cases: readonly Case[];
      at: number;
      rows: readonly SlaClockRow[];
      computing: Promise<readonly SlaClockRow[]> | undefined;
    }
  >();
  const evaluateClockRows = async (
    tenant: string,
    cases: readonly Case[],
    now: number,
  ): Promise<SlaClockRow[]> => {
    const policy = slaPolicyOf(tenant);
    const rows: SlaClockRow[] = [];
    for (let index = 0; index < cases.length; index += 1) {
      const item = cases[index] as Case;
      for (const clockRow of liveClocks(item, policy, now)) {
        rows.push({
          tenant,
          caseId: item.id,
          title: item.title,
          severity: item.severity,
          clock: clockRow,
        });
      }
      if (index % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve));
    }
    return rows;
  };
  const liveClockRows = async (tenant: string, now: number): Promise<readonly SlaClockRow[]> => {
    const cases = await casesOf(tenant);
    if (clockResolutionMs <= 0) return evaluateClockRows(tenant, cases, now);
    let entry = clockRows.get(tenant);
    // Cases that changed (`case.changed`) since the rows were evaluated: their rows are replaced
    // at once, so a case opened, moved or closed shows in the clocks on the next read; the rest
    // age by time, re-evaluated in the background at most once per resolution.
    const changed = changedCases.get(tenant);
    if (entry !== undefined && changed !== undefined && changed.size > 0) {
      const policy = slaPolicyOf(tenant);
      const rows = entry.rows.filter((row) => !changed.has(row.caseId));
      for (const item of cases)
        if (changed.has(item.id))
          for (const clockRow of liveClocks(item, policy, now))
            rows.push({
              tenant,
              caseId: item.id,
              title: item.title,
              severity: item.severity,
              clock: clockRow,
            });
      changed.clear();
      entry = { ...entry, cases, rows };
      clockRows.set(tenant, entry);
    }
    const fresh =
      entry !== undefined &&
      entry.cases === cases &&
      now >= entry.at &&
      now - entry.at < clockResolutionMs;
    if (entry !== undefined && fresh) return entry.rows;
    if (entry !== undefined) {
      if (entry.computing === undefined) {
        entry.computing = evaluateClockRows(tenant, cases, now).then(
          (rows) => {
            clockRows.set(tenant, { cases, at: now, rows, computing: undefined });
            return rows;
          },
          (error: unknown) => {
            entry.computing = undefined;
            throw error;
          },
        );
        entry.computing.catch(() => undefined);
      }
      return entry.rows;
    }
    const rows = await evaluateClockRows(tenant, cases, now);
    clockRows.set(tenant, { cases, at: now, rows, computing: undefined });
    return rows;
  };

  /** Runs `work` and writes an `access.call` audit record with its outcome. */
  const audited = async <T>(
    principal: Principal,
    tenant: string,
    operation: string,
    subject: Record<string, unknown>,
    work: () => Promise<T>,
    result: (value: T) => Record<string, unknown> = () => ({}),
  ): Promise<T> => {
    const audit = servicesOf(tenant).audit;
    let value: T;
    try {
      value = await work();
    } catch (error) {
      await audit.append({
        type: 'access.call',
        actor: principal.id,
        data: {
          operation,
          ...subject,
          outcome: 'failed',
          code: OpenMdrError.isInstance(error) ? error.code : 'UNKNOWN',
        },
      });
      throw error;
    }
    await audit.append({
      type: 'access.call',
      actor: principal.id,
      data: { operation, ...subject, outcome: 'ok', ...result(value) },
    });
    return value;
  };

  const notFound = (what: string, id: string, tenant: string): DashboardError =>
    new DashboardError('DASHBOARD_NOT_FOUND', `no ${what} ${JSON.stringify(id)} in ${tenant}`, {
      details: { tenant, id },
    });

  const connectorRow = (
    tenant: string,
    connector: string,
    stored: StoredConnector,
    now: number,
  ): ConnectorHealthRow => {
    let status: ConnectorHealthRow['status'] = 'healthy';
    if (stored.lastEventAt === null || now - stored.lastEventAt > silentAfterMs) status = 'silent';
    if (
      stored.lastRejectedAt !== null &&
      (stored.lastEventAt === null || stored.lastRejectedAt > stored.lastEventAt)
    ) {
      status = 'failing';
    } else if (
      status === 'healthy' &&
      stored.lastCheckpointAt !== null &&
      stored.lastEventAt !== null &&
      stored.lastEventAt - stored.lastCheckpointAt > laggingAfterMs
    ) {
      status = 'lagging';
    }
    return {
      tenant,
      connector,
      status,
      lastEventAt: stored.lastEventAt,
      lastCheckpointAt: stored.lastCheckpointAt,
      lagMs: stored.lastEventAt === null ? null : Math.max(0, now - stored.lastEventAt),
      accepted: stored.accepted,
      rejected: stored.rejected,
    };
  };

  const connectorRows = async (tenant: string, now: number): Promise<ConnectorHealthRow[]> => {
    const all = await readDocument<StoredConnector>(servicesOf(tenant).store.state, CONNECTORS_KEY);
    return Object.entries(all)
      .map(([name, stored]) => connectorRow(tenant, name, stored, now))
      .sort((a, b) => a.connector.localeCompare(b.connector));
  };

  const findCase = async (tenant: string, id: string): Promise<Case> => {
    try {
      return await servicesOf(tenant).cases.get(id);
    } catch (error) {
      if (CaseNotFoundError.isInstance(error)) throw notFound('case', id, tenant);
      throw error;
    }
  };

  const unsubscribers = [
    ...CASE_CHANGE_EVENTS.map((event) =>
      bus.on(event, (payload: { tenant?: unknown }) => {
        if (typeof payload?.tenant === 'string') cache.invalidate(payload.tenant);
      }),
    ),
    bus.on('case.changed', ({ tenant, id }) => {
      if (typeof tenant !== 'string' || typeof id !== 'string') return;
      cache.update(caseService.forTenant(tenant), id);
      const changed = changedCases.get(tenant) ?? new Set<string>();
      changed.add(id);
      changedCases.set(tenant, changed);
    }),
  ];

  const operations: SocOperationsHandle = {
    async tenantsOf(principal) {
      requireRole(principal, 'viewer');
      return principal.tenants === '*' ? knownTenants() : [...principal.tenants];
    },

    async overview(principal, input = {}) {
      const tenants = await readable(principal, input.tenant);
      const now = clock.now();
      const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<
        (typeof CASE_STATUSES)[number],
        number
      >;
      const bySeverity = Object.fromEntries(CASE_SEVERITIES.map((s) => [s, 0])) as Record<
        (typeof CASE_SEVERITIES)[number],
        number
      >;
      const incidentsBySeverity: Record<string, number> = {};
      const sla = { running: 0, atRisk: 0, breached: 0 };
      let openCases = 0;
      let openIncidents = 0;
      let pending = 0;
      let lastHour = 0;
      let last24Hours = 0;
      let healthy = 0;
      let unhealthy = 0;
      await Promise.all(
        tenants.map(async (tenant) => {
          for (const item of await casesOf(tenant)) {
            if (item.mergedInto !== null) continue;
            byStatus[item.status] += 1;
            bySeverity[item.severity] += 1;
            if (item.status !== 'closed') openCases += 1;
          }
          for (const { clock } of await liveClockRows(tenant, now)) {
            if (clock.state === 'breached') sla.breached += 1;
            else if (clock.state === 'at-risk') sla.atRisk += 1;
            else sla.running += 1;
          }
          const services = servicesOf(tenant);
          pending += (await services.approvals.listPending()).length;
          const incidents = await readDocument<StoredIncident>(services.store.state, INCIDENTS_KEY);
          for (const incident of Object.values(incidents)) {
            if (!incident.open) continue;
            openIncidents += 1;
            incidentsBySeverity[incident.severity] =
              (incidentsBySeverity[incident.severity] ?? 0) + 1;
          }
          for await (const finding of recentFindings(
            services.store,
            (at) => at < now - 24 * HOUR_MS,
          )) {
            if (finding.time >= now - 24 * HOUR_MS) last24Hours += 1;
            if (finding.time >= now - HOUR_MS) lastHour += 1;
          }
          for (const row of await connectorRows(tenant, now)) {
            if (row.status === 'healthy') healthy += 1;
            else unhealthy += 1;
          }
        }),
      );
      return {
        generatedAt: now,
        tenants,
        cases: { open: openCases, byStatus, bySeverity },
        incidents: { open: openIncidents, bySeverity: incidentsBySeverity },
        sla,
        approvals: { pending },
        findings: { lastHour, last24Hours },
        connectors: { healthy, unhealthy },
      } satisfies Overview;
    },

    async listCases(principal, input = {}) {
      const tenants = await readable(principal, input.tenant);
      const page = pageOf(input);
      if (input.status !== undefined && !CASE_STATUSES.includes(input.status)) {
        invalid('status', `must be one of ${CASE_STATUSES.join(', ')}`);
      }
      if (input.severity !== undefined && !CASE_SEVERITIES.includes(input.severity)) {
        invalid('severity', `must be one of ${CASE_SEVERITIES.join(', ')}`);
      }
      const keep = caseFilter(input);
      const matching: Case[] = [];
      for (const list of await Promise.all(tenants.map(casesOf))) {
        for (const item of list) if (item.mergedInto === null && keep(item)) matching.push(item);
      }
      matching.sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
      const now = clock.now();
      const result = paginate(matching, page);
      return {
        ...result,
        items: result.items.map((item) => summaryOf(item, slaPolicyOf(item.tenant), now)),
      };
    },

    async getCase(principal, input) {
      requireRole(principal, 'viewer');
      const tenant = requireTenant(principal, input.tenant);
      textOf('id', input.id, 200);
      const item = await findCase(tenant, input.id);
      const timeline = await servicesOf(tenant).cases.timeline(item.id);
      return {
        case: item,
        timeline,
        sla: evaluateSlaClocks(item, slaPolicyOf(tenant), clock.now()),
        graph: await graphOf(servicesOf(tenant).store, item.id),
      };
    },

    async slaClocks(principal, input = {}) {
      const tenants = await readable(principal, input.tenant);
      const limit = countOf('limit', input.limit, 100, 1_000);
      const now = clock.now();
      const rows: SlaClockRow[] = [];
      for (const tenant of tenants) rows.push(...(await liveClockRows(tenant, now)));
      return rows
        .sort(
          (a, b) =>
            (a.clock.remainingMs ?? Number.POSITIVE_INFINITY) -
            (b.clock.remainingMs ?? Number.POSITIVE_INFINITY),
        )
        .slice(0, limit);
    },

    async metricTrends(principal, input = {}) {
      const tenants = await readable(principal, input.tenant);
      const days = countOf('days', input.days, 14, 366);
      const all: Case[] = [];
      for (const tenant of tenants) all.push(...(await casesOf(tenant)));
      return metricDays(all, days, clock.now());
    },

    async findingsPerHour(principal, input = {}) {
      const tenants = await readable(principal, input.tenant);
      const hours = countOf('hours', input.hours, 24, 24 * 31);
      const now = clock.now();
      const buckets = hourBuckets(hours, now);
      const since = buckets[0]?.hour ?? now;
      for (const tenant of tenants) {
        for await (const finding of recentFindings(servicesOf(tenant).store, (at) => at < since)) {
          countInHour(buckets, finding);
        }
      }
      return buckets;
    },

    async searchFindings(principal, input = {}) {
      const tenants = await readable(principal, input.tenant);
      const page = pageOf(input);
      const words = (input.query ?? '')
        .toLowerCase()
        .split(/\s+/)
        .filter((word) => word !== '');
      const rows: FindingRow[] = [];
      for (const tenant of tenants) {
        const stop = input.since === undefined ? undefined : (at: number) => at < input.since!;
        for await (const finding of recentFindings(servicesOf(tenant).store, stop)) {
          if (input.minSeverityId !== undefined && finding.severityId < input.minSeverityId)
            continue;
          if (input.since !== undefined && finding.time < input.since) continue;
          if (input.until !== undefined && finding.time > input.until) continue;
          if (words.length > 0) {
            const text = [
              finding.id,
              finding.title,
              finding.source,
              ...finding.tactics,
              ...finding.techniques,
            ]
              .join('\n')
              .toLowerCase();
            if (!words.every((word) => text.includes(word))) continue;
          }
          rows.push(findingRow(tenant, finding));
        }
      }
      rows.sort((a, b) => b.time - a.time || a.id.localeCompare(b.id));
      return paginate(rows, page);
    },

    async explainScore(principal, input) {
      const tenant = requireTenant(principal, input.tenant);
      return audited(
        principal,
        tenant,
        'explainScore',
        { findingId: idOf(input.findingId) },
        async () => {
          requireRole(principal, 'viewer');
          textOf('findingId', input.findingId, 1024);
          for await (const finding of recentFindings(servicesOf(tenant).store)) {
            if (finding.id === input.findingId) return explanationOf(tenant, finding);
          }
          throw notFound('finding', input.findingId, tenant);
        },
      );
    },

    async connectorHealth(principal, input = {}) {
      const tenants = await readable(principal, input.tenant);
      const now = clock.now();
      return (await Promise.all(tenants.map((tenant) => connectorRows(tenant, now)))).flat();
    },

    async playbookRuns(principal, input = {}) {
      const tenants = await readable(principal, input.tenant);
      const limit = countOf('limit', input.limit, 50, 1_000);
      const rows: PlaybookRunRow[] = [];
      for (const tenant of tenants) {
        const runs = await readDocument<StoredRun>(servicesOf(tenant).store.state, RUNS_KEY);
        for (const [id, run] of Object.entries(runs)) {
          rows.push({
            tenant,
            id,
            name: run.name,
            status: run.status,
            startedAt: run.startedAt,
            finishedAt: run.finishedAt,
          });
        }
      }
      return rows.sort((a, b) => b.startedAt - a.startedAt).slice(0, limit);
    },

    async pendingApprovals(principal, input = {}) {
      const tenants = await readable(principal, input.tenant);
      const lists = await Promise.all(
        tenants.map((tenant) => servicesOf(tenant).approvals.listPending()),
      );
      return lists.flat();
    },

    async decideApproval(principal, input) {
      const tenant = requireTenant(principal, input.tenant);
      return audited(
        principal,
        tenant,
        'decideApproval',
        { approvalId: idOf(input.id), decision: idOf(input.decision) },
        async () => {
          requireRole(principal, 'approver');
          const id = textOf('id', input.id, 400);
          if (input.decision !== 'approve' && input.decision !== 'deny') {
            invalid('decision', "must be 'approve' or 'deny'");
          }
          const reason = textOf('reason', input.reason, 2_000);
          const approver = { id: principal.id, groups: principal.groups ?? [] };
          const approvals = servicesOf(tenant).approvals;
          try {
            return input.decision === 'approve'
              ? await approvals.approve(id, approver, reason)
              : await approvals.deny(id, approver, reason);
          } catch (error) {
            if (!ApprovalError.isInstance(error)) throw error;
            if (error.code === 'RESPONSE_APPROVAL_NOT_FOUND')
              throw notFound('approval', id, tenant);
            throw new DashboardError(
              error.code === 'RESPONSE_APPROVAL_FORBIDDEN'
                ? 'DASHBOARD_FORBIDDEN'
                : 'DASHBOARD_INVALID',
              error.message,
              { details: { tenant, id }, cause: error },
            );
          } finally {
            cache.invalidate(tenant);
          }
        },
        (approval) => ({ status: approval.status }),
      );
    },

    async addCaseComment(principal, input) {
      const tenant = requireTenant(principal, input.tenant);
      return audited(
        principal,
        tenant,
        'addCaseComment',
        { caseId: idOf(input.caseId) },
        async () => {
          requireRole(principal, 'analyst');
          const caseId = textOf('caseId', input.caseId, 200);
          const text = textOf('text', input.text, 10_000);
          await findCase(tenant, caseId);
          return servicesOf(tenant).cases.comment(caseId, text, { by: principal.id });
        },
        (entry) => ({ sequence: entry.sequence }),
      );
    },

    async proposeAction(principal, input) {
      const tenant = requireTenant(principal, input.tenant);
      const raw = (input.command ?? {}) as { request_id?: unknown; action?: unknown };
      return audited(
        principal,
        tenant,
        'proposeAction',
        { requestId: idOf(raw.request_id), action: idOf(raw.action), caseId: idOf(input.caseId) },
        async () => {
          requireRole(principal, 'analyst');
          const reason = textOf('reason', input.reason, 2_000);
          const parsed = commandSchema.safeParse(input.command);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            invalid(
              formatPath(['command', ...(issue?.path ?? [])]),
              issue?.message ?? 'invalid command',
            );
          }
          const command = parsed.data;
          const classified = classifyCommand(command);
          if (classified.kind === null) {
            invalid(
              formatPath(['command', ...classified.issue.path.split('.').filter(Boolean)]),
              classified.issue.message,
            );
          }
          const caseId =
            input.caseId === undefined ? undefined : textOf('caseId', input.caseId, 200);
          if (caseId !== undefined) await findCase(tenant, caseId);
          const policy =
            typeof options.policy === 'function'
              ? await options.policy(tenant)
              : (options.policy ?? defaultPolicy);
          const asset = await options.assets?.(tenant, command);
          const decision = evaluatePolicy(policy, command, {
            now: clock.now(),
            ...(asset === undefined ? {} : { asset }),
          });
          const policyView = { decision: decision.decision, reason: decision.reasons.join('; ') };
          if (decision.decision === 'deny') {
            return { tenant, status: 'refused' as const, approval: null, policy: policyView };
          }
          const services = servicesOf(tenant);
          const approval = await services.approvals.request({
            command,
            reason: `${reason} (proposed by ${principal.id}; policy: ${policyView.reason || decision.decision})`,
            requestedBy: principal.id,
          });
          if (caseId !== undefined) {
            await services.cases.recordApproval(caseId, {
              approvalId: approval.id,
              actionId: approval.requestId,
              decision: 'requested',
              by: principal.id,
            });
          }
          return {
            tenant,
            status: 'pending-approval' as const,
            approval,
            policy:
              decision.decision === 'allow'
                ? {
                    ...policyView,
                    reason: `${policyView.reason}; proposals from the dashboard always wait for an approval`,
                  }
                : policyView,
          };
        },
        (proposal) => ({ status: proposal.status, approvalId: proposal.approval?.id ?? null }),
      );
    },

    async runHunt(principal, input) {
      const tenant = requireTenant(principal, input.tenant);
      const raw = (input.hunt ?? {}) as { id?: unknown; name?: unknown; target?: unknown };
      return audited(
        principal,
        tenant,
        'runHunt',
        { huntId: idOf(raw.id), name: idOf(raw.name), target: idOf(raw.target) },
        async () => {
          requireRole(principal, 'analyst');
          const runner: HuntRunner =
            options.huntRunner?.(tenant) ??
            createMemoryHuntRunner({
              store: servicesOf(tenant).store,
              stream: options.huntEvents?.stream,
              maxEvents: options.huntEvents?.maxEvents,
            });
          const hunt = huntOf(
            input.hunt,
            tenant,
            principal.id,
            runner.targets[0] ?? 'duckdb',
            clock.now(),
          );
          let result: Awaited<ReturnType<typeof runHuntOn>>;
          try {
            result = await runHuntOn(hunt, runner, { clock });
          } catch (error) {
            if (OpenMdrError.isInstance(error) && error.code.startsWith('HUNT_')) {
              throw new DashboardError('DASHBOARD_INVALID', error.message, {
                details: { path: 'hunt' },
                cause: error,
              });
            }
            throw error;
          }
          return {
            tenant,
            hits: result.hits.length,
            hitsByRule: result.hitsByRule,
            failures: result.failures.map((failure) => ({
              rule: failure.rule_id,
              reason: failure.reason,
            })),
            sample: result.hits.slice(0, 100).map((hit) => ({ ...hit.event })),
          };
        },
        (summary) => ({ hits: summary.hits, failures: summary.failures.length }),
      );
    },

    async subscribe(principal, input, listener) {
      requireRole(principal, 'viewer');
      const everything = input.tenant === '*' && principal.tenants === '*';
      const tenants = new Set(resolveTenants(principal, input.tenant, []));
      const lastSent = new Map<string, number>();
      const unsubscribers = LIVE_EVENT_TYPES.map((type) =>
        bus.on(type as (typeof CASE_CHANGE_EVENTS)[number], (payload: unknown) => {
          const tenant = (payload as { tenant?: unknown } | null)?.tenant;
          if (typeof tenant !== 'string' || tenant === REGISTRY_TENANT) return;
          if (!everything && !tenants.has(tenant)) return;
          const now = clock.now();
          const interval = LIVE_EVENT_MIN_INTERVAL_MS[type];
          if (interval !== undefined) {
            const key = `${type}|${tenant}|${String((payload as { pipeline?: unknown }).pipeline)}`;
            if (now - (lastSent.get(key) ?? Number.NEGATIVE_INFINITY) < interval) return;
            lastSent.set(key, now);
          }
          try {
            listener({ type, tenant, at: now, data: liveDataOf(type, payload, now) });
          } catch {
            // A listener's failure (a closed connection) must not reach the bus.
          }
        }),
      );
      return () => {
        for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      };
    },

    close() {
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
    },
  };
  return operations;
}

/** Whether `principal` may decide approvals of `groups` (the `approver` role and a shared group). */
export function mayDecide(principal: Principal, groups: readonly string[]): boolean {
  return hasRole(principal, 'approver') && (principal.groups ?? []).some((g) => groups.includes(g));
}
