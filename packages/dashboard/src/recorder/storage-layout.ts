/**
 * Where the recorder keeps what the core store does not already hold, per tenant. The operations
 * read the same names.
 *
 * @module
 */
import { CompareAndSetConflict, type JsonValue, type StateStore } from '@openmdr/core';

/** The log stream of compact finding rows (appended once per finding id). */
export const FINDINGS_STREAM = 'dashboard.findings';
/** The state key of incidents by id. */
export const INCIDENTS_KEY = 'dashboard:incidents';
/** The state key of playbook runs and response actions by id. */
export const RUNS_KEY = 'dashboard:runs';
/** The state key of connector (pipeline) health counters by pipeline. */
export const CONNECTORS_KEY = 'dashboard:connectors';
/** The store tenant that holds the registry of known tenants (never listed as a tenant). */
export const REGISTRY_TENANT = 'openmdr.dashboard';
/** The state key (in {@link REGISTRY_TENANT}) listing every tenant seen on the bus. */
export const TENANTS_KEY = 'dashboard:tenants';

/** A recorded finding: the row the operations list, plus its stored risk explanation. */
export interface StoredFinding {
  id: string;
  time: number;
  title: string;
  severity: string;
  severityId: number;
  source: string;
  tactics: string[];
  techniques: string[];
  score: number | null;
  riskLevel: string | null;
  riskDetails: string | null;
}

/** A recorded incident (OCSF Incident Finding), compact. */
export interface StoredIncident {
  title: string;
  severity: string;
  severityId: number;
  status: string;
  open: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A recorded response action. */
export interface StoredRun {
  name: string;
  status: string;
  startedAt: number;
  finishedAt: number | null;
  incidentId: string | null;
}

/** A pipeline's counters. */
export interface StoredConnector {
  accepted: number;
  rejected: number;
  lastEventAt: number | null;
  lastRejectedAt: number | null;
  lastCheckpointAt: number | null;
}

/** Reads a state document (an object), `{}` when absent. */
export async function readDocument<T>(state: StateStore, key: string): Promise<Record<string, T>> {
  const found = await state.get(key);
  return (found?.value ?? {}) as unknown as Record<string, T>;
}

/**
 * Rewrites a state document with compare-and-set, rereading on conflict, so writers in several
 * processes do not lose each other's changes.
 */
export async function updateDocument<T>(
  state: StateStore,
  key: string,
  update: (current: Record<string, T>) => Record<string, T>,
): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const found = await state.get(key);
    const next = update({ ...((found?.value ?? {}) as unknown as Record<string, T>) });
    try {
      await state.compareAndSet(key, found?.version ?? null, next as unknown as JsonValue);
      return;
    } catch (error) {
      if (!CompareAndSetConflict.isInstance(error) || attempt >= 20) throw error;
    }
  }
}
