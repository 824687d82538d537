import {
  type Clock,
  CompareAndSetConflict,
  type JsonValue,
  type OpenMdrBus,
  systemClock,
  type TenantStore,
} from '@openmdr/core';
import type { AuditLog } from '../audit/audit-log.js';
import { ApprovalError } from './approval-errors.js';
import type { Approval, ApprovalRequest, Approver } from './approval-types.js';

/** Options of {@link ApprovalService}. */
export interface ApprovalServiceOptions {
  /** The tenant's store: approvals live in its state. */
  store: TenantStore;
  /** Where `approval.*` events go. */
  bus?: OpenMdrBus;
  /** Where every request, decision, escalation and expiry is recorded. */
  audit?: AuditLog;
  clock?: Clock;
  /** Who may decide by default. Default `['responders']`. */
  approverGroups?: readonly string[];
  /** Default expiry, in ms. Default one hour. */
  expiresAfterMs?: number;
  /** Default escalation: after `afterMs`, `group` may decide too. */
  escalation?: { afterMs: number; group: string };
}

const PENDING_KEY = 'approvals:pending';
const keyOf = (id: string) => `approval:${id}`;

type Stored = Approval & { [key: string]: JsonValue };

/**
 * Approvals of response commands, per tenant: request, approve or deny (with the approver's
 * identity and reason), expiry and escalation to a second group. Approvals are kept in the core
 * store with compare-and-set (so two approvers racing get one decision), emitted as bus events
 * (`approval.requested`, `approval.decided`, `approval.escalated`, `approval.expired`) and
 * recorded in the audit log. Call {@link ApprovalService.expire} periodically (or before reading)
 * to expire and escalate what is due.
 */
export class ApprovalService {
  readonly #store: TenantStore;
  readonly #bus: OpenMdrBus | undefined;
  readonly #audit: AuditLog | undefined;
  readonly #clock: Clock;
  readonly #groups: readonly string[];
  readonly #expiresAfterMs: number;
  readonly #escalation: { afterMs: number; group: string } | undefined;

  constructor(options: ApprovalServiceOptions) {
    this.#store = options.store;
    this.#bus = options.bus;
    this.#audit = options.audit;
    this.#clock = options.clock ?? systemClock;
    this.#groups = options.approverGroups ?? ['responders'];
    this.#expiresAfterMs = options.expiresAfterMs ?? 3_600_000;
    this.#escalation = options.escalation;
  }

