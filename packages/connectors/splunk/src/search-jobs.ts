import type { HttpClient, Sleep } from '@openmdr/connector-kit';
import { ConnectorHttpError, ConnectorResponseError } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import { SplunkSearchJobError } from './errors.js';

/** A search job to dispatch: the SPL and its time bounds (epoch seconds or Splunk time modifiers). */
export interface SplunkSearchRequest {
  /** The SPL, starting with `search` or `|`. */
  search: string;
  /** `earliest_time`: the earliest `_time`. */
  earliestTime?: string;
  /** `latest_time`: the latest `_time` (exclusive). */
  latestTime?: string;
  /** `index_earliest`: the earliest `_indextime`. */
  indexEarliest?: string;
  /** `index_latest`: the latest `_indextime` (exclusive). */
  indexLatest?: string;
}

/** How a search job is run and read. */
export interface SplunkJobOptions {
  /** The management port client. */
  api: HttpClient;
  /** The app the job runs in (`/servicesNS/nobody/<app>/…`); absent: `/services/…`. */
  app?: string | undefined;
  /** Results per `results` request. */
  pageSize: number;
  /** Between two status polls, ms. */
  pollIntervalMs: number;
  /** How long the job may take, ms. */
  jobTimeoutMs: number;
  /** Sleep (the connector context's). */
  sleep: Sleep;
  /** Clock reading, epoch ms. */
  now: () => number;
  /** Cancels waiting. */
  signal?: AbortSignal | undefined;
}

/** `POST …/search/jobs` answers `{ sid }`. */
interface DispatchResponse {
  sid?: unknown;
}

/** `GET /services/search/jobs/{sid}?output_mode=json`: one entry whose content is the job. */
interface JobResponse {
  entry?: Array<{
    content?: {
      dispatchState?: string;
      isDone?: boolean;
      isFailed?: boolean;
      resultCount?: number;
      messages?: Array<{ type?: string; text?: string }>;
    };
  }>;
}

/** `GET …/results?output_mode=json`: the results of one page. */
interface ResultsResponse {
  results?: unknown;
}

/** The jobs path of an app (`/servicesNS/nobody/<app>/search/jobs`) or the default one. */
export function searchJobsPath(app?: string): string {
  return app
    ? `/servicesNS/nobody/${encodeURIComponent(app)}/search/jobs`
    : '/services/search/jobs';
}

const isNotFound = (error: unknown): boolean =>
  ConnectorHttpError.isInstance(error) && (error as ConnectorHttpError).status === 404;

/** Dispatches a normal (asynchronous) search job; returns its sid. */
export async function dispatchSearchJob(
  options: SplunkJobOptions,
  request: SplunkSearchRequest,
): Promise<string> {
  const form: Record<string, string> = {
    search: request.search,
    exec_mode: 'normal',
    output_mode: 'json',
  };
  if (request.earliestTime !== undefined) form['earliest_time'] = request.earliestTime;
  if (request.latestTime !== undefined) form['latest_time'] = request.latestTime;
  if (request.indexEarliest !== undefined) form['index_earliest'] = request.indexEarliest;
  if (request.indexLatest !== undefined) form['index_latest'] = request.indexLatest;
  const response = await options.api.request<DispatchResponse | undefined>({
    method: 'POST',
    path: searchJobsPath(options.app),
    form,
  });
  const sid = response.data?.sid;
  if (typeof sid !== 'string' || sid.length === 0) {
    throw new ConnectorResponseError('Splunk answered a search job dispatch without a sid');
  }
  return sid;
}

/**
 * Polls `GET /services/search/jobs/{sid}` until the job is `DONE`; returns its result count.
 *
 * @throws {SplunkSearchJobError} when the job is `FAILED` (with its messages) or runs past
 *   `jobTimeoutMs`.
 * @throws {ConnectorHttpError} a 404 when the sid expired or was never known.
 */
export async function waitForSearchJob(options: SplunkJobOptions, sid: string): Promise<number> {
  const deadline = options.now() + options.jobTimeoutMs;
  for (;;) {
    const response = await options.api.request<JobResponse | undefined>({
      path: `/services/search/jobs/${encodeURIComponent(sid)}`,
      query: { output_mode: 'json' },
    });
    const content = response.data?.entry?.[0]?.content;
    if (!content) throw new ConnectorResponseError(`Splunk search job ${sid} has no entry`);
    const state = content.dispatchState;
    if (state === 'FAILED' || content.isFailed === true) {
      const messages = (content.messages ?? [])
        .map((message) => [message.type, message.text].filter(Boolean).join(': '))
        .filter((text) => text.length > 0);
      throw new SplunkSearchJobError(
        `Splunk search job ${sid} failed${messages.length ? `: ${messages.join('; ')}` : ''}`,
        sid,
        messages,
      );
    }
    if (state === 'DONE' || content.isDone === true) return Number(content.resultCount ?? 0);
    if (options.now() >= deadline) {
      throw new SplunkSearchJobError(
        `Splunk search job ${sid} still ${state ?? 'running'} after ${options.jobTimeoutMs} ms`,
        sid,
      );
    }
    options.signal?.throwIfAborted();
    await options.sleep(options.pollIntervalMs);
  }
}

/**
 * Runs a search job and yields its results page by page (`results?offset=&count=`). A sid that
 * expires (404) while it is polled or paged is dispatched again and read on from the same offset:
 * the job's time bounds are absolute, so the new job has the same results.
 */
export async function* searchJobResults(
  options: SplunkJobOptions,
  request: SplunkSearchRequest,
): AsyncGenerator<{ records: JsonRecord[] }> {
  let offset = 0;
  let redispatches = 0;
  for (;;) {
    const sid = await dispatchSearchJob(options, request);
    try {
      const total = await waitForSearchJob(options, sid);
      while (offset < total) {
        const response = await options.api.request<ResultsResponse | undefined>({
          path: `/services/search/jobs/${encodeURIComponent(sid)}/results`,
          query: { output_mode: 'json', offset, count: options.pageSize },
        });
        const results = response.data?.results;
        if (!Array.isArray(results)) {
          throw new ConnectorResponseError(`Splunk results of job ${sid} have no results array`);
        }
        if (results.length === 0) break;
        offset += results.length;
        yield { records: results as JsonRecord[] };
      }
      if (total === 0) yield { records: [] };
      return;
    } catch (error) {
      if (!isNotFound(error) || redispatches >= 3) throw error;
      redispatches += 1;
    }
  }
}
