import type { OcsfPart } from './compact.js';

/** Directional counters of a flow, as sensors report them (any may be missing). */
export interface TrafficCounters {
  /** Bytes from the source (originator, client) to the destination. */
  bytesOut?: number | undefined;
  /** Bytes from the destination back to the source. */
  bytesIn?: number | undefined;
  /** Packets from the source to the destination. */
  packetsOut?: number | undefined;
  /** Packets from the destination back to the source. */
  packetsIn?: number | undefined;
  /** Bytes the sensor missed (gaps in the capture). */
  bytesMissed?: number | undefined;
}

const total = (left: number | undefined, right: number | undefined): number | undefined =>
  left === undefined && right === undefined ? undefined : (left ?? 0) + (right ?? 0);

/**
 * The OCSF `traffic` object of a flow: the directional counters and their totals (`bytes`,
 * `packets`), a total only when at least one side is known. Empty values are left for
 * `buildEvent` to prune.
 */
export function trafficPart(counters: TrafficCounters): OcsfPart {
  return {
    bytes_out: counters.bytesOut,
    bytes_in: counters.bytesIn,
    bytes: total(counters.bytesOut, counters.bytesIn),
    packets_out: counters.packetsOut,
    packets_in: counters.packetsIn,
    packets: total(counters.packetsOut, counters.packetsIn),
    bytes_missed: counters.bytesMissed,
  };
}

/** OCSF HTTP Activity (4002) `activity_id` by request method (RFC 9110 methods and PATCH). */
const HTTP_METHOD_ACTIVITY: Readonly<Record<string, number>> = {
  CONNECT: 1,
  DELETE: 2,
  GET: 3,
  HEAD: 4,
  OPTIONS: 5,
  POST: 6,
  PUT: 7,
  TRACE: 8,
  PATCH: 9,
};

/**
 * The OCSF HTTP Activity `activity_id` of a request method (any case): 0 (Unknown) without a
 * method, 99 (Other) for one OCSF does not name (`PROPFIND`, …).
 */
export function httpActivityId(method: string | undefined): number {
  if (method === undefined || method === '') return 0;
  return HTTP_METHOD_ACTIVITY[method.toUpperCase()] ?? 99;
}

/** True for a request method OCSF's `http_request.http_method` enumerates. */
export function isOcsfHttpMethod(method: string | undefined): boolean {
  return method !== undefined && method.toUpperCase() in HTTP_METHOD_ACTIVITY;
}
