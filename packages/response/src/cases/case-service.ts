import { randomUUID } from 'node:crypto';
import {
  type Clock,
  CompareAndSetConflict,
  type JsonValue,
  type OpenMdrBus,
  type Store,
  systemClock,
  type TenantStore,
} from '@openmdr/core';
import {
  CaseConflictError,
  CaseInvalidError,
  CaseNotFoundError,
  CaseTransitionError,
} from './case-errors.js';
import { caseFieldsFromFinding } from './case-from-finding.js';
import { CASE_TRANSITIONS } from './case-lifecycle.js';
import type {
  Case,
  CaseLearningEvent,
  CaseObservable,
  CasePriority,
  CaseSeverity,
  CaseStatus,
  CaseTimelineEntry,
  CaseTimelineEvent,
} from './case-types.js';

/** Options of {@link CaseService}. */
export interface CaseServiceOptions {
  /** Any core store: memory, PGlite, PostgreSQL or Redis. */
  store: Store;
  /** Stamps every change. Defaults to the system clock. */
  clock?: Clock;
  /** Makes case, task and comment ids. Defaults to `randomUUID`. */
  createId?: () => string;
  /** How often an update without `expectedVersion` rereads and reapplies after a conflict. Default 5. */
  maxRetries?: number;
  /**
   * Where `case.changed` is emitted after each change is stored (creation, transitions,
   * assignment, comments, findings, actions, approvals…), for live views such as the dashboard.
   */
  bus?: OpenMdrBus;
}

/** Who did a change, and optionally the version it was based on. */
export interface CaseChangeOptions {
  /** The person or component making the change. */
  by?: string;
  /** Apply only if the case is still at this version; otherwise throw {@link CaseConflictError}. */
  expectedVersion?: number;
}

/** Fields of a case opened by hand. */
export interface CreateCaseInput {
  title: string;
  description?: string;
  severity?: CaseSeverity;
  priority?: CasePriority;
  assignee?: string;
  observables?: CaseObservable[];
  techniques?: string[];
  /** Earliest event of the incident (epoch ms), for MTTD. */
  firstEventAt?: number;
  /** When it was detected (epoch ms). Defaults to now. */
  detectedAt?: number;
}

const DEFAULT_PRIORITY: Record<CaseSeverity, CasePriority> = {
  critical: 'P1',
  high: 'P2',
  medium: 'P3',
  low: 'P4',
  informational: 'P4',
};

const STATUS_TIMESTAMP = {
  triage: 'acknowledgedAt',
  investigating: 'investigationStartedAt',
  contained: 'containedAt',
  eradicated: 'eradicatedAt',
  recovered: 'recoveredAt',
} as const;

type Mutation = (current: Case, now: number) => CaseTimelineEvent[];

const caseKey = (id: string) => `case:${id}`;
const timelineStream = (id: string) => `case:${id}:timeline`;
const INDEX_STREAM = 'cases:index';

/**
 * Cases of every tenant over a core store. Each case is one compare-and-set key; its timeline is an
 * append-only log stream. All access goes through {@link CaseService.forTenant}, so one tenant's
 * handle never reaches another tenant's cases.
 *
 * @example
 * ```ts
 * const cases = new CaseService({ store }).forTenant('acme');
 * const incident = await cases.createFromFinding(finding);
 * await cases.transition(incident.id, 'triage', { by: 'alice' });
 * ```
 */
export class CaseService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #createId: () => string;
  readonly #maxRetries: number;
  readonly #bus: OpenMdrBus | undefined;

  constructor(options: CaseServiceOptions) {
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#createId = options.createId ?? randomUUID;
    this.#maxRetries = options.maxRetries ?? 5;
    this.#bus = options.bus;
  }

  /** The cases of one tenant. */
  forTenant(tenant: string): TenantCases {
    return new TenantCases(
      this.#store.forTenant(tenant),
      this.#clock,
      this.#createId,
      this.#maxRetries,
      this.#bus,
    );
  }
}

/** The cases of one tenant. Obtained from {@link CaseService.forTenant}. */
export class TenantCases {
  readonly #store: TenantStore;
  readonly #clock: Clock;
  readonly #createId: () => string;
  readonly #maxRetries: number;
  readonly #bus: OpenMdrBus | undefined;

