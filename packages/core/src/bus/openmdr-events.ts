import type { DeadLetter } from '../pipeline/dead-letter.js';
import type { TenantId } from '../runtime/tenant.js';
import type { JsonValue } from '../storage/types.js';
import type { StreamPartitionMetrics } from '../streams/types.js';
import { createEventBus, type EventBus, type EventBusOptions } from './event-bus.js';

/** An OCSF object (finding, incident) as carried on the bus. */
export type OcsfObject = Record<string, unknown>;

/**
 * The lifecycle events of OpenMDR, by name. Packages add their own with declaration merging:
 *
 * ```ts
 * declare module '@openmdr/core' {
 *   interface OpenMdrEvents { 'report.generated': { tenant: TenantId; id: string } }
 * }
 * ```
 */
export interface OpenMdrEvents {
  /** A pipeline wrote a batch to every sink. */
  'event.accepted': { tenant: TenantId; pipeline: string; count: number };
  /** A record went to the dead-letter sink. */
  'event.rejected': { tenant: TenantId; pipeline: string; deadLetter: DeadLetter };
  /** A pipeline committed its source's checkpoint. */
  'checkpoint.committed': {
    tenant: TenantId;
    pipeline: string;
    source: string;
    position: JsonValue;
  };
  /** A detection produced a finding (an OCSF Detection Finding). */
  'finding.created': { tenant: TenantId; id: string; finding: OcsfObject };
  /** Findings were grouped into a new incident (an OCSF Incident Finding). */
  'incident.created': { tenant: TenantId; id: string; incident: OcsfObject };
  /** An incident changed: status, severity, assignee, new findings. */
  'incident.updated': { tenant: TenantId; id: string; incident: OcsfObject; changes: string[] };
  /** A playbook asked for a response action. */
  'action.requested': {
    tenant: TenantId;
    id: string;
    action: string;
    target: JsonValue;
    incidentId?: string;
  };
  /** A response action finished. */
  'action.completed': {
    tenant: TenantId;
    id: string;
    action: string;
    status: 'succeeded' | 'failed' | 'skipped' | 'dry-run';
    error?: { code: string; message: string };
  };
  /** An action waits for a person's approval. */
  'approval.requested': { tenant: TenantId; id: string; actionId: string; reason: string };
  /** Someone approved or rejected an action. */
  'approval.decided': {
    tenant: TenantId;
    id: string;
    actionId: string;
    decision: 'approved' | 'rejected';
    by: string;
  };
  /** A stream consumer measured its group's lag and pending entries (per partition). */
  'stream.metrics': {
    tenant: TenantId;
    stream: string;
    group: string;
    partitions: StreamPartitionMetrics[];
    at: number;
  };
  /** A consumer took over a partition (and its pending entries) from another, or gave one up. */
  'stream.partition': {
    tenant: TenantId;
    stream: string;
    group: string;
    partition: number;
    consumer: string;
    change: 'assigned' | 'released' | 'claimed';
    /** Entries taken over from another consumer (`claimed`). */
    count?: number;
  };
  /** An SLA clock passed its deadline. */
  'sla.breached': {
    tenant: TenantId;
    incidentId: string;
    metric: string;
    dueAt: number;
    at: number;
  };
}

/** The bus that OpenMDR's packages emit on and embedders subscribe to. */
export type OpenMdrBus = EventBus<OpenMdrEvents>;

/** Creates an {@link OpenMdrBus}. */
export function createOpenMdrBus(options: EventBusOptions = {}): OpenMdrBus {
  return createEventBus<OpenMdrEvents>(options);
}
