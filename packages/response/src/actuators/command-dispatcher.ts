import { createHash } from 'node:crypto';
import {
  type Clock,
  CompareAndSetConflict,
  type JsonValue,
  type OpenMdrBus,
  OpenMdrError,
  systemClock,
  type TenantStore,
} from '@openmdr/core';
import { parseCommand, targetKey } from '../actions/classify.js';
import type { Command, CommandResponse, Results } from '../actions/command.js';
import type { OpenC2StatusCode } from '../actions/openc2.js';
import type { ActionKind } from '../actions/vocabulary.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { Approval } from '../approvals/approval-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import { canonicalJson } from '../audit/canonical-json.js';
import { evaluatePolicy } from '../policy/evaluate-policy.js';
import type { ResponsePolicy } from '../policy/policy-schema.js';
import type { ActionHistoryEntry, AssetFacts, PolicyDecision } from '../policy/policy-types.js';
import type { Actuator } from './actuator.js';
import type { ActuatorRegistry } from './actuator-registry.js';

/** Options of {@link CommandDispatcher}. */
export interface CommandDispatcherOptions {
  /** The tenant's store: command records, history and (through the services) approvals and audit. */
  store: TenantStore;
  /** The tenant's actuators. */
  registry: ActuatorRegistry;
  /** The tenant's authority policy. */
  policy: ResponsePolicy;
  /** Needed for `require_approval` decisions; without it they are refused. */
  approvals?: ApprovalService;
  /** Where every step is recorded. */
  audit?: AuditLog;
  /** Where `action.requested` and `action.completed` go. */
  bus?: OpenMdrBus;
  clock?: Clock;
  /** Looks up the asset a command acts on (tags, groups, criticality, break-glass). */
  assets?: (
    command: Command,
    kind: ActionKind,
  ) => AssetFacts | undefined | Promise<AssetFacts | undefined>;
  /** Wait between polls of asynchronous actions, in ms. Default 2 000. */
  pollIntervalMs?: number;
  /** Stop polling after this long, in ms, and answer 102 (a later dispatch resumes). Default 300 000. */
  pollTimeoutMs?: number;
  /**
   * A claim older than this whose action was never started (its process died) is taken over, in
   * ms. Default 300 000.
   */
  leaseMs?: number;
  /** Sleep (injectable for tests). */
  sleep?: (ms: number) => Promise<void>;
}

/** Options of {@link CommandDispatcher.dispatch}. */
export interface DispatchOptions {
  /** Who asks (a person, `playbook:<run id>`). Default `system`. */
  actor?: string;
  /** The incident it answers (for events). */
  incidentId?: string;
}

/** What {@link CommandDispatcher.dispatch} returns. */
export interface DispatchOutcome {
  /** The OpenC2 response (102 while processing or awaiting approval). */
  response: CommandResponse;
  /** The command's kind, when it was valid. */
  kind: ActionKind | null;
  /** The policy decision made on first dispatch (recorded, so replays return it too). */
  decision: PolicyDecision | null;
  /** True when this request id had already been dispatched and nothing new was done. */
  replayed: boolean;
  /** The approval, when one was needed. */
  approval?: Approval;
}

/** Where a dispatched command stands in the dispatcher's record. */
export type RecordState = 'claimed' | 'pending' | 'awaiting_approval' | 'completed';

interface CommandRecord {
  state: RecordState;
  fingerprint: string;
  kind: ActionKind;
  command: Command;
  decision: PolicyDecision;
  claimedAt: number;
  actuator?: string;
  handle?: string;
  approvalId?: string;
  response?: CommandResponse;
}

type Stored = CommandRecord & { [key: string]: JsonValue };

const HISTORY_KEY = 'response:history';
const recordKey = (requestId: string) => `command:${requestId}`;

function fingerprintOf(command: Command): string {
  return createHash('sha256').update(canonicalJson(command)).digest('hex');
}

function make(
  command: Command,
  status: OpenC2StatusCode,
  text: string,
  openmdr: NonNullable<Results['x-openmdr']> = {},
): CommandResponse {
  return {
    request_id: command.request_id,
    status,
    status_text: text,
    results: { 'x-openmdr': openmdr },
  };
}

/**
 * The gate every response command goes through: validates it, evaluates the tenant's policy,
 * asks for approval when the policy says so, resolves the actuator, starts the action, polls it
 * and records everything in the audit log. Idempotent by `request_id`, across processes: the first
 * dispatch claims the id with compare-and-set in the store, so the same request id acts once and
 * every later dispatch returns the recorded response (or resumes polling, or reports the approval).
 *
 * @example
 * ```ts
 * const dispatcher = new CommandDispatcher({ store: store.forTenant('acme'), registry, policy, approvals, audit });
 * const { response } = await dispatcher.dispatch(createCommand('contain_device', target, { requestId }));
 * ```
 */
