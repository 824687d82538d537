import { describe, expect, it } from 'vitest';
import { ConnectorSearchError } from '../errors/search-error.js';
import { isSearchCapable, searchCapability, searchOf } from './search-capability.js';

async function collect(iterable: AsyncIterable<Record<string, unknown>>) {
  const rows: Record<string, unknown>[] = [];
  for await (const row of iterable) rows.push(row);
  return rows;
}

describe('searchCapability', () => {
  const calls: unknown[] = [];
  const search = searchCapability('acme-siem', 'acme', {
    languages: ['splunk', 'kql'],
    run: async function* (query, options) {
      calls.push({ query, language: options.language });
      yield { query };
    },
  });

  it('runs a checked query in the default language, or the one asked for', async () => {
    expect(await collect(search.runQuery('x', { from: 1, to: 2, tenant: 'acme' }))).toEqual([
      { query: 'x' },
    ]);
    await collect(search.runQuery('y', { from: 1, to: 2, language: 'kql' }));
    expect(calls).toEqual([
      { query: 'x', language: 'splunk' },
      { query: 'y', language: 'kql' },
    ]);
  });

  it('refuses another tenant, a bad range, a blank query and an unknown language, lazily', async () => {
    const bad = [
      search.runQuery('x', { from: 1, to: 2, tenant: 'globex' }),
      search.runQuery('x', { from: 2, to: 2 }),
      search.runQuery('x', { from: Number.NaN, to: 2 }),
      search.runQuery('  ', { from: 1, to: 2 }),
      search.runQuery('x', { from: 1, to: 2, language: 'esql' }),
    ];
    for (const iterable of bad) {
      await expect(collect(iterable)).rejects.toBeInstanceOf(ConnectorSearchError);
    }
    expect(calls).toHaveLength(2);
  });

  it('is found on an instance by searchOf / isSearchCapable', () => {
    expect(isSearchCapable(search)).toBe(true);
    expect(searchOf({ search })).toBe(search);
    expect(searchOf({})).toBeUndefined();
    expect(isSearchCapable({ languages: 'splunk' })).toBe(false);
  });
});