  /** @internal */
  constructor(
    store: TenantStore,
    clock: Clock,
    createId: () => string,
    maxRetries: number,
    bus?: OpenMdrBus,
  ) {
    this.#store = store;
    this.#clock = clock;
    this.#createId = createId;
    this.#maxRetries = maxRetries;
    this.#bus = bus;
  }

  /** The tenant. */
  get tenant(): string {
    return this.#store.tenant;
  }

  /** Opens a case by hand. */
  async create(input: CreateCaseInput, options: { by?: string } = {}): Promise<Case> {
    return this.#insert(input, null, options.by ?? null, null);
  }

  /**
   * Opens a case from an OCSF Incident Finding (class 2005): title, description, severity,
   * detection time, first event, observables, ATT&CK techniques and assignee come from it, and the
   * finding is the first entry of the timeline after creation.
   */
  async createFromFinding(
    finding: Record<string, unknown>,
    options: { by?: string } = {},
  ): Promise<Case> {
    const fields = caseFieldsFromFinding(finding);
    const input: CreateCaseInput = {
      title: fields.title,
      severity: fields.severity,
      observables: fields.observables,
      techniques: fields.techniques,
    };
    if (fields.description !== null) input.description = fields.description;
    if (fields.assignee !== null) input.assignee = fields.assignee;
    if (fields.detectedAt !== null) input.detectedAt = fields.detectedAt;
    if (fields.firstEventAt !== null) input.firstEventAt = fields.firstEventAt;
    return this.#insert(
      input,
      fields.findingId ?? this.#createId(),
      options.by ?? null,
      fields.title,
    );
  }

  async #insert(
    input: CreateCaseInput,
    findingId: string | null,
    by: string | null,
    findingTitle: string | null,
  ): Promise<Case> {
    const now = this.#clock.now();
    const severity = input.severity ?? 'medium';
    const id = this.#createId();
    const created: Case = {
      id,
      tenant: this.#store.tenant,
      title: input.title,
      description: input.description ?? null,
      status: 'new',
      severity,
      priority: input.priority ?? DEFAULT_PRIORITY[severity],
      assignee: input.assignee ?? null,
      observables: dedupeObservables(input.observables ?? []),
      techniques: [...new Set(input.techniques ?? [])],
      tasks: [],
      findingIds: findingId === null ? [] : [findingId],
      mergedInto: null,
      mergedFrom: [],
      timestamps: {
        firstEventAt: input.firstEventAt ?? null,
        detectedAt: input.detectedAt ?? now,
        acknowledgedAt: null,
        investigationStartedAt: null,
        containedAt: null,
        eradicatedAt: null,
        recoveredAt: null,
        closedAt: null,
      },
      pauses: [],
      regulatory: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const version = await this.#store.state.compareAndSet(caseKey(id), null, toStored(created));
    created.version = version;
    await this.#addToIndex(id);
    const events: CaseTimelineEvent[] = [
      { type: 'created', by, source: findingId === null ? 'manual' : 'finding' },
    ];
    if (findingId !== null) events.push({ type: 'finding', findingId, title: findingTitle });
    await this.#appendTimeline(id, events, now);
    return created;
  }

  /**
   * The case with `id`. A case merged into another resolves to its survivor unless
   * `followMerge` is `false`.
   * @throws CaseNotFoundError
   */
  async get(id: string, options: { followMerge?: boolean } = {}): Promise<Case> {
    let current = await this.#read(id);
    const seen = new Set<string>([id]);
    while (
      options.followMerge !== false &&
      current.mergedInto !== null &&
      !seen.has(current.mergedInto)
    ) {
      seen.add(current.mergedInto);
      current = await this.#read(current.mergedInto);
    }
    return current;
  }

  /** Every case of the tenant (merged children included), in creation order. */
  async list(filter: { status?: CaseStatus; open?: boolean } = {}): Promise<Case[]> {
    const index = await this.#store.log.read<string>(INDEX_STREAM);
    const cases: Case[] = [];
    for (const { data: id } of index) {
      const found = await this.#store.state.get<JsonValue>(caseKey(id));
      if (!found) continue;
      const item = fromStored(found.value, found.version);
      if (filter.status !== undefined && item.status !== filter.status) continue;
      if (filter.open === true && item.status === 'closed') continue;
      cases.push(item);
    }
    return cases;
  }

  /** The case's timeline, in order. */
  async timeline(id: string): Promise<CaseTimelineEntry[]> {
    await this.#read(id);
    const entries = await this.#store.log.read<JsonValue>(timelineStream(id));
    return entries.map((entry) => ({
      sequence: entry.sequence,
      at: (entry.data as { at: number }).at,
      event: (entry.data as { event: JsonValue }).event as unknown as CaseTimelineEvent,
    }));
  }

  /**
   * Moves the case to `to`, when the lifecycle allows it. The first move to each status stamps its
   * SLA timestamp (triage: acknowledged; investigating: investigation started; …).
   * @throws CaseTransitionError
   */
  async transition(
    id: string,
    to: CaseStatus,
    options: CaseChangeOptions & { reason?: string } = {},
  ): Promise<Case> {
    return this.#update(id, options, (current, now) => {
      const allowed = CASE_TRANSITIONS[current.status];
      if (!allowed.includes(to))
        throw new CaseTransitionError(current.id, current.status, to, allowed);
      const from = current.status;
      current.status = to;
      if (to === 'closed') {
        current.timestamps.closedAt = now;
        closeOpenPause(current, now);
      } else {
        const key = STATUS_TIMESTAMP[to as keyof typeof STATUS_TIMESTAMP];
        if (key !== undefined && current.timestamps[key] === null) current.timestamps[key] = now;
      }
      return [{ type: 'status', from, to, by: options.by ?? null, reason: options.reason ?? null }];
    });
  }

  /** Reopens a closed case (to `triage`); its first-reached timestamps stay, `closedAt` clears. */
  async reopen(id: string, options: CaseChangeOptions & { reason?: string } = {}): Promise<Case> {
    return this.#update(id, options, (current) => {
      if (current.status !== 'closed') {
        throw new CaseTransitionError(
          current.id,
          current.status,
          'triage',
          CASE_TRANSITIONS[current.status],
        );
      }
      if (current.mergedInto !== null) {
        throw new CaseInvalidError(
          current.id,
          `was merged into ${current.mergedInto}; reopen that case`,
          'mergedInto',
        );
      }
      current.status = 'triage';
      current.timestamps.closedAt = null;
      return [{ type: 'reopened', by: options.by ?? null, reason: options.reason ?? null }];
    });
  }

  /** Sets or clears the assignee. */
  async assign(
    id: string,
    assignee: string | null,
    options: CaseChangeOptions = {},
  ): Promise<Case> {
    return this.#update(id, options, (current) => {
      const from = current.assignee;
      current.assignee = assignee;
      return from === assignee
        ? []
        : [{ type: 'assigned', from, to: assignee, by: options.by ?? null }];
    });
  }

  /** Changes the severity. */
  async setSeverity(
    id: string,
    severity: CaseSeverity,
    options: CaseChangeOptions = {},
  ): Promise<Case> {
    return this.#update(id, options, (current) => {
      const from = current.severity;
      current.severity = severity;
      return from === severity
        ? []
        : [{ type: 'severity', from, to: severity, by: options.by ?? null }];
    });
  }

  /** Changes the priority. */
  async setPriority(
    id: string,
    priority: CasePriority,
    options: CaseChangeOptions = {},
  ): Promise<Case> {
    return this.#update(id, options, (current) => {
      const from = current.priority;
      current.priority = priority;
      return from === priority
        ? []
        : [{ type: 'priority', from, to: priority, by: options.by ?? null }];
    });
  }

  /** Adds observables (duplicates are ignored). */
  async addObservables(
    id: string,
    observables: CaseObservable[],
    options: CaseChangeOptions = {},
  ): Promise<Case> {
    return this.#update(id, options, (current) => {
      const events: CaseTimelineEvent[] = [];
      for (const observable of dedupeObservables(observables)) {
        if (
          current.observables.some(
            (o) => o.type === observable.type && o.value === observable.value,
          )
        )
          continue;
        current.observables.push(observable);
        events.push({ type: 'observable', observable });
      }
      return events;
    });
  }

  /** Adds ATT&CK technique ids (duplicates are ignored). */
  async addTechniques(
    id: string,
    techniques: string[],
    options: CaseChangeOptions = {},
  ): Promise<Case> {
    return this.#update(id, options, (current) => {
      const events: CaseTimelineEvent[] = [];
      for (const technique of new Set(techniques)) {
        if (current.techniques.includes(technique)) continue;
        current.techniques.push(technique);
        events.push({ type: 'technique', technique });
      }
      return events;
    });
  }

  /** Attaches another finding (OCSF object) to the case: its id, observables and techniques. */
  async addFinding(
    id: string,
    finding: Record<string, unknown>,
    options: CaseChangeOptions = {},
  ): Promise<Case> {
    const fields = caseFieldsFromFinding(finding);
    const findingId = fields.findingId ?? this.#createId();
    return this.#update(id, options, (current) => {
      if (current.findingIds.includes(findingId)) return [];
      current.findingIds.push(findingId);
      const events: CaseTimelineEvent[] = [{ type: 'finding', findingId, title: fields.title }];
      for (const observable of fields.observables) {
        if (
          current.observables.some(
            (o) => o.type === observable.type && o.value === observable.value,
          )
        )
          continue;
        current.observables.push(observable);
        events.push({ type: 'observable', observable });
      }
      for (const technique of fields.techniques) {
        if (current.techniques.includes(technique)) continue;
        current.techniques.push(technique);
        events.push({ type: 'technique', technique });
      }
      return events;
    });
  }

  /** Adds a task; returns the case (the task is last in `tasks`). */
  async addTask(
    id: string,
    title: string,
    options: CaseChangeOptions & { assignee?: string } = {},
  ): Promise<Case> {
    const taskId = this.#createId();
    return this.#update(id, options, (current) => {
      const task = {
        id: taskId,
        title,
        assignee: options.assignee ?? null,
        completedAt: null,
        completedBy: null,
      };
      current.tasks.push(task);
      return [{ type: 'task.added', task }];
    });
  }

  /**
   * Completes a task.
   * @throws CaseInvalidError when the task does not exist or is already complete.
   */
  async completeTask(
    id: string,
    taskId: string,
    options: CaseChangeOptions & { by: string },
  ): Promise<Case> {
    return this.#update(id, options, (current, now) => {
      const task = current.tasks.find((t) => t.id === taskId);
      if (!task)
        throw new CaseInvalidError(current.id, `no task ${JSON.stringify(taskId)}`, 'tasks');
      if (task.completedAt !== null) {
        throw new CaseInvalidError(
          current.id,
          `task ${JSON.stringify(taskId)} is already complete`,
          'tasks',
        );
      }
      task.completedAt = now;
      task.completedBy = options.by;
      return [{ type: 'task.completed', taskId, by: options.by }];
    });
  }

  /** Adds a comment to the timeline. */
  async comment(id: string, text: string, options: { by: string }): Promise<CaseTimelineEntry> {
    await this.#read(id);
    const now = this.#clock.now();
    const [entry] = await this.#appendTimeline(
      id,
      [{ type: 'comment', id: this.#createId(), by: options.by, text }],
      now,
    );
    return entry as CaseTimelineEntry;
  }

  /** Records a response action on the timeline (from `action.completed`, for instance). */
  async recordAction(
    id: string,
    action: { actionId: string; action: string; status: string; detail?: JsonValue },
  ): Promise<CaseTimelineEntry> {
    await this.#read(id);
    const [entry] = await this.#appendTimeline(
      id,
      [
        {
          type: 'action',
          actionId: action.actionId,
          action: action.action,
          status: action.status,
          detail: action.detail ?? null,
        },
      ],
      this.#clock.now(),
    );
    return entry as CaseTimelineEntry;
  }

  /**
   * Records a threat hunt on the timeline: which hunt, where it ran, how many hits, and its
   * queries and failures in `detail` — the pivot from a hunt to this case.
   */
  async recordHunt(
    id: string,
    hunt: {
      huntId: string;
      name: string;
      target: string;
      hits: number;
      by?: string;
      detail?: JsonValue;
    },
  ): Promise<CaseTimelineEntry> {
    await this.#read(id);
    const [entry] = await this.#appendTimeline(
      id,
      [
        {
          type: 'hunt',
          huntId: hunt.huntId,
          name: hunt.name,
          target: hunt.target,
          hits: hunt.hits,
          by: hunt.by ?? null,
          detail: hunt.detail ?? null,
        },
      ],
      this.#clock.now(),
    );
    return entry as CaseTimelineEntry;
  }

  /** Records an approval request or decision on the timeline. */
  async recordApproval(
    id: string,
    approval: {
      approvalId: string;
      actionId: string;
      decision: 'requested' | 'approved' | 'rejected' | 'expired';
      by?: string;
    },
  ): Promise<CaseTimelineEntry> {
    await this.#read(id);
    const [entry] = await this.#appendTimeline(
      id,
      [
        {
          type: 'approval',
          approvalId: approval.approvalId,
          actionId: approval.actionId,
          decision: approval.decision,
          by: approval.by ?? null,
        },
      ],
      this.#clock.now(),
    );
    return entry as CaseTimelineEntry;
  }

  /**
   * Records a learning event on the timeline: a verdict, the customer's feedback, a lesson learned
   * or the post-incident review. The verdict, feedback, lesson and review services call it; the
   * case itself does not change.
   * @throws CaseNotFoundError
   */
  async recordLearning(id: string, event: CaseLearningEvent): Promise<CaseTimelineEntry> {
    await this.#read(id);
    const [entry] = await this.#appendTimeline(id, [event], this.#clock.now());
    return entry as CaseTimelineEntry;
  }

  /** Stops the case's SLA clocks (waiting on the customer, for instance). */
  async pauseSla(id: string, options: CaseChangeOptions & { reason?: string } = {}): Promise<Case> {
    return this.#update(id, options, (current, now) => {
      if (current.pauses.some((pause) => pause.to === null)) {
        throw new CaseInvalidError(current.id, 'SLA clocks are already paused', 'pauses');
      }
      current.pauses.push({ from: now, to: null, reason: options.reason ?? null });
      return [{ type: 'sla.paused', reason: options.reason ?? null, by: options.by ?? null }];
    });
  }

  /** Restarts the case's SLA clocks. */
  async resumeSla(id: string, options: CaseChangeOptions = {}): Promise<Case> {
    return this.#update(id, options, (current, now) => {
      if (!closeOpenPause(current, now)) {
        throw new CaseInvalidError(current.id, 'SLA clocks are not paused', 'pauses');
      }
      return [{ type: 'sla.resumed', by: options.by ?? null }];
    });
  }

  /** Marks the case as a reportable breach: GDPR art. 33 and/or NIS2 clocks start at `awareAt`. */
  async markReportable(
    id: string,
    regulation: { gdpr: boolean; nis2: boolean; awareAt?: number },
    options: CaseChangeOptions = {},
  ): Promise<Case> {
    return this.#update(id, options, (current, now) => {
      const awareAt = regulation.awareAt ?? current.regulatory?.awareAt ?? now;
      current.regulatory = {
        awareAt,
        gdpr: regulation.gdpr,
        nis2: regulation.nis2,
        submitted: current.regulatory?.submitted ?? {},
      };
      return [{ type: 'regulatory', gdpr: regulation.gdpr, nis2: regulation.nis2, awareAt }];
    });
  }

  /** Records that a regulatory notification (clock name, e.g. `nis2.early-warning`) was submitted. */
  async recordSubmission(
    id: string,
    clock: string,
    options: CaseChangeOptions & { at?: number } = {},
  ): Promise<Case> {
    return this.#update(id, options, (current, now) => {
      if (current.regulatory === null) {
        throw new CaseInvalidError(
          current.id,
          'is not marked as a reportable breach',
          'regulatory',
        );
      }
      const at = options.at ?? now;
      current.regulatory.submitted[clock] = at;
      return [{ type: 'regulatory.submitted', clock, at, by: options.by ?? null }];
    });
  }

  /**
   * Merges `children` into `survivorId`: their findings, observables, techniques and tasks move to
   * the survivor, and each child is closed with `mergedInto` set, so `get(child)` returns the
   * survivor. Both timelines record the merge.
   */
  async merge(
    survivorId: string,
    children: string[],
    options: { by?: string } = {},
  ): Promise<Case> {
    const by = options.by ?? null;
    const unique = [...new Set(children)];
    for (const childId of unique) {
      if (childId === survivorId)
        throw new CaseInvalidError(survivorId, 'cannot merge a case into itself', 'children');
    }
    const survivor = await this.get(survivorId, { followMerge: false });
    if (survivor.mergedInto !== null) {
      throw new CaseInvalidError(
        survivorId,
        `was itself merged into ${survivor.mergedInto}`,
        'survivor',
      );
    }
    const absorbed: Case[] = [];
    for (const childId of unique) {
      const child = await this.#update(childId, {}, (current, now) => {
        if (current.mergedInto !== null) {
          throw new CaseInvalidError(
            current.id,
            `already merged into ${current.mergedInto}`,
            'mergedInto',
          );
        }
        const events: CaseTimelineEvent[] = [];
        if (current.status !== 'closed') {
          events.push({
            type: 'status',
            from: current.status,
            to: 'closed',
            by,
            reason: `merged into ${survivorId}`,
          });
          current.status = 'closed';
          current.timestamps.closedAt = now;
          closeOpenPause(current, now);
        }
        current.mergedInto = survivorId;
        events.push({ type: 'merged-into', survivor: survivorId, by });
        return events;
      });
      absorbed.push(child);
    }
    return this.#update(survivorId, {}, (current) => {
      for (const child of absorbed) {
        current.mergedFrom.push(child.id);
        for (const findingId of child.findingIds)
          if (!current.findingIds.includes(findingId)) current.findingIds.push(findingId);
        for (const technique of child.techniques)
          if (!current.techniques.includes(technique)) current.techniques.push(technique);
        current.observables = dedupeObservables([...current.observables, ...child.observables]);
        for (const task of child.tasks) current.tasks.push(task);
        if (child.timestamps.firstEventAt !== null) {
          current.timestamps.firstEventAt = Math.min(
            current.timestamps.firstEventAt ?? Number.POSITIVE_INFINITY,
            child.timestamps.firstEventAt,
          );
        }
      }
      return [{ type: 'merged', children: absorbed.map((child) => child.id), by }];
    });
  }

  async #read(id: string): Promise<Case> {
    const found = await this.#store.state.get<JsonValue>(caseKey(id));
    if (!found) throw new CaseNotFoundError(id);
    return fromStored(found.value, found.version);
  }

  async #update(id: string, options: CaseChangeOptions, mutate: Mutation): Promise<Case> {
    for (let attempt = 0; ; attempt++) {
      const found = await this.#store.state.get<JsonValue>(caseKey(id));
      if (!found) throw new CaseNotFoundError(id);
      if (options.expectedVersion !== undefined && found.version !== options.expectedVersion) {
        throw new CaseConflictError(id, options.expectedVersion);
      }
      const current = fromStored(found.value, found.version);
      const now = this.#clock.now();
      const events = mutate(current, now);
      if (events.length === 0) return current;
      current.updatedAt = now;
      try {
        current.version = await this.#store.state.compareAndSet(
          caseKey(id),
          found.version,
          toStored(current),
        );
      } catch (error) {
        if (!CompareAndSetConflict.isInstance(error)) throw error;
        if (options.expectedVersion !== undefined || attempt >= this.#maxRetries) {
          throw new CaseConflictError(id, found.version, { cause: error });
        }
        continue;
      }
      await this.#appendTimeline(id, events, now);
      return current;
    }
  }

  async #appendTimeline(
    id: string,
    events: CaseTimelineEvent[],
    at: number,
  ): Promise<CaseTimelineEntry[]> {
    const entries = await this.#store.log.append(
      timelineStream(id),
      events.map((event) => ({ at, event: event as unknown as JsonValue })),
    );
    this.#bus?.emit('case.changed', {
      tenant: this.#store.tenant,
      id,
      changes: events.map((event) => event.type),
      at,
    });
    return entries.map((entry, index) => ({
      sequence: entry.sequence,
      at,
      event: events[index] as CaseTimelineEvent,
    }));
  }

  async #addToIndex(id: string): Promise<void> {
    await this.#store.log.append(INDEX_STREAM, [id]);
  }
}

function closeOpenPause(current: Case, now: number): boolean {
  const open = current.pauses.find((pause) => pause.to === null);
  if (!open) return false;
  open.to = now;
  return true;
}

function dedupeObservables(observables: CaseObservable[]): CaseObservable[] {
  const seen = new Set<string>();
  return observables.filter((observable) => {
    const key = `${observable.type}\u0000${observable.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toStored(value: Case): JsonValue {
  const { version: _version, ...rest } = value;
  return rest as unknown as JsonValue;
}

function fromStored(value: JsonValue, version: number): Case {
  return { ...(structuredClone(value) as unknown as Omit<Case, 'version'>), version };
}
