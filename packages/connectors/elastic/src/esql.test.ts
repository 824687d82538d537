import { describe, expect, it } from 'vitest';
import { elasticConnector, esqlPageQuery, withMetadata } from './index.js';
import { startElasticSimulator } from './simulator/index.js';
import { alertDocuments } from './simulator.test-helpers.js';

describe('ES|QL search', () => {
  it('adds METADATA, the time range, the keyset and the limit', () => {
    expect(withMetadata('FROM logs-* | WHERE event.category == "process"')).toBe(
      'FROM logs-* METADATA _id, _index | WHERE event.category == "process"',
    );
    expect(withMetadata('FROM a METADATA _id')).toBe('FROM a METADATA _id');
    expect(() => withMetadata('ROW a = 1')).toThrow(/FROM/);
    const options = { query: 'FROM logs-*', timeField: '@timestamp', since: 0, pageSize: 5 };
    expect(esqlPageQuery(options)).toBe(
      'FROM logs-* METADATA _id, _index | WHERE `@timestamp` >= TO_DATETIME("1970-01-01T00:00:00.000Z") | SORT `@timestamp` ASC, _id ASC | LIMIT 5',
    );
    expect(esqlPageQuery(options, { time: '2026-01-01T00:00:00Z', id: 'a"b' })).toContain(
      '`@timestamp` > TO_DATETIME("2026-01-01T00:00:00Z") OR (`@timestamp` == TO_DATETIME("2026-01-01T00:00:00Z") AND _id > "a\\"b")',
    );
  });

  it('reads every row once through keyset pages and normalises the alert rows', async () => {
    const simulated = await startElasticSimulator({
      events: alertDocuments,
      startAt: '2026-01-01T00:00:00Z',
    });
    try {
      const instance = await elasticConnector.connect({
        ...simulated,
        config: {
          ...simulated.config,
          pageSize: 5,
          search: { esql: 'FROM logs-endpoint.events.*' },
        },
      });
      const ids: string[] = [];
      for await (const batch of instance.read('search')) {
        ids.push(...batch.records.map((record) => String((record as { _id: string })._id)));
        const { events, deadLetters } = instance.normalizeBatch('search', batch.records);
        expect(deadLetters).toEqual([]);
        expect(events.every((event) => event.class_uid === 2004)).toBe(true);
      }
      expect(ids.sort()).toEqual(alertDocuments.map((document) => String(document['_id'])).sort());
      expect(
        simulated.simulator.requests.filter((request) => request.path === '/_query'),
      ).toHaveLength(4);
      await instance.close();
    } finally {
      await simulated.close();
    }
  });

  it('rejects a config with both index and esql', async () => {
    const simulated = await startElasticSimulator();
    try {
      await expect(
        elasticConnector.connect({
          ...simulated,
          config: { ...simulated.config, search: { index: 'a', esql: 'FROM a' } },
        }),
      ).rejects.toMatchObject({ code: 'CONNECTOR_CONFIG' });
    } finally {
      await simulated.close();
    }
  });
});
