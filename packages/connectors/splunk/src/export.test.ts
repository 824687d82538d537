import { readFileSync } from 'node:fs';
import type { IncrementalState } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';
import { describe, expect, it } from 'vitest';
import { SplunkExportError } from './export-errors.js';
import { parseExportLine, streamLines } from './export-lines.js';
import { searchExportResults } from './export-results.js';
import type { SplunkStreamRequest, SplunkStreamTransport } from './export-transport.js';
import { searchResultId, splunkConnector } from './index.js';
import { SPLUNK_TOKEN, startSplunkSimulator } from './simulator/index.js';

const results = JSON.parse(
  readFileSync(new URL('./__fixtures__/search-results.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];
const byIndexTime = [...results].sort(
  (left, right) =>
    Number(left['_indextime']) - Number(right['_indextime']) ||
    String(left['_cd']).localeCompare(String(right['_cd'])),
);
const expectedIds = byIndexTime.map((record) => searchResultId(record as JsonRecord));
const START = '2026-01-01T00:00:00Z';

type Simulated = Awaited<ReturnType<typeof startSplunkSimulator>>;

async function readSearch(
  simulated: Simulated,
  config: Record<string, unknown> = {},
  sleeps: number[] = [],
) {
  const instance = await splunkConnector.connect({
    ...simulated,
    config: {
      ...simulated.config,
      search: 'search index=main',
      searchMode: 'export',
      pageSize: 5,
      ...config,
    },
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
  });
  const batches: { records: JsonRecord[]; state: unknown }[] = [];
  try {
    for await (const batch of instance.read('search')) {
      batches.push(batch as { records: JsonRecord[]; state: unknown });
    }
    const normalized = instance.normalizeBatch(
      'search',
      batches.flatMap((batch) => batch.records),
    );
    return { batches, normalized, ids: batches.flatMap((b) => b.records.map(searchResultId)) };
  } finally {
    await instance.close();
  }
}

const exports = (simulated: Simulated) =>
  simulated.simulator.requests.filter((request) => request.path.endsWith('/jobs/export'));

describe('splunk export mode', () => {
  it('streams the results in index-time order, in pageSize batches, normalised, without a job', async () => {
    const simulated = await startSplunkSimulator({ indexes: { main: results }, startAt: START });
    try {
      const { batches, normalized, ids } = await readSearch(simulated, {
        app: 'SplunkEnterpriseSecuritySuite',
      });
      expect(ids).toEqual(expectedIds);
      expect(batches.map((batch) => batch.records.length)).toEqual([5, 5, 5, 1]);
      expect(normalized.deadLetters).toEqual([]);
      expect(normalized.events).toHaveLength(results.length);
      const last = batches.at(-1)?.state as IncrementalState;
      expect(last.watermark).toBe(Number(byIndexTime.at(-1)?.['_indextime']) * 1000);
      const requests = simulated.simulator.requests;
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({
        method: 'POST',
        path: '/servicesNS/nobody/SplunkEnterpriseSecuritySuite/search/v2/jobs/export',
        status: 200,
      });
      // the form is redacted in the recording: check the SPL the simulator ran through its effect
      expect(requests.some((request) => request.path.endsWith('/search/jobs'))).toBe(false);
    } finally {
      await simulated.close();
    }
  });

  it('reads the same results as the jobs path, with the same cursor', async () => {
    const simulated = await startSplunkSimulator({ indexes: { main: results }, startAt: START });
    try {
      const jobs = await readSearch(simulated, { searchMode: 'jobs', pollIntervalMs: 1 });
      const exported = await readSearch(simulated);
      expect(exported.ids).toEqual(jobs.ids);
      expect(exported.batches.at(-1)?.state).toEqual(jobs.batches.at(-1)?.state);
    } finally {
      await simulated.close();
    }
  });

  it('ignores preview rows and messages-only lines', async () => {
    const simulated = await startSplunkSimulator({
      indexes: { main: results },
      startAt: START,
      exportPreview: true,
    });
    try {
      const { ids, normalized } = await readSearch(simulated);
      expect(ids).toEqual(expectedIds);
      expect(normalized.events).toHaveLength(results.length);
    } finally {
      await simulated.close();
    }
  });

  it('throws SplunkExportError on a FATAL message mid-stream, without a credential in it', async () => {
    const simulated = await startSplunkSimulator({
      indexes: { main: results },
      startAt: START,
      exportFatal: { afterResults: 7, text: 'Search process did not exit cleanly, exit_code=255.' },
    });
    try {
      const delivered: string[] = [];
      const instance = await splunkConnector.connect({
        ...simulated,
        config: {
          ...simulated.config,
          search: 'search index=main',
          searchMode: 'export',
          pageSize: 5,
        },
      });
      const error = await (async () => {
        for await (const batch of instance.read('search')) {
          delivered.push(...(batch.records as JsonRecord[]).map(searchResultId));
        }
      })().catch((caught: unknown) => caught);
      await instance.close();
      expect(error).toBeInstanceOf(SplunkExportError);
      const typed = error as SplunkExportError;
      expect(typed.code).toBe('CONNECTOR_RESPONSE');
      expect(typed.messages).toEqual([
        'FATAL: Search process did not exit cleanly, exit_code=255.',
      ]);
      expect(typed.resultsRead).toBe(7);
      expect(delivered).toEqual(expectedIds.slice(0, 5)); // the first full batch, committed
      const everything = JSON.stringify({
        message: typed.message,
        details: typed.details,
        stack: typed.stack,
      });
      expect(everything).not.toContain(SPLUNK_TOKEN);
      expect(everything).not.toMatch(/authorization|bearer/i);
    } finally {
      await simulated.close();
    }
  });

  it('types a search Splunk refuses (400 with a FATAL message)', async () => {
    const simulated = await startSplunkSimulator({ indexes: { main: results }, startAt: START });
    try {
      const error = await readSearch(simulated, {
        search: 'search index=main | notacommand',
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SplunkExportError);
      expect((error as SplunkExportError).messages).toEqual([
        "FATAL: Unknown search command 'notacommand'.",
      ]);
      expect(JSON.stringify((error as SplunkExportError).details)).not.toContain(SPLUNK_TOKEN);
    } finally {
      await simulated.close();
    }
  });

  it('resumes a cut stream from the last index time read, delivering every result once', async () => {
    // two results per index second, so the resume point falls inside a second
    const paired = byIndexTime.map((record, index) => ({
      ...record,
      _indextime: byIndexTime[index - (index % 2)]?.['_indextime'],
    }));
    const simulated = await startSplunkSimulator({
      indexes: { main: paired },
      startAt: START,
      exportCut: { at: [1], afterResults: 7 },
    });
    try {
      const { ids } = await readSearch(simulated);
      expect(ids).toEqual(expectedIds);
      expect(new Set(ids).size).toBe(ids.length);
      expect(exports(simulated).map((request) => request.status)).toEqual([200, 200]);
    } finally {
      await simulated.close();
    }
  });

  it('fails with SplunkExportError when every attempt is cut', async () => {
    const simulated = await startSplunkSimulator({
      indexes: { main: results },
      startAt: START,
      exportCut: { at: [1, 2, 3, 4, 5], afterResults: 2 },
    });
    try {
      const error = await readSearch(simulated).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SplunkExportError);
      expect((error as SplunkExportError).message).toMatch(/cut 4 times/);
      expect(exports(simulated)).toHaveLength(4);
    } finally {
      await simulated.close();
    }
  });

  it('waits out a 429 with Retry-After and a 503 before the body, then streams', async () => {
    const simulated = await startSplunkSimulator({
      indexes: { main: results },
      startAt: START,
      faults: [
        { type: 'rate-limit', at: [1], retryAfterSeconds: 7 },
        { type: 'server-error', at: [2], status: 503 },
      ],
    });
    try {
      const sleeps: number[] = [];
      const { ids } = await readSearch(simulated, {}, sleeps);
      expect(ids).toEqual(expectedIds);
      expect(exports(simulated).map((request) => request.status)).toEqual([429, 503, 200]);
      expect(sleeps[0]).toBe(7_000);
      expect(sleeps).toHaveLength(2);
    } finally {
      await simulated.close();
    }
  });

  it('falls back to the legacy export path when v2 is not found', async () => {
    const simulated = await startSplunkSimulator({
      indexes: { main: results },
      startAt: START,
      exportLegacyOnly: true,
    });
    try {
      const { ids } = await readSearch(simulated);
      expect(ids).toEqual(expectedIds);
      expect(exports(simulated).map((request) => [request.path, request.status])).toEqual([
        ['/services/search/v2/jobs/export', 404],
        ['/services/search/jobs/export', 200],
      ]);
    } finally {
      await simulated.close();
    }
  });
});

describe('splunk export lines', () => {
  const body = (text: string, size: number): ReadableStream<Uint8Array> => {
    const bytes = Buffer.from(text);
    let at = 0;
    return new ReadableStream({
      pull(controller) {
        if (at >= bytes.length) {
          controller.close();
          return;
        }
        controller.enqueue(new Uint8Array(bytes.subarray(at, at + size)));
        at += size;
      },
    });
  };

  it('splits lines across arbitrary chunk boundaries, multi-byte characters included', async () => {
    const rows = [
      { messages: [{ type: 'INFO', text: 'Your timerange was substituted' }] },
      { preview: false, offset: 0, result: { user: 'jörg', _raw: 'Ünïcode → ✓' } },
      { messages: [{ type: 'WARN', text: 'Search results might be incomplete' }] },
      { preview: false, offset: 1, lastrow: true, result: { user: 'zoë' } },
    ];
    const text = `${rows.map((row) => JSON.stringify(row)).join('\r\n')}`; // no final newline
    for (const size of [1, 3, 7, 64]) {
      const lines: string[] = [];
      for await (const line of streamLines(body(text, size), 1024)) lines.push(line);
      expect(lines.map((line) => JSON.parse(line))).toEqual(rows);
    }
    const parsed = rows.map((row) => parseExportLine(JSON.stringify(row)));
    expect(parsed.map((line) => line.errors)).toEqual([[], [], [], []]);
    expect(parsed[1]).toEqual({
      result: rows[1]?.result,
      preview: false,
      offset: 0,
      lastRow: false,
      errors: [],
    });
    expect(parsed[3]?.lastRow).toBe(true);
    expect(parsed[0]?.result).toBeUndefined();
  });

  it('reports FATAL and ERROR messages, preview rows, and refuses lines that are not JSON', () => {
    expect(
      parseExportLine(
        JSON.stringify({
          messages: [
            { type: 'fatal', text: 'boom' },
            { type: 'ERROR', text: 'bad' },
            { type: 'DEBUG', text: 'x' },
          ],
        }),
      ).errors,
    ).toEqual(['FATAL: boom', 'ERROR: bad']);
    expect(parseExportLine('{"preview":true,"offset":0,"result":{"count":"3"}}').preview).toBe(
      true,
    );
    expect(() => parseExportLine('{"preview":false,')).toThrow(/not JSON/);
    expect(() => parseExportLine('[1]')).toThrow(/not an object/);
  });

  it('refuses a line longer than the limit', async () => {
    const lines = streamLines(body(`{"result":{"x":"${'a'.repeat(100)}"}}\n`, 16), 32);
    await expect(lines.next()).rejects.toThrow(/longer than 32/);
  });
});

// the cursor of export mode is the kit's incrementalRead over the same pages: a second run
// from the committed state delivers nothing new
describe('splunk export cursor', () => {
  it('a run from the committed state re-reads the look-back and delivers nothing twice', async () => {
    const simulated = await startSplunkSimulator({ indexes: { main: results }, startAt: START });
    try {
      const first = await readSearch(simulated);
      const state = first.batches.at(-1)?.state;
      const instance = await splunkConnector.connect({
        ...simulated,
        config: { ...simulated.config, search: 'search index=main', searchMode: 'export' },
      });
      const again: JsonRecord[] = [];
      for await (const batch of instance.read('search', state as IncrementalState)) {
        again.push(...(batch.records as JsonRecord[]));
      }
      await instance.close();
      expect(again).toEqual([]);
      expect(exports(simulated)).toHaveLength(2);
    } finally {
      await simulated.close();
    }
  });
});

describe('splunk export resume', () => {
  const row = (index: number, second: number) => ({
    _cd: `1:${index}`,
    _bkt: 'main~1~X',
    _indextime: String(second),
    n: index,
  });
  // results 0..7, two per second from 1772442000
  const rows = Array.from({ length: 8 }, (_, index) =>
    row(index, 1772442000 + Math.floor(index / 2)),
  );
  /** Each line a chunk; then the end, or (cut) an error as undici's body gives on a cut. */
  const bodyOf = (texts: string[], cut: boolean): ReadableStream<Uint8Array> => {
    const chunks = [...texts];
    return new ReadableStream({
      pull(controller) {
        const text = chunks.shift();
        if (text !== undefined) controller.enqueue(new TextEncoder().encode(text));
        else if (cut) controller.error(new TypeError('terminated'));
        else controller.close();
      },
    });
  };
  const lines = (from: number) =>
    rows
      .filter((_, index) => index >= from)
      .map((result, offset) => `${JSON.stringify({ preview: false, offset, result })}\n`);

  it('asks again from the index second of the last result read and skips what it read', async () => {
    const forms: Record<string, string>[] = [];
    const transport: SplunkStreamTransport = {
      open: async (request: SplunkStreamRequest) => {
        forms.push(request.form);
        const first = forms.length === 1;
        // first: results 0..4 then the connection drops; then: from result 4 (second …002)
        const body = first ? lines(0).slice(0, 5) : lines(4);
        return {
          status: 200,
          body: bodyOf(body, first),
        };
      },
    };
    const read: number[] = [];
    for await (const batch of searchExportResults(
      { transport, batchSize: 3, idOf: searchResultId, sortedByIndexTime: true },
      {
        search: 'search index=main | sort 0 _indextime',
        indexEarliest: '1772441000',
        latestTime: 'now',
      },
    )) {
      read.push(...batch.records.map((record) => Number(record['n'])));
    }
    expect(read).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(forms).toHaveLength(2);
    expect(forms[0]).toMatchObject({ index_earliest: '1772441000', output_mode: 'json' });
    expect(forms[1]).toMatchObject({ index_earliest: '1772442002', latest_time: 'now' });
  });

  it('without an index-time order, asks for everything again and skips by id', async () => {
    const forms: Record<string, string>[] = [];
    const transport: SplunkStreamTransport = {
      open: async (request) => {
        forms.push(request.form);
        const first = forms.length === 1;
        const body = first ? lines(0).slice(0, 3) : lines(0);
        return {
          status: 200,
          body: bodyOf(body, first),
        };
      },
    };
    const read: number[] = [];
    for await (const batch of searchExportResults(
      { transport, batchSize: 100, idOf: searchResultId },
      { search: 'search index=main', indexEarliest: '1772441000' },
    )) {
      read.push(...batch.records.map((record) => Number(record['n'])));
    }
    expect(read).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(forms[1]).toEqual(forms[0]);
  });
});
