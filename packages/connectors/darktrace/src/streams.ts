import type { StreamDefinition } from '@openmdr/connector-kit';
import { type IncrementalState, incrementalRead } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import type { DarktraceClient } from './client.js';
import type { DarktraceConfig } from './config.js';
import { normalizeDarktraceIncident } from './normalize-incident.js';
import { normalizeDarktraceModelBreach } from './normalize-model-breach.js';

/** The model breach list endpoint. */
export const DARKTRACE_MODEL_BREACHES_PATH = '/modelbreaches';
/** The AI Analyst incident event list endpoint. */
export const DARKTRACE_INCIDENTS_PATH = '/aianalyst/incidentevents';

const DAY_MS = 86_400_000;

/** Epoch ms of a numeric or ISO time field, NaN when absent. */
function msOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.NaN;
}

/**
 * Time-window requests (`starttime` … `endtime`, epoch ms, answered with a bare array) from
 * `since` to the vendor's now, `windowMs` at a time, oldest first: one page per window. "Now" is
 * fixed after the first response, once the HTTP client has learnt the vendor's clock from its
 * `Date` header, and the first window is always requested, so a skewed local clock neither skips
 * the read nor walks through hours of empty windows.
 */
async function* windowPages(
  client: DarktraceClient,
  path: string,
  since: number,
  windowMs: number,
  query: Record<string, string | number | boolean>,
): AsyncIterable<{ records: JsonRecord[] }> {
  // one second past "now" so a record stamped this instant is not left out
  const until = () => client.api.serverNow() + 1_000;
  let start = since;
  let stop = Math.max(until(), start + windowMs);
  let first = true;
  while (start < stop) {
    const end = Math.min(start + windowMs, stop);
    const response = await client.api.request<unknown>({
      path,
      query: { starttime: start, endtime: end, ...query },
    });
    if (first) {
      // the first response taught the client the vendor's clock: read up to the vendor's now
      stop = Math.max(until(), end);
      first = false;
    }
    yield { records: Array.isArray(response.data) ? (response.data as JsonRecord[]) : [] };
    start = end;
  }
}

function startOf(config: DarktraceConfig, client: DarktraceClient): number {
  return config.startAt ? Date.parse(config.startAt) : client.api.serverNow() - DAY_MS;
}

/**
 * The `model-breaches` stream: `GET /modelbreaches?starttime=&endtime=&minscore=&expandenums=true&historicmodelonly=true`
 * from the watermark minus `lookbackMs` to now, one window of `windowMs` at a time; each breach (`pbid`) is delivered once.
 */
export const modelBreachesStream: StreamDefinition<DarktraceConfig, DarktraceClient> = {
  read: ({ client, config }, state) =>
    incrementalRead<JsonRecord>({
      state: state as IncrementalState | undefined,
      startAt: startOf(config, client),
      lookbackMs: config.lookbackMs,
      idOf: (breach) => String(breach['pbid']),
      timeOf: (breach) => msOf(breach['time']),
      pages: (since) =>
        windowPages(client, DARKTRACE_MODEL_BREACHES_PATH, since, config.windowMs, {
          minscore: config.minScore,
          expandenums: true,
          historicmodelonly: true,
        }),
    }),
  normalize: (raw) => normalizeDarktraceModelBreach(raw),
};

/**
 * The `ai-analyst-incidents` stream: `GET /aianalyst/incidentevents?starttime=&endtime=` from the
 * watermark minus `lookbackMs` to now; each incident event (`id`) is delivered once.
 */
export const aiAnalystIncidentsStream: StreamDefinition<DarktraceConfig, DarktraceClient> = {
  read: ({ client, config }, state) =>
    incrementalRead<JsonRecord>({
      state: state as IncrementalState | undefined,
      startAt: startOf(config, client),
      lookbackMs: config.lookbackMs,
      idOf: (incident) => String(incident['id']),
      timeOf: (incident) => msOf(incident['createdAt']),
      pages: (since) => windowPages(client, DARKTRACE_INCIDENTS_PATH, since, config.windowMs, {}),
    }),
  normalize: (raw) => normalizeDarktraceIncident(raw),
};
