import { ConnectorHttpError } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import { SplunkExportError } from './export-errors.js';
import { parseExportLine, SplunkExportCut, streamLines } from './export-lines.js';
import type { SplunkStreamTransport } from './export-transport.js';
import type { SplunkSearchRequest } from './search-jobs.js';

/** How an export is read. */
export interface SplunkExportOptions {
  /** The streaming side of the Splunk client. */
  transport: SplunkStreamTransport;
  /** The app the search runs in (`/servicesNS/nobody/<app>/…`); absent: `/services/…`. */
  app?: string | undefined;
  /** Results per yielded batch (each batch is a checkpoint of the stream). */
  batchSize: number;
  /** A result's id, to skip what was read before a cut when the export is resumed. */
  idOf: (record: JsonRecord) => string;
  /**
   * True when the search sorts its results by `_indextime` (`| sort 0 _indextime`): a resumed
   * export then asks only for results indexed at or after the last one read (`index_earliest`).
   * False: it asks for them all again and skips those read by id.
   */
  sortedByIndexTime?: boolean;
  /** How often a cut stream is opened again before the read fails. Default 3. */
  maxResumes?: number;
  /** The longest line accepted, bytes. Default 16 MiB. */
  maxLineBytes?: number;
  /** Cancels the read. */
  signal?: AbortSignal | undefined;
}

/**
 * The export path of an app or the default one: `…/search/v2/jobs/export` (Splunk 9.0.1 and
 * later, Splunk Cloud) or the legacy `…/search/jobs/export`.
 */
export function searchExportPath(app?: string, version: 'v2' | 'legacy' = 'v2'): string {
  const root = app ? `/servicesNS/nobody/${encodeURIComponent(app)}` : '/services';
  return `${root}/search/${version === 'v2' ? 'v2/' : ''}jobs/export`;
}

/** The form of an export: the search, its time bounds, JSON lines. */
export function exportForm(request: SplunkSearchRequest): Record<string, string> {
  const form: Record<string, string> = { search: request.search, output_mode: 'json' };
  if (request.earliestTime !== undefined) form['earliest_time'] = request.earliestTime;
  if (request.latestTime !== undefined) form['latest_time'] = request.latestTime;
  if (request.indexEarliest !== undefined) form['index_earliest'] = request.indexEarliest;
  if (request.indexLatest !== undefined) form['index_latest'] = request.indexLatest;
  return form;
}

/**
 * Where a cut export resumes: with results sorted by `_indextime`, the index second of the last
 * result read and the ids read at that second (results before it are not asked for again);
 * otherwise every id read.
 */
class ResumePoint {
  #second: number | undefined;
  readonly #ids = new Set<string>();
  readonly #sorted: boolean;
  readonly #idOf: (record: JsonRecord) => string;

  constructor(sorted: boolean, idOf: (record: JsonRecord) => string) {
    this.#sorted = sorted;
    this.#idOf = idOf;
  }

  /** True when `record` was read before the cut. */
  readBefore(record: JsonRecord): boolean {
    return this.#ids.size > 0 && this.#ids.has(this.#idOf(record));
  }

  /** Notes a result read. */
  add(record: JsonRecord): void {
    const second = Math.floor(Number(record['_indextime']));
    if (this.#sorted && Number.isFinite(second)) {
      if (this.#second === undefined || second > this.#second) {
        this.#second = second;
        this.#ids.clear();
      }
    } else {
      this.#second = undefined;
    }
    this.#ids.add(this.#idOf(record));
  }

