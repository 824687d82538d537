import { defineConnector } from '@openmdr/connector-kit';
import { createIntelFeedsClient } from './client.js';
import { intelFeedsConfigSchema } from './config.js';
import { INTEL_FEEDS_STATE_VERSION, rowsStream } from './streams.js';

/**
 * The indicator feeds connector: a threat-intelligence source reading CSV and plain-list feeds
 * over HTTP (abuse.ch, blocklists, a partner's export) with conditional GET — the `ETag` and
 * `Last-Modified` of the last complete fetch are the cursor, so an unchanged feed costs a 304 —
 * and delivering each row once. `feedTexts` rebuilds the text of the delivered rows for
 * `loadIndicatorList` / `loadIndicatorCsv` of `@openmdr/detections`; `normalize` gives OCSF
 * OSINT Inventory Info events.
 *
 * @example
 * ```ts
 * const feeds = await intelFeedsConnector.connect({
 *   config: { feeds: [{ name: 'c2-ips', url: 'https://feeds.example/c2.txt' }] },
 * });
 * for await (const batch of feeds.read('rows', savedState)) {
 *   for (const { format, text, url } of feedTexts(batch.records as IntelFeedRow[]))
 *     index.apply((format === 'csv' ? loadIndicatorCsv : loadIndicatorList)(text, { source: url }).indicators);
 *   // then persist batch.state
 * }
 * ```
 */
export const intelFeedsConnector = defineConnector({
  manifest: {
    id: 'intel-feeds',
    vendor: 'Any',
    product: 'CSV and plain-list indicator feeds',
    category: 'intel',
    version: '0.1.0',
    auth: ['none', 'static-token', 'basic'],
    regions: {
      feeds: {
        baseUrl: 'https://feeds.example',
        description: 'Each feed has its own URL: set feeds[].url',
      },
    },
    streams: {
      rows: {
        description:
          'Indicator rows of the configured feeds not delivered before; each run fetches every feed as of now with If-None-Match / If-Modified-Since',
        cursor: 'time-window',
        sortField: 'line (file order)',
        dedupKey: 'feed + row text',
        stateVersion: INTEL_FEEDS_STATE_VERSION,
        ocsfClasses: ['osint_inventory_info'],
        requiredPermissions: [],
      },
    },
    actions: {},
    // per feed host; feeds are files, refreshed every few minutes at most
    rateLimit: { requests: 5, perMs: 1_000, maxConcurrent: 2 },
    docsUrl: 'https://openmdr.dev/docs/connectors/intel-feeds',
  },
  config: intelFeedsConfigSchema,
  createClient: createIntelFeedsClient,
  check: async ({ client, config }) => {
    for (const feed of config.feeds) await client.fetch(feed);
  },
  streams: { rows: rowsStream },
});
