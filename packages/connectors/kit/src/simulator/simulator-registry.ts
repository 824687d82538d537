import type { SimulatorRecord, SimulatorRequest } from './simulator-types.js';
import type { VendorSimulator } from './vendor-simulator.js';

/**
 * Vendor-shaped routes (CrowdStrike's query-then-entities, Graph's OData, …) read the simulator's
 * live datasets, to which callers add records with `addRecord` while it runs. The simulator hands
 * a route only the request, so running simulators are registered here by host and a route finds
 * its own from the request's `Host` header.
 */
const running = new Map<string, VendorSimulator>();

/** Registers a running simulator so that its routes can read its datasets; returns it. */
export function registerSimulator(simulator: VendorSimulator): VendorSimulator {
  running.set(new URL(simulator.url).host, simulator);
  return simulator;
}

/** The live records of dataset `path` of the simulator serving `request`. */
export function liveRecords(request: SimulatorRequest, path: string): readonly SimulatorRecord[] {
  const simulator = running.get(request.headers['host'] ?? '');
  if (!simulator) throw new Error(`no registered simulator for host ${request.headers['host']}`);
  return simulator.records(path);
}

/** Time of a record field (ISO string or epoch ms), `NaN` when absent. */
export function recordTime(record: SimulatorRecord, field: string): number {
  const value = record[field];
  return typeof value === 'number' ? value : Date.parse(String(value ?? ''));
}

/** Records sorted by time then id. */
export function sortRecords(
  records: readonly SimulatorRecord[],
  timeField: string,
  idField: string,
): SimulatorRecord[] {
  return [...records].sort(
    (left, right) =>
      recordTime(left, timeField) - recordTime(right, timeField) ||
      String(left[idField]).localeCompare(String(right[idField])),
  );
}

/** Opaque page tokens: base64url of the offset. */
export const pageToken = {
  encode: (offset: number): string => Buffer.from(`page:${offset}`).toString('base64url'),
  decode: (token: string | null | undefined): number => {
    if (!token) return 0;
    const text = Buffer.from(token, 'base64url').toString();
    return text.startsWith('page:') ? Number(text.slice(5)) : 0;
  },
};