  /** The request that reads on from here. */
  narrow(request: SplunkSearchRequest): SplunkSearchRequest {
    if (!this.#sorted || this.#second === undefined) return request;
    const earliest = Number(request.indexEarliest);
    return Number.isFinite(earliest) && earliest > this.#second
      ? request
      : { ...request, indexEarliest: String(this.#second) };
  }
}

const isNotFound = (error: unknown): boolean =>
  ConnectorHttpError.isInstance(error) && (error as ConnectorHttpError).status === 404;

/** A 400 whose body carries `FATAL`/`ERROR` messages (a search Splunk cannot parse), typed. */
function searchRefusal(error: unknown, path: string, read: number): SplunkExportError | undefined {
  if (!ConnectorHttpError.isInstance(error) || error.status !== 400 || !error.responseBody) {
    return undefined;
  }
  let errors: string[];
  try {
    errors = parseExportLine(error.responseBody).errors;
  } catch {
    return undefined;
  }
  if (errors.length === 0) return undefined;
  return new SplunkExportError(`Splunk refused the export search: ${errors.join('; ')}`, {
    path,
    messages: errors,
    resultsRead: read,
    cause: error,
  });
}

/**
 * Runs `request` on Splunk's streaming export (`POST /services/search/v2/jobs/export`, the
 * legacy `/services/search/jobs/export` when the v2 path answers 404) with
 * `output_mode=json` and yields its final results in batches of `batchSize` as they arrive: the
 * body is read line by line and never held whole. Preview rows (`preview: true`) and
 * messages-only lines are skipped; a `FATAL` or `ERROR` message (in the stream, or in the body
 * of a 400 for a search Splunk cannot parse) ends the read with a {@link SplunkExportError}. 429 and 5xx before the body are retried by the kit client. A stream
 * cut part-way is opened again (up to `maxResumes` times) from the last result read, and the
 * results read before the cut are skipped by id, so none is yielded twice.
 *
 * @throws {SplunkExportError} a `FATAL`/`ERROR` message, or more cuts than `maxResumes`.
 * @throws {ConnectorHttpError} a failed request (retries spent), or an abort.
 */
export async function* searchExportResults(
  options: SplunkExportOptions,
  request: SplunkSearchRequest,
): AsyncGenerator<{ records: JsonRecord[] }> {
  let path = searchExportPath(options.app);
  let legacy = false;
  const resume = new ResumePoint(options.sortedByIndexTime ?? false, options.idOf);
  const maxResumes = options.maxResumes ?? 3;
  let read = 0;
  let cuts = 0;
  let yielded = false;
  let batch: JsonRecord[] = [];
  for (;;) {
    let body: AsyncIterable<Uint8Array>;
    try {
      ({ body } = await options.transport.open({
        path,
        form: exportForm(cuts > 0 ? resume.narrow(request) : request),
        signal: options.signal,
      }));
    } catch (error) {
      const refused = searchRefusal(error, path, read);
      if (refused) throw refused;
      if (legacy || !isNotFound(error)) throw error;
      legacy = true;
      path = searchExportPath(options.app, 'legacy');
      continue;
    }
    try {
      for await (const text of streamLines(
        body,
        options.maxLineBytes ?? 16 * 1024 * 1024,
        options.signal,
      )) {
        const line = parseExportLine(text);
        if (line.errors.length > 0) {
          throw new SplunkExportError(`Splunk export failed: ${line.errors.join('; ')}`, {
            path,
            messages: line.errors,
            resultsRead: read,
          });
        }
        if (line.preview) continue;
        if (line.result) {
          if (cuts > 0 && resume.readBefore(line.result)) continue;
          resume.add(line.result);
          read += 1;
          batch.push(line.result);
          if (batch.length >= options.batchSize) {
            yield { records: batch };
            yielded = true;
            batch = [];
          }
        }
        if (line.lastRow) break;
      }
      break;
    } catch (error) {
      if (!(error instanceof SplunkExportCut)) throw error;
      if (cuts >= maxResumes) {
        throw new SplunkExportError(
          `Splunk export stream was cut ${cuts + 1} times (${read} results read)`,
          { path, resultsRead: read, cause: error },
        );
      }
      cuts += 1;
    }
  }
  if (batch.length > 0 || !yielded) yield { records: batch };
}
