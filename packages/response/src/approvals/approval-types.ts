import type { TenantId } from '@openmdr/core';
import type { Command } from '../actions/command.js';

/** Where an approval stands. */
export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired';

/** An approval of one command, as stored. */
export interface Approval {
  /** Approval id (default `approval:<request_id>`). */
  id: string;
  tenant: string;
  /** The command's request id. */
  requestId: string;
  /** The command waiting for it. */
  command: Command;
  /** Why approval is needed (the policy's reasons). */
  reason: string;
  /** Who asked (a person or a playbook run). */
  requestedBy: string;
  requestedAt: number;
  /** Epoch ms after which it can no longer be granted. */
  expiresAt: number;
  /** The groups whose members may decide now. */
  approverGroups: string[];
  /** Escalation: after `at`, `group` may decide too. */
  escalation?: { at: number; group: string; done: boolean };
  status: ApprovalStatus;
  /** The decision, once made. */
  decision?: { by: string; at: number; reason: string };
}

/** The approver deciding: their identity and the groups they belong to. */
export interface Approver {
  /** Identity (an email, a user id). */
  id: string;
  /** Groups they belong to; one must be among the approval's `approverGroups`. */
  groups: readonly string[];
}

/** What {@link ApprovalService.request} takes. */
export interface ApprovalRequest {
  /** The command needing approval. */
  command: Command;
  /** Why (shown to approvers). */
  reason: string;
  /** Who asks. */
  requestedBy: string;
  /** Approval id. Default `approval:<request_id>`, so asking twice gives one approval. */
  id?: string;
  /** Who may decide. Default: the service's `approverGroups`. */
  approverGroups?: readonly string[];
  /** Expiry, ms after the request. Default: the service's `expiresAfterMs`. */
  expiresAfterMs?: number;
  /** Escalation. Default: the service's `escalation`. */
  escalation?: { afterMs: number; group: string } | null;
}

declare module '@openmdr/core' {
  interface OpenMdrEvents {
    /** An approval was not decided in time. */
    'approval.expired': { tenant: TenantId; id: string; actionId: string };
    /** An approval was escalated to a second group. */
    'approval.escalated': { tenant: TenantId; id: string; actionId: string; group: string };
  }
}
