import { Agent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConnectorResponseError } from '../errors/connector-errors.js';
import { createHttpClient } from '../http/http-client.js';
import { createVendorSimulator, type VendorSimulator } from '../simulator/vendor-simulator.js';
import { readPath } from './json-path.js';
import { parseLinkHeader } from './link-header.js';
import { paginate } from './paginate.js';

const dispatcher = new Agent();
let simulator: VendorSimulator | undefined;
afterEach(async () => simulator?.close());
afterAll(async () => dispatcher.close());

describe('parseLinkHeader (RFC 8288)', () => {
  it('parses several links, quoted and unquoted rels, several rels and relative targets', () => {
    const header =
      '<https://o.okta.com/api/v1/logs?after=1>; rel="next", </api/v1/logs?since=x>; rel=self, <https://x.test/last>; title="a,b"; rel="last prev"';
    expect(parseLinkHeader(header, 'https://o.okta.com/api/v1/logs')).toEqual({
      next: 'https://o.okta.com/api/v1/logs?after=1',
      self: 'https://o.okta.com/api/v1/logs?since=x',
      last: 'https://x.test/last',
      prev: 'https://x.test/last',
    });
    expect(parseLinkHeader(undefined)).toEqual({});
  });
});

describe('readPath', () => {
  it('reads nested paths, array indexes and keys containing dots', () => {
    const body = {
      meta: { pagination: { after: 'a1' } },
      '@odata.nextLink': 'n',
      items: [{ id: 7 }],
      'a.b': { c: 1 },
    };
    expect(readPath(body, 'meta.pagination.after')).toBe('a1');
    expect(readPath(body, '@odata.nextLink')).toBe('n');
    expect(readPath(body, 'items.0.id')).toBe(7);
    expect(readPath(body, 'a.b.c')).toBe(1);
    expect(readPath(body, 'missing.x')).toBeUndefined();
    expect(readPath(body, '')).toBe(body);
  });
});

describe('paginate', () => {
  const records = Array.from({ length: 11 }, (_, i) => ({
    id: `r${String(i).padStart(2, '0')}`,
    t: 1_700_000_000_000 + i,
  }));
  it.each([
    [
      'next-token',
      { style: 'next-token', recordsPath: 'data', tokenPath: 'meta.next', tokenParameter: 'after' },
    ],
    ['link-header', { style: 'link-header', recordsPath: '' }],
    ['odata-next-link', { style: 'odata-next-link', recordsPath: 'value' }],
    ['offset', { style: 'offset', recordsPath: 'items', pageSize: 4, totalPath: 'total' }],
  ] as const)('walks %s pages to the end', async (cursor, options) => {
    simulator = await createVendorSimulator({
      datasets: [{ path: '/list', cursor, idField: 'id', timeField: 't', pageSize: 4, records }],
    });
    const http = createHttpClient({ baseUrl: simulator.url, dispatcher });
    const ids: string[] = [];
    for await (const page of paginate<{ id: string }>(http, {
      ...options,
      request: { path: '/list', query: { limit: 4 } },
    })) {
      ids.push(...page.records.map((record) => record.id));
    }
    expect(ids).toEqual(records.map((record) => record.id));
    expect(simulator.requests).toHaveLength(3);
  });

  it('walks search_after with a point in time and closes it', async () => {
    simulator = await createVendorSimulator({
      datasets: [{ path: '/idx', cursor: 'search-after', idField: 'id', timeField: 't', records }],
    });
    const http = createHttpClient({ baseUrl: simulator.url, dispatcher });
    const ids: string[] = [];
    for await (const page of paginate<{ _source: { id: string } }>(http, {
      style: 'search-after',
      openPointInTimePath: '/idx/_pit',
      pageSize: 5,
      search: { sort: [{ t: 'asc' }, { id: 'asc' }] },
    })) {
      ids.push(...page.records.map((hit) => hit._source.id));
    }
    expect(ids).toEqual(records.map((record) => record.id));
    expect(simulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /idx/_pit',
      'POST /_search',
      'POST /_search',
      'POST /_search',
      'DELETE /_pit',
    ]);
  });

  it('walks time windows', async () => {
    simulator = await createVendorSimulator({
      datasets: [{ path: '/w', cursor: 'time-window', idField: 'id', timeField: 't', records }],
    });
    const http = createHttpClient({ baseUrl: simulator.url, dispatcher });
    const ids: string[] = [];
    for await (const page of paginate<{ id: string }>(http, {
      style: 'time-window',
      request: { path: '/w' },
      recordsPath: 'data',
      from: 1_700_000_000_000,
      to: 1_700_000_000_011,
      windowMs: 4,
      timeFormat: 'epoch-ms',
    })) {
      ids.push(...page.records.map((record) => record.id));
    }
    expect(ids).toEqual(records.map((record) => record.id));
    expect(simulator.requests.map((request) => request.query['start'])).toEqual([
      '1700000000000',
      '1700000000004',
      '1700000000008',
    ]);
  });

  it('fails instead of looping when the cursor does not advance', async () => {
    simulator = await createVendorSimulator({
      routes: [
        {
          method: 'GET',
          path: '/stuck',
          handle: () => ({ body: { data: [{ id: 1 }], meta: { next: 'same' } } }),
        },
      ],
    });
    const http = createHttpClient({ baseUrl: simulator.url, dispatcher });
    const pages = paginate(http, {
      style: 'next-token',
      request: { path: '/stuck' },
      recordsPath: 'data',
      tokenPath: 'meta.next',
      tokenParameter: 'after',
    });
    await expect(async () => {
      for await (const _page of pages) {
        // drain
      }
    }).rejects.toThrow(ConnectorResponseError);
  });

  it('fails with ConnectorResponseError when the records path is not an array', async () => {
    simulator = await createVendorSimulator({
      routes: [{ method: 'GET', path: '/odd', handle: () => ({ body: { data: 'nope' } }) }],
    });
    const http = createHttpClient({ baseUrl: simulator.url, dispatcher });
    const pages = paginate(http, {
      style: 'link-header',
      request: { path: '/odd' },
      recordsPath: 'data',
    });
    await expect(pages.next()).rejects.toThrow(/no record array/);
  });
});