  /** Asks for approval of a command. Idempotent by id: asking again returns the existing approval. */
  async request(request: ApprovalRequest): Promise<Approval> {
    const now = this.#clock.now();
    const id = request.id ?? `approval:${request.command.request_id}`;
    const escalation =
      request.escalation === undefined ? this.#escalation : (request.escalation ?? undefined);
    const approval: Approval = {
      id,
      tenant: this.#store.tenant,
      requestId: request.command.request_id,
      command: request.command,
      reason: request.reason,
      requestedBy: request.requestedBy,
      requestedAt: now,
      expiresAt: now + (request.expiresAfterMs ?? this.#expiresAfterMs),
      approverGroups: [...(request.approverGroups ?? this.#groups)],
      ...(escalation === undefined
        ? {}
        : { escalation: { at: now + escalation.afterMs, group: escalation.group, done: false } }),
      status: 'pending',
    };
    try {
      await this.#store.state.compareAndSet(keyOf(id), null, approval as Stored);
    } catch (error) {
      if (!CompareAndSetConflict.isInstance(error)) throw error;
      const existing = await this.get(id);
      if (existing !== undefined) return existing;
      throw error;
    }
    await this.#updatePending((ids) => (ids.includes(id) ? ids : [...ids, id]));
    await this.#audit?.append({
      type: 'approval.requested',
      actor: request.requestedBy,
      requestId: approval.requestId,
      data: {
        approvalId: id,
        reason: request.reason,
        approverGroups: approval.approverGroups,
        expiresAt: approval.expiresAt,
      },
    });
    this.#bus?.emit('approval.requested', {
      tenant: this.#store.tenant,
      id,
      actionId: approval.requestId,
      reason: request.reason,
    });
    return approval;
  }

  /** The approval with this id (expired and escalated first when due). */
  async get(id: string): Promise<Approval | undefined> {
    await this.#advance(id);
    return (await this.#store.state.get<Stored>(keyOf(id)))?.value;
  }

  /** Approves. @throws ApprovalError when unknown, closed, expired or the approver may not decide. */
  approve(id: string, approver: Approver, reason: string): Promise<Approval> {
    return this.#decide(id, approver, reason, 'approved');
  }

  /** Denies. @throws ApprovalError when unknown, closed, expired or the approver may not decide. */
  deny(id: string, approver: Approver, reason: string): Promise<Approval> {
    return this.#decide(id, approver, reason, 'denied');
  }

  /** Pending approvals, oldest first (after expiring and escalating what is due). */
  async listPending(): Promise<Approval[]> {
    await this.expire();
    const ids = (await this.#store.state.get<string[]>(PENDING_KEY))?.value ?? [];
    const approvals: Approval[] = [];
    for (const id of ids) {
      const approval = (await this.#store.state.get<Stored>(keyOf(id)))?.value;
      if (approval?.status === 'pending') approvals.push(approval);
    }
    return approvals;
  }

  /**
   * Expires pending approvals past their expiry and escalates those past their escalation time.
   * Returns what changed.
   */
  async expire(): Promise<{ expired: string[]; escalated: string[] }> {
    const ids = (await this.#store.state.get<string[]>(PENDING_KEY))?.value ?? [];
    const expired: string[] = [];
    const escalated: string[] = [];
    for (const id of ids) {
      const change = await this.#advance(id);
      if (change === 'expired') expired.push(id);
      if (change === 'escalated') escalated.push(id);
    }
    return { expired, escalated };
  }

  async #advance(id: string): Promise<'expired' | 'escalated' | null> {
    for (;;) {
      const current = await this.#store.state.get<Stored>(keyOf(id));
      if (current === undefined || current.value.status !== 'pending') return null;
      const approval = current.value;
      const now = this.#clock.now();
      let next: Approval;
      let change: 'expired' | 'escalated';
      if (now >= approval.expiresAt) {
        next = {
          ...approval,
          status: 'expired',
          decision: { by: 'system', at: now, reason: 'expired' },
        };
        change = 'expired';
      } else if (
        approval.escalation &&
        !approval.escalation.done &&
        now >= approval.escalation.at
      ) {
        next = {
          ...approval,
          approverGroups: approval.approverGroups.includes(approval.escalation.group)
            ? approval.approverGroups
            : [...approval.approverGroups, approval.escalation.group],
          escalation: { ...approval.escalation, done: true },
        };
        change = 'escalated';
      } else {
        return null;
      }
      try {
        await this.#store.state.compareAndSet(keyOf(id), current.version, next as Stored);
      } catch (error) {
        if (CompareAndSetConflict.isInstance(error)) continue;
        throw error;
      }
      if (change === 'expired') {
        await this.#updatePending((ids) => ids.filter((other) => other !== id));
        await this.#audit?.append({
          type: 'approval.expired',
          requestId: approval.requestId,
          data: { approvalId: id, expiresAt: approval.expiresAt },
        });
        this.#bus?.emit('approval.expired', {
          tenant: this.#store.tenant,
          id,
          actionId: approval.requestId,
        });
      } else {
        const group = approval.escalation?.group ?? '';
        await this.#audit?.append({
          type: 'approval.escalated',
          requestId: approval.requestId,
          data: { approvalId: id, group },
        });
        this.#bus?.emit('approval.escalated', {
          tenant: this.#store.tenant,
          id,
          actionId: approval.requestId,
          group,
        });
      }
      return change;
    }
  }

  async #decide(
    id: string,
    approver: Approver,
    reason: string,
    status: 'approved' | 'denied',
  ): Promise<Approval> {
    await this.#advance(id);
    for (;;) {
      const current = await this.#store.state.get<Stored>(keyOf(id));
      if (current === undefined) {
        throw new ApprovalError('RESPONSE_APPROVAL_NOT_FOUND', `no approval ${id}`, {
          details: { id },
        });
      }
      const approval = current.value;
      if (approval.status !== 'pending') {
        throw new ApprovalError(
          'RESPONSE_APPROVAL_CLOSED',
          `approval ${id} is already ${approval.status}`,
          {
            details: { id, status: approval.status },
          },
        );
      }
      if (!approver.groups.some((group) => approval.approverGroups.includes(group))) {
        throw new ApprovalError(
          'RESPONSE_APPROVAL_FORBIDDEN',
          `${approver.id} is in none of the groups that may decide ${id} (${approval.approverGroups.join(', ')})`,
          { details: { id, approver: approver.id } },
        );
      }
      if (reason.trim() === '') {
        throw new ApprovalError(
          'RESPONSE_APPROVAL_FORBIDDEN',
          `a decision on ${id} needs a reason`,
          {
            details: { id, approver: approver.id },
          },
        );
      }
      const next: Approval = {
        ...approval,
        status,
        decision: { by: approver.id, at: this.#clock.now(), reason },
      };
      try {
        await this.#store.state.compareAndSet(keyOf(id), current.version, next as Stored);
      } catch (error) {
        if (CompareAndSetConflict.isInstance(error)) continue;
        throw error;
      }
      await this.#updatePending((ids) => ids.filter((other) => other !== id));
      await this.#audit?.append({
        type: 'approval.decided',
        actor: approver.id,
        requestId: approval.requestId,
        data: { approvalId: id, decision: status, reason },
      });
      this.#bus?.emit('approval.decided', {
        tenant: this.#store.tenant,
        id,
        actionId: approval.requestId,
        decision: status === 'approved' ? 'approved' : 'rejected',
        by: approver.id,
      });
      return next;
    }
  }

  async #updatePending(update: (ids: string[]) => string[]): Promise<void> {
    for (;;) {
      const current = await this.#store.state.get<string[]>(PENDING_KEY);
      try {
        await this.#store.state.compareAndSet(
          PENDING_KEY,
          current?.version ?? null,
          update(current?.value ?? []),
        );
        return;
      } catch (error) {
        if (!CompareAndSetConflict.isInstance(error)) throw error;
      }
    }
  }
}
