import type {
  SimulatorRecord,
  SimulatorRequest,
  SimulatorResponse,
  SimulatorRoute,
} from '@openmdr/connector-kit/simulator';
import { type SplunkExportSimulatorOptions, splunkExportRoutes } from './export-routes.js';
import { answerSearch } from './run-search.js';

export { splunkIndexDataset } from './run-search.js';

interface Job {
  sid: string;
  results: SimulatorRecord[];
  polls: number;
  failure?: string;
}

/** Options of {@link splunkSearchRoutes}. */
export interface SplunkSearchOptions extends SplunkExportSimulatorOptions {
  /** Status polls a job answers (QUEUED, then RUNNING) before DONE. Default 2. */
  pollsToDone?: number;
  /** Dispatch ordinals (1-based) whose sid expires (404) on its first results request. */
  expireSids?: readonly number[];
}

const unknownSid = (): SimulatorResponse => ({
  status: 404,
  body: { messages: [{ type: 'FATAL', text: 'Unknown sid.' }] },
});

/**
 * Search jobs as the Splunk REST API runs them: `POST /services/search/jobs` (and
 * `/servicesNS/<owner>/<app>/search/jobs`) with a form (`search`, `exec_mode=normal`,
 * `earliest_time`, `latest_time`, `index_earliest`, `index_latest`) answering `201 { sid }`;
 * `GET /services/search/jobs/<sid>` going QUEUED → RUNNING → DONE (or FAILED with a FATAL
 * message for an unknown command); `GET …/<sid>/results?offset=&count=`; 404 `Unknown sid.` for
 * expired or unknown sids. A search of `index=<name>` finds the records of dataset
 * `index:<name>` by `_indextime` (epoch seconds) and `_time`. The streaming export of the same
 * searches is served too ({@link splunkExportRoutes}).
 */
export function splunkSearchRoutes(options: SplunkSearchOptions = {}): SimulatorRoute[] {
  const jobs = new Map<string, Job>();
  let dispatched = 0;
  const expiring = new Set<string>();
  const dispatch = (request: SimulatorRequest): SimulatorResponse => {
    const form = new URLSearchParams(request.body);
    const search = form.get('search');
    if (!search) {
      return {
        status: 400,
        body: { messages: [{ type: 'FATAL', text: 'Empty search.' }] },
      };
    }
    dispatched += 1;
    const sid = `${Math.floor(Date.now() / 1000)}.${dispatched}`;
    const { results, failure } = answerSearch(request, form, options.seededSearches);
    jobs.set(sid, { sid, results, polls: 0, ...(failure ? { failure } : {}) });
    if (options.expireSids?.includes(dispatched)) expiring.add(sid);
    return { status: 201, body: { sid } };
  };
  return [
    ...splunkExportRoutes(options),
    { method: 'POST', path: '/services/search/jobs', handle: dispatch },
    { method: 'POST', path: '/servicesNS/:owner/:app/search/jobs', handle: dispatch },
    {
      method: 'GET',
      path: '/services/search/jobs/:sid',
      handle: (request) => {
        const job = jobs.get(request.params['sid'] ?? '');
        if (!job) return unknownSid();
        job.polls += 1;
        const pollsToDone = options.pollsToDone ?? 2;
        const state =
          job.polls > pollsToDone
            ? job.failure
              ? 'FAILED'
              : 'DONE'
            : job.polls === 1
              ? 'QUEUED'
              : 'RUNNING';
        return {
          body: {
            entry: [
              {
                name: job.sid,
                content: {
                  sid: job.sid,
                  dispatchState: state,
                  isDone: state === 'DONE' || state === 'FAILED',
                  isFailed: state === 'FAILED',
                  resultCount: state === 'DONE' ? job.results.length : 0,
                  messages: state === 'FAILED' ? [{ type: 'FATAL', text: job.failure }] : [],
                },
              },
            ],
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/services/search/jobs/:sid/results',
      handle: (request) => {
        const sid = request.params['sid'] ?? '';
        const job = jobs.get(sid);
        if (!job || expiring.has(sid)) {
          jobs.delete(sid);
          expiring.delete(sid);
          return unknownSid();
        }
        const offset = Number(request.query.get('offset') ?? 0);
        const count = Number(request.query.get('count') ?? 100);
        const page =
          count === 0 ? job.results.slice(offset) : job.results.slice(offset, offset + count);
        return {
          body: {
            preview: false,
            init_offset: offset,
            messages: [],
            fields: [...new Set(page.flatMap((record) => Object.keys(record)))].map((name) => ({
              name,
            })),
            results: page,
          },
        };
      },
    },
  ];
}
