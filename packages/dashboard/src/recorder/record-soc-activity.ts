/**
 * The recorder: keeps, per tenant, what the dashboard shows and the store does not already hold
 * (findings, incidents, response actions, connector health, the tenant list), from the bus.
 *
 * @module
 */
import {
  type Clock,
  type JsonValue,
  type OpenMdrBus,
  type OpenMdrEvents,
  type Store,
  systemClock,
} from '@openmdr/core';
import { findingRowOf, incidentOf } from './finding-fields.js';
import {
  CONNECTORS_KEY,
  FINDINGS_STREAM,
  INCIDENTS_KEY,
  REGISTRY_TENANT,
  RUNS_KEY,
  type StoredConnector,
  type StoredIncident,
  type StoredRun,
  TENANTS_KEY,
  updateDocument,
} from './storage-layout.js';

/** Options of {@link recordSocActivity}. */
export interface RecordSocActivityOptions {
  /** Where the records go (each tenant's through `store.forTenant`). */
  readonly store: Store;
  /** The bus OpenMDR's packages emit on. */
  readonly bus: OpenMdrBus;
  /** Record only these tenants; default every tenant seen on the bus. */
  readonly tenants?: readonly string[] | undefined;
  /** Stamps records. Default: the system clock. */
  readonly clock?: Clock | undefined;
  /** Incidents and runs kept per tenant (oldest closed dropped first). Default 5 000 / 1 000. */
  readonly maxIncidents?: number | undefined;
  readonly maxRuns?: number | undefined;
  /** Told of each record that failed (the failure is counted, the recorder goes on). */
  readonly onError?: ((failure: { event: string; error: unknown }) => void) | undefined;
}

/** A running recorder. */
export interface SocActivityRecorder {
  /** Unsubscribes from the bus (pending writes still finish; await {@link flush}). */
  stop(): void;
  /** Resolves when every write started so far has finished. */
  flush(): Promise<void>;
  /** How many events could not be recorded (bad payloads, store failures). */
  readonly failures: number;
}

type Payload<E extends keyof OpenMdrEvents> = OpenMdrEvents[E];

/**
 * Subscribes to the bus and records, into each tenant's store:
 * - findings (`finding.created`) as compact rows in the log stream `dashboard.findings`, appended
 *   once per finding id: title, severity, source (product or analytic), ATT&CK tactics and
 *   techniques, risk score and its explanation;
 * - incidents (`incident.created`, `incident.updated`): status and severity per id;
 * - response actions (`action.requested`, `action.completed`): name, status, start and end;
 * - connector health (`event.accepted`, `event.rejected`, `checkpoint.committed`): counters and
 *   last times per pipeline;
 * - the tenant registry, so that `tenant=*` lists every tenant seen.
 *
 * Writes of one tenant run in order. A listener never throws into the bus: a failed record is
 * counted in `failures` (and passed to `onError`) and the recorder goes on.
 *
 * @example
 * ```ts
 * const recorder = recordSocActivity({ store, bus });
 * // … later
 * recorder.stop();
 * await recorder.flush();
 * ```
 */
