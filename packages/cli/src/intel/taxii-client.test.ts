// The TAXII client of @openmdr/detections over the connector kit's HTTP client, as an embedder
// (and this CLI) composes them: detections stays free of connector code, so the composition is
// tested here.
import { basicAuth, createHttpClient, type HttpClientOptions } from '@openmdr/connectors';
import { createTaxiiClient, IntelIndex, pollTaxiiCollection } from '@openmdr/detections';
import { afterEach, describe, expect, it } from 'vitest';
import { startTaxiiSimulator, type TaxiiSimulator } from './taxii-simulator.js';

/** A TAXII client over the connector kit's HTTP client (what embedders pass). */
const taxiiClient = (url: string, options: Omit<HttpClientOptions, 'baseUrl'> = {}) =>
  createTaxiiClient({ url, http: createHttpClient({ ...options, baseUrl: url }) });

function indicatorObject(
  index: number,
  modified = '2026-01-01T00:00:00.000Z',
): Record<string, unknown> {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${String(index).padStart(8, '0')}-0000-4000-8000-000000000000`,
    created: '2026-01-01T00:00:00.000Z',
    modified,
    pattern: `[ipv4-addr:value = '198.51.100.${index}']`,
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00Z',
  };
}

const added = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

describe('TAXII 2.1 client', () => {
  let simulator: TaxiiSimulator | undefined;
  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });

  it('discovers, lists collections and pages through objects with added_after', async () => {
    simulator = await startTaxiiSimulator({
      basic: { username: 'reader', password: 'pw-for-tests' },
      maxPageSize: 2,
      collections: {
        c1: {
          title: 'Indicators',
          objects: [1, 2, 3, 4, 5].map((index) => ({
            dateAdded: added(index),
            object: indicatorObject(index),
          })),
        },
      },
    });
    const client = taxiiClient(simulator.url, {
      auth: basicAuth({ username: 'reader', password: 'pw-for-tests' }),
    });
    const discovery = await client.discover();
    expect(discovery.api_roots).toEqual([simulator.apiRoot]);
    expect((await client.apiRoot(simulator.apiRoot)).versions).toContain(
      'application/taxii+json;version=2.1',
    );
    expect(
      (await client.collections(simulator.apiRoot)).map((collection) => collection.id),
    ).toEqual(['c1']);
    const first = await pollTaxiiCollection(client, simulator.apiRoot, 'c1', { limit: 10 });
    expect(first.pages).toBe(3);
    expect(first.indicators).toHaveLength(5);
    expect(first.addedAfter).toBe(added(5));
    expect(
      simulator.requests.every(
        (request) => request.accept === 'application/taxii+json;version=2.1',
      ),
    ).toBe(true);
    const pageUrls = simulator.requests
      .filter((request) => request.url.includes('/objects/'))
      .map((request) => request.url);
    expect(pageUrls[1]).toContain('next=2');
    const again = await pollTaxiiCollection(client, simulator.apiRoot, 'c1', {
      addedAfter: added(3),
    });
    expect(again.indicators.map((indicator) => indicator.pattern)).toEqual([
      "[ipv4-addr:value = '198.51.100.4']",
      "[ipv4-addr:value = '198.51.100.5']",
    ]);
    const index = new IntelIndex();
    expect(index.apply(first.indicators).added).toBe(5);
  });

  it('waits out 429 with Retry-After through the kit retry policy', async () => {
    simulator = await startTaxiiSimulator({
      throttleFirst: 2,
      collections: {
        c1: { title: 'x', objects: [{ dateAdded: added(1), object: indicatorObject(1) }] },
      },
    });
    const waits: number[] = [];
    const client = taxiiClient(simulator.url, {
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const result = await pollTaxiiCollection(client, simulator.apiRoot, 'c1');
    expect(result.indicators).toHaveLength(1);
    expect(waits).toEqual([1000, 1000]);
    expect(simulator.requests.map((request) => request.status)).toEqual([429, 429, 200]);
  });

  it('fails with a typed error on auth failure and unknown collections', async () => {
    simulator = await startTaxiiSimulator({
      basic: { username: 'a', password: 'b' },
      collections: {},
    });
    const client = taxiiClient(simulator.url, {
      retry: false,
    });
    await expect(client.discover()).rejects.toMatchObject({
      code: expect.stringMatching(/^CONNECTOR_/),
    });
    const authed = taxiiClient(simulator.url, {
      retry: false,
      auth: basicAuth({ username: 'a', password: 'b' }),
    });
    await expect(pollTaxiiCollection(authed, simulator.apiRoot, 'missing')).rejects.toMatchObject({
      code: expect.stringMatching(/^CONNECTOR_/),
    });
  });
});
