import type {
  SimulatorRequest,
  SimulatorResponse,
  SimulatorRoute,
} from '@openmdr/connector-kit/simulator';
import { answerSearch } from './run-search.js';
import type { SplunkSeededSearch } from './seeded-searches.js';

/** Faults and shapes of the simulated export stream. */
export interface SplunkExportSimulatorOptions {
  /**
   * Export requests (1-based, counted over both export paths) whose stream is cut after
   * `afterResults` final rows: half of the next line is sent, then the connection is closed
   * short of the `Content-Length` announced.
   */
  exportCut?: { at: readonly number[]; afterResults: number };
  /** Every export stream ends with a `FATAL` messages line after `afterResults` rows. */
  exportFatal?: { afterResults: number; text: string };
  /**
   * Preview rows (`preview: true`) are streamed before the final ones, each with `_cd` and
   * `event_id` of their own (`…~preview`), as the partial rows of a running transforming search
   * differ from the final ones: a reader that took them would deliver extra results.
   */
  exportPreview?: boolean;
  /** Answer 404 on the v2 path, as Splunk before 9.0.1 does: only the legacy path exports. */
  exportLegacyOnly?: boolean;
  /**
   * Searches answered with seeded results (search jobs and exports): the search received must
   * equal a seeded one (after its leading `search` command), and its results are served by
   * `_time` within `earliest_time`/`latest_time`. With seeds, a search that is neither seeded
   * nor a plain index scan (`search index=x`) fails with a `FATAL` message.
   */
  seededSearches?: readonly SplunkSeededSearch[];
}

const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

/**
 * Splunk's streaming export: `POST /services/search/v2/jobs/export` and the legacy
 * `POST /services/search/jobs/export` (and their `/servicesNS/<owner>/<app>/…` forms) with the
 * form of a search job (`search`, `earliest_time`, `latest_time`, `index_earliest`,
 * `index_latest`) and `output_mode=json`, answering JSON lines: an `INFO` messages-only line,
 * then `{"preview":false,"offset":N,"result":{…}}` per event in index-time order, the last
 * with `"lastrow":true` — the same events a search job finds. An SPL command the simulator does
 * not know is answered 400 with a `FATAL` message. The body is written in one piece (the kit's
 * simulator framework sends whole bodies); a cut ({@link SplunkExportSimulatorOptions.exportCut})
 * ends it part-way through a line.
 */
export function splunkExportRoutes(options: SplunkExportSimulatorOptions = {}): SimulatorRoute[] {
  let exports = 0;
  const exportSearch =
    (legacy: boolean) =>
    (request: SimulatorRequest): SimulatorResponse => {
      exports += 1;
      if (!legacy && options.exportLegacyOnly) {
        return { status: 404, body: { messages: [{ type: 'ERROR', text: 'Not Found' }] } };
      }
      const form = new URLSearchParams(request.body);
      const search = form.get('search');
      if (!search) {
        return { status: 400, body: { messages: [{ type: 'FATAL', text: 'Empty search.' }] } };
      }
      const { results, failure } = answerSearch(request, form, options.seededSearches);
      if (failure) return { status: 400, body: { messages: [{ type: 'FATAL', text: failure }] } };
      const lines = [
        line({
          messages: [
            { type: 'INFO', text: 'Your timerange was substituted based on your search string' },
          ],
        }),
      ];
      if (options.exportPreview) {
        results.forEach((result, offset) => {
          lines.push(
            line({
              preview: true,
              offset,
              ...(offset === results.length - 1 ? { lastrow: true } : {}),
              result: {
                ...result,
                _cd: `${String(result['_cd'] ?? offset)}~preview`,
                ...(result['event_id'] === undefined
                  ? {}
                  : { event_id: `${String(result['event_id'])}~preview` }),
              },
            }),
          );
        });
      }
      const fatal = options.exportFatal;
      const rows = fatal ? results.slice(0, fatal.afterResults) : results;
      rows.forEach((result, offset) => {
        lines.push(
          line({
            preview: false,
            offset,
            ...(!fatal && offset === results.length - 1 ? { lastrow: true } : {}),
            result,
          }),
        );
      });
      if (fatal) lines.push(line({ messages: [{ type: 'FATAL', text: fatal.text }] }));
      const body = lines.join('');
      const headers = { 'content-type': 'application/json; charset=UTF-8' };
      const cut = options.exportCut;
      if (cut?.at.includes(exports)) {
        // the lines before the cut row: the INFO line, the preview rows, `afterResults` rows
        const kept = lines.slice(
          0,
          1 + (options.exportPreview ? results.length : 0) + cut.afterResults,
        );
        const next = lines[kept.length] ?? '';
        const sent = kept.join('') + next.slice(0, Math.floor(next.length / 2));
        return {
          headers: {
            ...headers,
            'content-length': String(Buffer.byteLength(body) + 1),
            connection: 'close',
          },
          body: sent,
        };
      }
      return { headers, body };
    };
  const v2 = exportSearch(false);
  const legacy = exportSearch(true);
  return [
    { method: 'POST', path: '/services/search/v2/jobs/export', handle: v2 },
    { method: 'POST', path: '/servicesNS/:owner/:app/search/v2/jobs/export', handle: v2 },
    { method: 'POST', path: '/services/search/jobs/export', handle: legacy },
    { method: 'POST', path: '/servicesNS/:owner/:app/search/jobs/export', handle: legacy },
  ];
}