export class CommandDispatcher {
  readonly #options: CommandDispatcherOptions;
  readonly #clock: Clock;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: CommandDispatcherOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Dispatches a command (validated here). Never throws for a bad command: answers 400. */
  async dispatch(input: unknown, options: DispatchOptions = {}): Promise<DispatchOutcome> {
    const actor = options.actor ?? 'system';
    const { store, audit } = this.#options;
    let command: Command;
    let kind: ActionKind;
    try {
      ({ command, kind } = parseCommand(input));
    } catch (error) {
      const requestId =
        typeof input === 'object' &&
        input !== null &&
        typeof (input as { request_id?: unknown }).request_id === 'string'
          ? (input as { request_id: string }).request_id
          : '(none)';
      const message = error instanceof Error ? error.message : String(error);
      await audit?.append({
        type: 'command.refused',
        actor,
        requestId,
        data: { status: 400, reason: message },
      });
      return {
        response: { request_id: requestId, status: 400, status_text: message },
        kind: null,
        decision: null,
        replayed: false,
      };
    }
    const fingerprint = fingerprintOf(command);

    for (;;) {
      const existing = await store.state.get<Stored>(recordKey(command.request_id));
      if (existing === undefined) {
        const fresh = await this.#first(command, kind, fingerprint, actor, options);
        if (fresh !== null) return fresh;
        continue; // lost the claim to another dispatcher: read what it recorded
      }
      const record = existing.value;
      if (record.fingerprint !== fingerprint) {
        return {
          response: make(
            command,
            400,
            `request_id ${command.request_id} was already used for a different command`,
          ),
          kind,
          decision: record.decision,
          replayed: true,
        };
      }
      if (record.state === 'completed' && record.response) {
        return { response: record.response, kind, decision: record.decision, replayed: true };
      }
      if (record.state === 'awaiting_approval') {
        const outcome = await this.#afterApproval(existing.version, record, actor, options);
        if (outcome !== null) return outcome;
        continue;
      }
      if (
        record.state === 'pending' &&
        record.handle !== undefined &&
        record.actuator !== undefined
      ) {
        const actuator = this.#options.registry.get(record.actuator);
        if (actuator === undefined) {
          return {
            response: make(command, 503, `actuator ${record.actuator} is not registered here`),
            kind,
            decision: record.decision,
            replayed: true,
          };
        }
        return this.#poll(actuator, command, kind, record, record.handle, actor, true, options);
      }
      // Claimed: in progress elsewhere, or its process died before starting the action.
      const leaseMs = this.#options.leaseMs ?? 300_000;
      if (this.#clock.now() - record.claimedAt < leaseMs) {
        return {
          response: make(command, 102, 'Processing (claimed by another dispatcher)'),
          kind,
          decision: record.decision,
          replayed: true,
        };
      }
      const retaken: CommandRecord = { ...record, state: 'claimed', claimedAt: this.#clock.now() };
      if (!(await this.#write(command.request_id, existing.version, retaken))) continue;
      return this.#execute(command, kind, retaken, actor, options);
    }
  }

  /** The recorded state of a request id, if any. */
  async status(
    requestId: string,
  ): Promise<{ state: RecordState; response?: CommandResponse } | undefined> {
    const record = (await this.#options.store.state.get<Stored>(recordKey(requestId)))?.value;
    if (record === undefined) return undefined;
    return record.response === undefined
      ? { state: record.state }
      : { state: record.state, response: record.response };
  }

  async #first(
    command: Command,
    kind: ActionKind,
    fingerprint: string,
    actor: string,
    options: DispatchOptions,
  ): Promise<DispatchOutcome | null> {
    const { store, audit, policy, approvals } = this.#options;
    const now = this.#clock.now();
    const asset = await this.#options.assets?.(command, kind);
    const history =
      (await store.state.get<ActionHistoryEntry[] & JsonValue>(HISTORY_KEY))?.value ?? [];
    const decision: PolicyDecision =
      kind === 'query_features'
        ? {
            decision: 'allow',
            reasons: ['query features is always allowed (OpenC2 §4)'],
            matchedRule: null,
            kind,
            exceededLimits: [],
          }
        : evaluatePolicy(policy, command, {
            now,
            ...(asset === undefined ? {} : { asset }),
            history,
          });
    const base: CommandRecord = {
      state: 'claimed',
      fingerprint,
      kind,
      command,
      decision,
      claimedAt: now,
    };

    if (
      decision.decision === 'deny' ||
      (decision.decision === 'require_approval' && approvals === undefined)
    ) {
      const reasons =
        decision.decision === 'deny'
          ? decision.reasons
          : [...decision.reasons, 'approval required but no approval service is configured'];
      const response = make(command, 403, `refused by policy: ${reasons.join('; ')}`, {
        decision: decision.decision,
      });
      if (!(await this.#write(command.request_id, null, { ...base, state: 'completed', response })))
        return null;
      await audit?.append({
        type: 'command.received',
        actor,
        requestId: command.request_id,
        data: { command, kind },
      });
      await audit?.append({
        type: 'policy.decided',
        actor: 'policy',
        requestId: command.request_id,
        data: { ...decision },
      });
      await audit?.append({
        type: 'command.refused',
        actor: 'policy',
        requestId: command.request_id,
        data: { status: 403, reasons },
      });
      this.#emitCompleted(command, kind, 'skipped', {
        code: 'RESPONSE_POLICY_DENIED',
        message: response.status_text ?? '',
      });
      return { response, kind, decision, replayed: false };
    }

    if (decision.decision === 'require_approval' && approvals !== undefined) {
      const approvalId = `approval:${command.request_id}`;
      const record: CommandRecord = { ...base, state: 'awaiting_approval', approvalId };
      if (!(await this.#write(command.request_id, null, record))) return null;
      await audit?.append({
        type: 'command.received',
        actor,
        requestId: command.request_id,
        data: { command, kind },
      });
      await audit?.append({
        type: 'policy.decided',
        actor: 'policy',
        requestId: command.request_id,
        data: { ...decision },
      });
      const approval = await approvals.request({
        id: approvalId,
        command,
        reason: decision.reasons.join('; '),
        requestedBy: actor,
      });
      return {
        response: make(command, 102, 'Processing (awaiting approval)', {
          decision: 'require_approval',
          approval_id: approvalId,
        }),
        kind,
        decision,
        replayed: false,
        approval,
      };
    }

    if (!(await this.#write(command.request_id, null, base))) return null;
    await audit?.append({
      type: 'command.received',
      actor,
      requestId: command.request_id,
      data: { command, kind },
    });
    await audit?.append({
      type: 'policy.decided',
      actor: 'policy',
      requestId: command.request_id,
      data: { ...decision },
    });
    return this.#execute(command, kind, base, actor, options);
  }

  async #afterApproval(
    version: number,
    record: CommandRecord,
    actor: string,
    options: DispatchOptions,
  ): Promise<DispatchOutcome | null> {
    const { approvals } = this.#options;
    const { command, kind } = record;
    const approval =
      record.approvalId === undefined ? undefined : await approvals?.get(record.approvalId);
    if (approval === undefined || approval.status === 'pending') {
      return {
        response: make(command, 102, 'Processing (awaiting approval)', {
          decision: 'require_approval',
          ...(record.approvalId === undefined ? {} : { approval_id: record.approvalId }),
        }),
        kind,
        decision: record.decision,
        replayed: true,
        ...(approval === undefined ? {} : { approval }),
      };
    }
    if (approval.status !== 'approved') {
      const response = make(
        command,
        403,
        `approval ${approval.status}${approval.decision ? ` by ${approval.decision.by}: ${approval.decision.reason}` : ''}`,
        {
          decision: 'require_approval',
          approval_id: approval.id,
        },
      );
      if (
        !(await this.#write(command.request_id, version, {
          ...record,
          state: 'completed',
          response,
        }))
      )
        return null;
      await this.#options.audit?.append({
        type: 'command.refused',
        actor: approval.decision?.by ?? 'system',
        requestId: command.request_id,
        data: { status: 403, approval: approval.status },
      });
      this.#emitCompleted(command, kind, 'skipped', {
        code: 'RESPONSE_APPROVAL_DENIED',
        message: response.status_text ?? '',
      });
      return { response, kind, decision: record.decision, replayed: false, approval };
    }
    const claimed: CommandRecord = { ...record, state: 'claimed', claimedAt: this.#clock.now() };
    if (!(await this.#write(command.request_id, version, claimed))) return null;
    const outcome = await this.#execute(command, kind, claimed, actor, options);
    return { ...outcome, approval };
  }

  async #execute(
    command: Command,
    kind: ActionKind,
    record: CommandRecord,
    actor: string,
    options: DispatchOptions,
  ): Promise<DispatchOutcome> {
    const { registry, audit, bus, store } = this.#options;
    let actuator: Actuator;
    try {
      actuator = registry.resolve(command, kind);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const response = make(command, 501, message, {
        error_code: OpenMdrError.isInstance(error) ? error.code : 'UNKNOWN',
      });
      await this.#finish(command, kind, record, response, actor);
      return { response, kind, decision: record.decision, replayed: false };
    }
    if (kind !== 'query_features')
      await this.#remember({ kind, at: this.#clock.now(), target: targetKey(command.target) });
    await audit?.append({
      type: 'command.sent',
      actor,
      requestId: command.request_id,
      data: { actuator: actuator.id, kind },
    });
    bus?.emit('action.requested', {
      tenant: store.tenant,
      id: command.request_id,
      action: kind,
      target: command.target as JsonValue,
      ...(options.incidentId === undefined ? {} : { incidentId: options.incidentId }),
    });
    const started = await actuator.start(command, kind);
    const handle = started.results?.['x-openmdr']?.handle;
    if (started.status === 102 && handle !== undefined) {
      const pending: CommandRecord = { ...record, state: 'pending', actuator: actuator.id, handle };
      await this.#overwrite(command.request_id, pending);
      await audit?.append({
        type: 'state.changed',
        actor: actuator.id,
        requestId: command.request_id,
        data: {
          state: 'pending',
          connectorAction: started.results?.['x-openmdr']?.connector_action ?? null,
        },
      });
      return this.#poll(actuator, command, kind, pending, handle, actor, false, options);
    }
    await this.#finish(command, kind, { ...record, actuator: actuator.id }, started, actor);
    return { response: started, kind, decision: record.decision, replayed: false };
  }

  async #poll(
    actuator: Actuator,
    command: Command,
    kind: ActionKind,
    record: CommandRecord,
    handle: string,
    actor: string,
    replayed: boolean,
    _options: DispatchOptions,
  ): Promise<DispatchOutcome> {
    const deadline = this.#clock.now() + (this.#options.pollTimeoutMs ?? 300_000);
    let current = make(command, 102, 'Processing', { connector: actuator.id, handle });
    for (;;) {
      await this.#sleep(this.#options.pollIntervalMs ?? 2_000);
      current = await actuator.poll(command, kind, handle);
      if (current.status !== 102) break;
      if (this.#clock.now() >= deadline) {
        return { response: current, kind, decision: record.decision, replayed };
      }
    }
    await this.#finish(command, kind, record, current, actor);
    return { response: current, kind, decision: record.decision, replayed };
  }

  async #finish(
    command: Command,
    kind: ActionKind,
    record: CommandRecord,
    response: CommandResponse,
    actor: string,
  ): Promise<void> {
    await this.#overwrite(command.request_id, { ...record, state: 'completed', response });
    await this.#options.audit?.append({
      type: 'command.response',
      actor: record.actuator ?? actor,
      requestId: command.request_id,
      data: response,
    });
    await this.#options.audit?.append({
      type: 'state.changed',
      actor: record.actuator ?? actor,
      requestId: command.request_id,
      data: { state: 'completed', status: response.status },
    });
    const succeeded = response.status === 200;
    this.#emitCompleted(
      command,
      kind,
      succeeded ? 'succeeded' : 'failed',
      succeeded
        ? undefined
        : {
            code: response.results?.['x-openmdr']?.error_code ?? `OPENC2_${response.status}`,
            message: response.status_text ?? '',
          },
    );
  }

  #emitCompleted(
    command: Command,
    kind: ActionKind,
    status: 'succeeded' | 'failed' | 'skipped',
    error?: { code: string; message: string },
  ): void {
    this.#options.bus?.emit('action.completed', {
      tenant: this.#options.store.tenant,
      id: command.request_id,
      action: kind,
      status,
      ...(error === undefined ? {} : { error }),
    });
  }

  /** Writes with compare-and-set; false when another dispatcher wrote first. */
  async #write(requestId: string, version: number | null, record: CommandRecord): Promise<boolean> {
    try {
      await this.#options.store.state.compareAndSet(
        recordKey(requestId),
        version,
        record as Stored,
      );
      return true;
    } catch (error) {
      if (CompareAndSetConflict.isInstance(error)) return false;
      throw error;
    }
  }

  /** Writes a record this dispatcher owns (it holds the claim). */
  async #overwrite(requestId: string, record: CommandRecord): Promise<void> {
    await this.#options.store.state.set(recordKey(requestId), record as Stored);
  }

  /** Keeps the entry for blast-radius limits: only kinds a limit counts, over the longest window. */
  async #remember(entry: ActionHistoryEntry): Promise<void> {
    const limits = this.#options.policy.limits.filter(
      (limit) => limit.actions === '*' || limit.actions.includes(entry.kind),
    );
    if (limits.length === 0) return;
    const windowMs = Math.max(...limits.map((limit) => limit.windowMs));
    const { state } = this.#options.store;
    for (;;) {
      const current = await state.get<JsonValue>(HISTORY_KEY);
      const since = entry.at - windowMs;
      const entries = ((current?.value ?? []) as unknown as ActionHistoryEntry[]).filter(
        (item) => item.at > since,
      );
      entries.push(entry);
      try {
        await state.compareAndSet(
          HISTORY_KEY,
          current?.version ?? null,
          entries as unknown as JsonValue,
        );
        return;
      } catch (error) {
        if (!CompareAndSetConflict.isInstance(error)) throw error;
      }
    }
  }
}
