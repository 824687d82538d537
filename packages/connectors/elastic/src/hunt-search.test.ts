import { ConnectorSearchError, searchOf } from '@openmdr/connector-kit';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';
import { describe, expect, it } from 'vitest';
import { elasticConnector } from './index.js';
import { startElasticSimulator } from './simulator/index.js';

const HUNT =
  'FROM logs-endpoint.events.process-* | WHERE process.name == "rundll32.exe" AND host.os.type == "windows"';
const rows: SimulatorRecord[] = [1, 2, 3, 4, 5, 6].map((n) => ({
  _id: `doc-${n}`,
  _index: '.ds-logs-endpoint.events.process-default-000001',
  '@timestamp': `2026-03-02T0${n}:00:00.000Z`,
  'process.name': 'rundll32.exe',
  'host.name': `ws-${n}`,
}));
const range = { from: Date.parse('2026-03-02T02:00:00Z'), to: Date.parse('2026-03-02T06:00:00Z') };

async function hunt(query: string, pageSize = 2) {
  const simulated = await startElasticSimulator({ seededEsql: [{ query: HUNT, rows }] });
  const instance = await elasticConnector.connect({
    ...simulated,
    tenant: 'acme',
    config: { ...simulated.config, pageSize },
  });
  try {
    const search = searchOf(instance);
    const found: Record<string, unknown>[] = [];
    for await (const row of search?.runQuery(query, { ...range, tenant: 'acme' }) ?? []) {
      found.push(row);
    }
    return { found, requests: simulated.simulator.requests };
  } finally {
    await instance.close();
    await simulated.close();
  }
}

describe('elastic search capability', () => {
  it('runs the ES|QL query over [from, to) of @timestamp, keyset-paged, rows by column', async () => {
    const { found, requests } = await hunt(HUNT);
    expect(found.map((row) => row['_id'])).toEqual(['doc-2', 'doc-3', 'doc-4', 'doc-5']);
    expect(found[0]).toMatchObject({ 'process.name': 'rundll32.exe', 'host.name': 'ws-2' });
    const queries = requests
      .filter((request) => request.path === '/_query')
      .map((request) => String((request.body as { query?: string }).query));
    expect(queries).toHaveLength(3); // 2 + 2 + an empty page
    expect(queries[0]).toContain('METADATA _id, _index');
    expect(queries[0]).toContain('| WHERE `@timestamp` < TO_DATETIME("2026-03-02T06:00:00.000Z")');
    expect(queries[1]).toContain('_id > "doc-3"');
  });

  it('is a ConnectorSearchError with the reason when Elasticsearch refuses the query', async () => {
    const refused = hunt('FROM logs-endpoint.events.process-* | WHERE process.name == "x"');
    await expect(refused).rejects.toBeInstanceOf(ConnectorSearchError);
    await expect(refused).rejects.toThrow(/verification_exception/);
  });

  it('declares esql (the default) and lucene', async () => {
    const simulated = await startElasticSimulator({});
    const instance = await elasticConnector.connect({ ...simulated });
    try {
      expect(searchOf(instance)?.languages).toEqual(['esql', 'lucene']);
    } finally {
      await instance.close();
      await simulated.close();
    }
  });
});

describe('elastic search capability: lucene', () => {
  const LUCENE = 'process.name:"rundll32.exe" AND host.os.type:windows';
  const events: SimulatorRecord[] = [1, 2, 3, 4, 5].map((n) => ({
    _id: `ev-${n}`,
    '@timestamp': `2026-03-02T0${n}:00:00.000Z`,
    process: { name: n === 4 ? 'cmd.exe' : 'rundll32.exe' },
  }));

  async function lucene(query: string) {
    const simulated = await startElasticSimulator({
      events,
      seededLucene: [{ query: LUCENE, ids: ['ev-1', 'ev-2', 'ev-3', 'ev-5'] }],
    });
    const instance = await elasticConnector.connect({
      ...simulated,
      tenant: 'acme',
      config: { ...simulated.config, pageSize: 1 },
    });
    try {
      const found: Record<string, unknown>[] = [];
      const iterable = searchOf(instance)?.runQuery(query, {
        ...range,
        language: 'lucene',
        source: 'logs-endpoint.events.*',
      });
      for await (const row of iterable ?? []) found.push(row);
      return { found, requests: simulated.simulator.requests };
    } finally {
      await instance.close();
      await simulated.close();
    }
  }

  it('runs a query string over [from, to) through a point in time and search_after', async () => {
    const { found, requests } = await lucene(LUCENE);
    expect(found.map((document) => document['_id'])).toEqual(['ev-2', 'ev-3', 'ev-5']);
    expect(found[0]).toMatchObject({ process: { name: 'rundll32.exe' } });
    expect(requests.find((request) => request.path.endsWith('/_pit'))?.path).toBe(
      `/${encodeURIComponent('logs-endpoint.events.*')}/_pit`,
    );
    const search = requests.find((request) => request.path === '/_search')?.body as {
      query: { bool: { filter: unknown[] } };
    };
    expect(search.query.bool.filter).toEqual([
      {
        range: {
          '@timestamp': { gte: '2026-03-02T02:00:00.000Z', lt: '2026-03-02T06:00:00.000Z' },
        },
      },
      { query_string: { query: LUCENE } },
    ]);
  });

  it('is a ConnectorSearchError for a query string Elasticsearch refuses', async () => {
    await expect(lucene('process.name:"x"')).rejects.toBeInstanceOf(ConnectorSearchError);
  });
});
