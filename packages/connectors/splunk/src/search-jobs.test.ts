import { readFileSync } from 'node:fs';
import type { HttpClient, HttpRequestOptions } from '@openmdr/connector-kit';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';
import { describe, expect, it } from 'vitest';
import {
  dispatchSearchJob,
  normalizeSplunkSearchResult,
  SplunkSearchJobError,
  searchResultId,
  splunkConnector,
  withSearchTime,
} from './index.js';
import { startSplunkSimulator } from './simulator/index.js';

const notables = JSON.parse(
  readFileSync(new URL('./__fixtures__/notables.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];

async function readAll(
  simulated: Awaited<ReturnType<typeof startSplunkSimulator>>,
  config: Record<string, unknown> = {},
) {
  const instance = await splunkConnector.connect({
    ...simulated,
    config: { ...simulated.config, pollIntervalMs: 1, pageSize: 5, ...config },
  });
  const ids: string[] = [];
  try {
    for await (const batch of instance.read('notables')) {
      ids.push(...batch.records.map((record) => String((record as SimulatorRecord)['event_id'])));
    }
  } finally {
    await instance.close();
  }
  return ids;
}

describe('splunk search jobs', () => {
  it('dispatches a normal job on the index-time window, polls it to DONE and pages its results', async () => {
    const simulated = await startSplunkSimulator({ notables, startAt: '2026-03-02T08:30:00Z' });
    try {
      const ids = await readAll(simulated, { app: 'SplunkEnterpriseSecuritySuite' });
      const since = Date.parse('2026-03-02T08:30:00Z') / 1000;
      const expected = notables
        .filter((notable) => Number(notable['_indextime']) >= since)
        .map((notable) => String(notable['event_id']));
      expect(ids.sort()).toEqual(expected.sort());
      const requests = simulated.simulator.requests;
      const dispatch = requests.find((request) => request.method === 'POST');
      expect(dispatch?.path).toBe('/servicesNS/nobody/SplunkEnterpriseSecuritySuite/search/jobs');
      const polls = requests.filter((request) => /\/jobs\/[^/]+$/.test(request.path));
      expect(polls.length).toBe(3); // QUEUED, RUNNING, DONE
      const pages = requests.filter((request) => request.path.endsWith('/results'));
      expect(expected).toHaveLength(12);
      expect(pages.map((page) => page.query['offset'])).toEqual(['0', '5', '10']);
      expect(pages.every((page) => page.query['output_mode'] === 'json')).toBe(true);
    } finally {
      await simulated.close();
    }
  });

  it('sends index_earliest, earliest_time, exec_mode and the sort the window needs', async () => {
    const sent: HttpRequestOptions[] = [];
    const api = {
      request: async (request: HttpRequestOptions) => {
        sent.push(request);
        return {
          status: 201,
          headers: {},
          data: { sid: '1772438821.42' },
          url: new URL('http://x'),
        };
      },
    } as unknown as HttpClient;
    const options = {
      api,
      pageSize: 10,
      pollIntervalMs: 1,
      jobTimeoutMs: 1_000,
      sleep: async () => {},
      now: Date.now,
    };
    const since = Date.parse('2026-03-02T08:30:00Z');
    await expect(
      dispatchSearchJob(options, {
        search: 'search index=notable | sort 0 _indextime',
        indexEarliest: String(since / 1000),
        earliestTime: String(since / 1000 - 86_400),
        latestTime: 'now',
      }),
    ).resolves.toBe('1772438821.42');
    expect(sent[0]).toMatchObject({
      method: 'POST',
      path: '/services/search/jobs',
      form: {
        search: 'search index=notable | sort 0 _indextime',
        exec_mode: 'normal',
        output_mode: 'json',
        index_earliest: '1772440200',
        earliest_time: '1772353800',
        latest_time: 'now',
      },
    });
  });

  it('throws a typed error with Splunk’s message when the job FAILED', async () => {
    const simulated = await startSplunkSimulator({ notables });
    try {
      const error = await readAll(simulated, {
        notableSearch: 'search index=notable | notacommand',
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SplunkSearchJobError);
      expect((error as SplunkSearchJobError).messages).toEqual([
        "FATAL: Unknown search command 'notacommand'.",
      ]);
      expect((error as SplunkSearchJobError).code).toBe('CONNECTOR_RESPONSE');
    } finally {
      await simulated.close();
    }
  });

  it('dispatches again when the sid expired and delivers every notable once', async () => {
    const simulated = await startSplunkSimulator({
      notables,
      expireSids: [1],
      startAt: '2026-01-01T00:00:00Z',
    });
    try {
      const ids = await readAll(simulated);
      expect(ids.sort()).toEqual(notables.map((notable) => String(notable['event_id'])).sort());
      const dispatches = simulated.simulator.requests.filter(
        (request) => request.method === 'POST' && request.path.endsWith('/search/jobs'),
      );
      expect(dispatches).toHaveLength(2);
      expect(simulated.simulator.requests.some((request) => request.status === 404)).toBe(true);
    } finally {
      await simulated.close();
    }
  });

  it('waits out a 429 with Retry-After on the results', async () => {
    const simulated = await startSplunkSimulator({
      notables,
      startAt: '2026-01-01T00:00:00Z',
      faults: [{ type: 'rate-limit', at: [5], retryAfterSeconds: 1 }],
    });
    try {
      const ids = await readAll(simulated);
      expect(new Set(ids).size).toBe(notables.length);
      expect(simulated.simulator.requests.some((request) => request.status === 429)).toBe(true);
    } finally {
      await simulated.close();
    }
  });

  it('reads nothing on the search stream without a search, and ids rows without an address by digest', async () => {
    const simulated = await startSplunkSimulator({ notables });
    try {
      const instance = await splunkConnector.connect(simulated);
      const batches = [];
      for await (const batch of instance.read('search')) batches.push(batch);
      expect(batches.flatMap((batch) => batch.records)).toEqual([]);
      expect(simulated.simulator.requests).toHaveLength(0);
      await instance.close();
    } finally {
      await simulated.close();
    }
    expect(searchResultId({ _bkt: 'main~1~X', _cd: '1:2' })).toBe('main~1~X:1:2');
    expect(searchResultId({ count: '3', user: 'a' })).toMatch(/^[0-9a-f]{64}$/);
    expect(searchResultId({ count: '3', user: 'a' })).not.toBe(
      searchResultId({ count: '4', user: 'a' }),
    );
  });
});

describe('rows of a transforming search', () => {
  it('get the search time as info_search_time, so that they normalise at it', async () => {
    const searchTime = Date.parse('2026-03-02T09:00:00.000Z');
    async function* pages() {
      yield {
        records: [
          { src: '203.0.113.45', count: '42' },
          { _time: '2026-03-02T08:59:00.000+00:00', src: '198.51.100.7' },
        ],
      };
    }
    const rows: Record<string, unknown>[] = [];
    for await (const page of withSearchTime(pages(), searchTime)) rows.push(...page.records);
    expect(rows[0]).toEqual({
      src: '203.0.113.45',
      count: '42',
      info_search_time: '1772442000.000',
    });
    expect(rows[1]).not.toHaveProperty('info_search_time');
    expect(normalizeSplunkSearchResult(rows[0]).time).toBe(searchTime);
  });
});
