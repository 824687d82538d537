import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineConnector } from '../connector/define-connector.js';
import { ConnectorDefinitionError } from '../errors/connector-errors.js';
import { ConnectorSearchError } from '../errors/search-error.js';
import { isSearchCapable, searchCapability, searchOf } from './search-capability.js';

async function collect(
  iterable: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
) {
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

describe('defineConnector with a search', () => {
  const toy = (languages: readonly string[]) =>
    defineConnector({
      manifest: {
        id: 'toy-siem',
        vendor: 'Toy',
        product: 'SIEM',
        category: 'siem',
        version: '1.0.0',
        auth: ['none'],
        regions: { us: { baseUrl: 'https://siem.toy.test' } },
        streams: {
          events: {
            description: 'events',
            cursor: 'time-window',
            sortField: 't',
            dedupKey: 'id',
            stateVersion: 1,
            ocsfClasses: ['base_event'],
            requiredPermissions: [],
          },
        },
        actions: {},
        rateLimit: { requests: 10, perMs: 1_000 },
        docsUrl: 'https://openmdr.dev/docs/connectors/toy-siem',
      },
      config: z.object({}),
      createClient: () => ({ rows: [{ id: 1 }, { id: 2 }] }),
      check: async () => {},
      streams: {
        events: {
          read: async function* () {},
          normalize: () => [],
        },
      },
      search: {
        languages,
        run: async function* (query, options, { client }) {
          for (const row of client.rows) yield { ...row, query, tenant: options.tenant ?? null };
        },
      },
    });

  it('gives each instance the search of its tenant', async () => {
    const instance = await toy(['splunk']).connect({ config: {}, tenant: 'acme' });
    const search = searchOf(instance);
    expect(search?.languages).toEqual(['splunk']);
    expect(await collect(search?.runQuery('x', { from: 1, to: 2, tenant: 'acme' }) ?? [])).toEqual([
      { id: 1, query: 'x', tenant: 'acme' },
      { id: 2, query: 'x', tenant: 'acme' },
    ]);
    await expect(
      collect(search?.runQuery('x', { from: 1, to: 2, tenant: 'globex' }) ?? []),
    ).rejects.toBeInstanceOf(ConnectorSearchError);
    await instance.close();
  });

  it('refuses a search without languages', () => {
    expect(() => toy([])).toThrow(ConnectorDefinitionError);
  });
});