export function recordSocActivity(options: RecordSocActivityOptions): SocActivityRecorder {
  const { store, bus } = options;
  const clock = options.clock ?? systemClock;
  const only = options.tenants === undefined ? undefined : new Set(options.tenants);
  const maxIncidents = options.maxIncidents ?? 5_000;
  const maxRuns = options.maxRuns ?? 1_000;
  const queues = new Map<string, Promise<void>>();
  const known = new Set<string>();
  let failures = 0;

  const fail = (event: string, error: unknown): void => {
    failures += 1;
    try {
      options.onError?.({ event, error });
    } catch {
      // the error hook must not break the recorder either
    }
  };

  const enqueue = (event: string, tenant: string, work: () => Promise<void>): void => {
    const previous = queues.get(tenant) ?? Promise.resolve();
    const next = previous.then(work).catch((error: unknown) => fail(event, error));
    queues.set(tenant, next);
  };

  const registerTenant = (event: string, tenant: string): void => {
    if (known.has(tenant)) return;
    known.add(tenant);
    enqueue(event, REGISTRY_TENANT, () =>
      updateDocument<true>(store.forTenant(REGISTRY_TENANT).state, TENANTS_KEY, (tenants) =>
        tenants[tenant] === true ? tenants : { ...tenants, [tenant]: true },
      ),
    );
  };

  /** Wraps a handler: checks the tenant, queues the write, never throws. */
  const on = <E extends keyof OpenMdrEvents & string>(
    event: E,
    handle: (payload: Payload<E>, tenant: string) => Promise<void>,
  ): (() => void) =>
    bus.on(event, (payload: Payload<E>) => {
      try {
        const tenant = (payload as { tenant?: unknown } | null)?.tenant;
        if (typeof tenant !== 'string' || tenant === '' || tenant === REGISTRY_TENANT) {
          throw new TypeError(`${event} without a tenant`);
        }
        if (only !== undefined && !only.has(tenant)) return;
        registerTenant(event, tenant);
        enqueue(event, tenant, () => handle(payload, tenant));
      } catch (error) {
        fail(event, error);
      }
    });

  const updateIncident = async (tenant: string, id: string, incident: unknown) => {
    if (typeof id !== 'string' || id === '') throw new TypeError('incident without an id');
    const item = (incident ?? {}) as Record<string, unknown>;
    const now = clock.now();
    await updateDocument<StoredIncident>(store.forTenant(tenant).state, INCIDENTS_KEY, (all) => {
      all[id] = incidentOf(item, now, all[id]);
      return trim(all, maxIncidents, (entry) => (entry.open ? 1 : 0), 'updatedAt');
    });
  };

  const connector = (
    tenant: string,
    pipeline: unknown,
    change: (current: StoredConnector, now: number) => StoredConnector,
  ) => {
    if (typeof pipeline !== 'string' || pipeline === '') {
      throw new TypeError('connector event without a pipeline');
    }
    const now = clock.now();
    return updateDocument<StoredConnector>(store.forTenant(tenant).state, CONNECTORS_KEY, (all) => {
      all[pipeline] = change(
        all[pipeline] ?? {
          accepted: 0,
          rejected: 0,
          lastEventAt: null,
          lastRejectedAt: null,
          lastCheckpointAt: null,
        },
        now,
      );
      return all;
    });
  };

  const unsubscribers = [
    on('finding.created', async ({ id, finding }, tenant) => {
      const findingId =
        typeof id === 'string' && id !== ''
          ? id
          : (((finding as { finding_info?: { uid?: unknown } })?.finding_info?.uid as string) ??
            '');
      if (findingId === '') throw new TypeError('finding without an id');
      if (typeof finding !== 'object' || finding === null) {
        throw new TypeError('finding.created without a finding');
      }
      const row = findingRowOf(findingId, finding, clock.now());
      await store
        .forTenant(tenant)
        .log.appendOnce(FINDINGS_STREAM, [{ key: findingId, data: row as unknown as JsonValue }]);
    }),
    on('incident.created', ({ id, incident }, tenant) => updateIncident(tenant, id, incident)),
    on('incident.updated', ({ id, incident }, tenant) => updateIncident(tenant, id, incident)),
    on('action.requested', async ({ id, action, incidentId }, tenant) => {
      if (typeof id !== 'string' || id === '') throw new TypeError('action without an id');
      const now = clock.now();
      await updateDocument<StoredRun>(store.forTenant(tenant).state, RUNS_KEY, (all) => {
        all[id] = {
          name: typeof action === 'string' ? action : 'action',
          status: all[id]?.status ?? 'requested',
          startedAt: all[id]?.startedAt ?? now,
          finishedAt: all[id]?.finishedAt ?? null,
          incidentId: typeof incidentId === 'string' ? incidentId : null,
        };
        return trim(all, maxRuns, () => 0, 'startedAt');
      });
    }),
    on('action.completed', async ({ id, action, status }, tenant) => {
      if (typeof id !== 'string' || id === '') throw new TypeError('action without an id');
      const now = clock.now();
      await updateDocument<StoredRun>(store.forTenant(tenant).state, RUNS_KEY, (all) => {
        const previous = all[id];
        all[id] = {
          name: typeof action === 'string' ? action : (previous?.name ?? 'action'),
          status: typeof status === 'string' ? status : 'completed',
          startedAt: previous?.startedAt ?? now,
          finishedAt: now,
          incidentId: previous?.incidentId ?? null,
        };
        return trim(all, maxRuns, () => 0, 'startedAt');
      });
    }),
    on('event.accepted', ({ pipeline, count }, tenant) =>
      connector(tenant, pipeline, (current, now) => ({
        ...current,
        accepted: current.accepted + (Number.isFinite(count) && count > 0 ? count : 0),
        lastEventAt: now,
      })),
    ),
    on('event.rejected', ({ pipeline }, tenant) =>
      connector(tenant, pipeline, (current, now) => ({
        ...current,
        rejected: current.rejected + 1,
        lastRejectedAt: now,
      })),
    ),
    on('checkpoint.committed', ({ pipeline }, tenant) =>
      connector(tenant, pipeline, (current, now) => ({ ...current, lastCheckpointAt: now })),
    ),
  ];

  return {
    stop() {
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
    },
    async flush() {
      // Writes queued while waiting are awaited too.
      for (;;) {
        const pending = [...queues.values()];
        await Promise.all(pending);
        if ([...queues.values()].every((queue, index) => queue === pending[index])) return;
      }
    },
    get failures() {
      return failures;
    },
  };
}

/**
 * Keeps at most `max` entries: drops those with the lowest `keep` rank first (closed incidents
 * before open ones), oldest first.
 */
function trim<T>(
  all: Record<string, T>,
  max: number,
  keep: (entry: T) => number,
  time: { [K in keyof T]: T[K] extends number ? K : never }[keyof T],
): Record<string, T> {
  const ids = Object.keys(all);
  if (ids.length <= max) return all;
  const sorted = ids.sort((a, b) => {
    const left = all[a] as T;
    const right = all[b] as T;
    return keep(left) - keep(right) || Number(left[time]) - Number(right[time]);
  });
  for (const id of sorted.slice(0, ids.length - max)) delete all[id];
  return all;
}
