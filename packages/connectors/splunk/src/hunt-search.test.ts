import { ConnectorSearchError, searchOf } from '@openmdr/connector-kit';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';
import { describe, expect, it } from 'vitest';
import {
  SplunkExportError,
  SplunkSearchJobError,
  splunkConnector,
  splunkSearchText,
} from './index.js';
import { startSplunkSimulator } from './simulator/index.js';

const HUNT = 'index=main EventCode=1 Image="*\\\\rundll32.exe"';
const results: SimulatorRecord[] = [1, 2, 3, 4, 5].map((n) => ({
  _bkt: 'main~1~ABC',
  _cd: `1:${n}`,
  _time: `2026-03-02T0${n}:00:00.000+00:00`,
  _indextime: String(Date.parse(`2026-03-02T0${n}:00:05Z`) / 1000),
  EventCode: '1',
  Image: 'C:\\Windows\\System32\\rundll32.exe',
  host: `ws-${n}`,
}));
const range = { from: Date.parse('2026-03-02T02:00:00Z'), to: Date.parse('2026-03-02T05:00:00Z') };

async function hunt(config: Record<string, unknown>, query = HUNT, tenant = 'acme') {
  const simulated = await startSplunkSimulator({ seededSearches: [{ search: HUNT, results }] });
  const instance = await splunkConnector.connect({
    ...simulated,
    tenant: 'acme',
    config: { ...simulated.config, pollIntervalMs: 1, pageSize: 2, ...config },
  });
  try {
    const search = searchOf(instance);
    if (!search) throw new Error('no search capability');
    const rows: Record<string, unknown>[] = [];
    for await (const row of search.runQuery(query, { ...range, tenant })) rows.push(row);
    return { rows, requests: simulated.simulator.requests };
  } finally {
    await instance.close();
    await simulated.close();
  }
}

describe('splunk search capability', () => {
  it('declares the splunk language and prefixes a bare search expression with `search`', () => {
    expect(splunkSearchText(' index=main x=1 ')).toBe('search index=main x=1');
    expect(splunkSearchText('| tstats count')).toBe('| tstats count');
    expect(splunkSearchText('search index=main')).toBe('search index=main');
  });

  it('runs the query as a search job over [from, to) of _time and pages its results', async () => {
    const { rows, requests } = await hunt({});
    expect(rows.map((row) => row['_cd'])).toEqual(['1:2', '1:3', '1:4']);
    // the simulator answers only the seeded search, and only results with _time in the bounds
    expect(requests.filter((request) => request.path === '/services/search/jobs')).toHaveLength(1);
    const pages = requests.filter((request) => request.path.endsWith('/results'));
    expect(pages.map((page) => page.query['offset'])).toEqual(['0', '2']);
  });

  it('streams the same results from the export endpoint in export mode', async () => {
    const { rows, requests } = await hunt({ searchMode: 'export' });
    expect(rows.map((row) => row['_cd'])).toEqual(['1:2', '1:3', '1:4']);
    expect(requests.some((request) => request.path === '/services/search/v2/jobs/export')).toBe(
      true,
    );
  });

  it('fails a search the simulator was not seeded with (jobs: FAILED job, export: FATAL 400)', async () => {
    await expect(hunt({}, 'index=main EventCode=2')).rejects.toBeInstanceOf(SplunkSearchJobError);
    await expect(hunt({ searchMode: 'export' }, 'index=main EventCode=2')).rejects.toBeInstanceOf(
      SplunkExportError,
    );
  });

  it('refuses another tenant, an inverted range and an unknown language before any request', async () => {
    await expect(hunt({}, HUNT, 'globex')).rejects.toBeInstanceOf(ConnectorSearchError);
    const simulated = await startSplunkSimulator({});
    const instance = await splunkConnector.connect({ ...simulated, tenant: 'acme' });
    try {
      const search = searchOf(instance);
      const drain = async (iterable: AsyncIterable<unknown> | undefined) => {
        for await (const _ of iterable ?? []) break;
      };
      await expect(drain(search?.runQuery(HUNT, { from: 2, to: 1 }))).rejects.toThrow(/from < to/);
      await expect(
        drain(search?.runQuery(HUNT, { from: 1, to: 2, language: 'kql' })),
      ).rejects.toBeInstanceOf(ConnectorSearchError);
      expect(simulated.simulator.requests).toHaveLength(0);
    } finally {
      await instance.close();
      await simulated.close();
    }
  });
});
