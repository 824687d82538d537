import { createHash } from 'node:crypto';
import type {
  SimulatorRecord,
  SimulatorRequest,
  SimulatorResponse,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';
import { liveRecords, sortRecords } from '@openmdr/connector-kit/simulator';

/** The simulated feed key (an obvious placeholder), sent as `Auth-Key`. */
export const INTEL_FEEDS_API_KEY = 'sim-feed-api-key-0123456789abcdef';

/**
 * One simulated feed file: its rows (records with a `value`, a `first_seen` — ISO 8601, the
 * order of the file — and, for CSV, more columns), rendered as a plain list or CSV.
 */
export interface SimulatedFeed {
  /** `list` (values, one a line, after a `#` comment header) or `csv` (a header row). */
  format: 'list' | 'csv';
  /** The rows. */
  rows: readonly SimulatorRecord[];
}

/** What the simulated feed server serves: feeds by path (`/feeds/c2-ips.txt`). */
export interface IntelFeedsSimulatorData {
  /** Feeds by path. Default: one empty list at `/feeds/iocs.txt`. */
  feeds?: Readonly<Record<string, SimulatedFeed>>;
}

/** Renders a feed's rows as the file the server sends. */
export function renderFeed(format: 'list' | 'csv', rows: readonly SimulatorRecord[]): string {
  const ordered = sortRecords(rows, 'first_seen', 'value');
  if (format === 'list')
    return `# OpenMDR simulated indicator feed\n# one value a line\n${ordered.map((row) => `${String(row['value'])}\n`).join('')}`;
  const columns = [...new Set(ordered.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown) => {
    const text = value === undefined || value === null ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${columns.join(',')}\n${ordered.map((row) => `${columns.map((name) => cell(row[name])).join(',')}\n`).join('')}`;
}

/**
 * Serves one feed with `ETag` (a digest of the body) and `Last-Modified` (the newest
 * `first_seen`), answering `If-None-Match` / `If-Modified-Since` with 304 as HTTP servers do.
 */
function serveFeed(
  request: SimulatorRequest,
  path: string,
  format: 'list' | 'csv',
): SimulatorResponse {
  const rows = liveRecords(request, path);
  const body = renderFeed(format, rows);
  const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
  const newest = Math.max(0, ...rows.map((row) => Date.parse(String(row['first_seen']))));
  const lastModified = new Date(Math.floor(newest / 1000) * 1000).toUTCString();
  const validators = { etag, 'last-modified': lastModified };
  const ifNoneMatch = request.headers['if-none-match'];
  const ifModifiedSince = request.headers['if-modified-since'];
  const unchanged =
    ifNoneMatch !== undefined
      ? ifNoneMatch.split(',').some((tag) => tag.trim() === etag)
      : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(lastModified);
  if (unchanged) return { status: 304, headers: validators };
  return {
    headers: {
      ...validators,
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8',
    },
    body,
  };
}

/** Routes of the simulated feed server over its datasets (register it with `registerSimulator`). */
export function intelFeedsRoutes(data: IntelFeedsSimulatorData = {}): SimulatorRoute[] {
  const feeds = data.feeds ?? { '/feeds/iocs.txt': { format: 'list', rows: [] } };
  return Object.entries(feeds).map(([path, feed]) => ({
    method: 'GET',
    path,
    handle: (request) => serveFeed(request, path, feed.format),
  }));
}

/** Simulator options serving `data` to requests with `Auth-Key: <INTEL_FEEDS_API_KEY>`. */
export function intelFeedsSimulatorOptions(
  data: IntelFeedsSimulatorData = {},
): VendorSimulatorOptions {
  const feeds = data.feeds ?? { '/feeds/iocs.txt': { format: 'list', rows: [] } };
  return {
    auth: { type: 'header', header: 'auth-key', value: INTEL_FEEDS_API_KEY },
    datasets: Object.entries(feeds).map(([path, feed]) => ({
      path,
      cursor: 'time-window' as const,
      records: [...feed.rows],
      idField: 'value',
      timeField: 'first_seen',
    })),
    routes: intelFeedsRoutes({ feeds }),
  };
}
