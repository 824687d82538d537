import { ConnectorResponseError, defineConnector } from '@openmdr/connector-kit';
import { createTaxiiClient } from './client.js';
import { taxiiConfigSchema } from './config.js';
import { objectsStream, TAXII_STATE_VERSION } from './streams.js';

/**
 * The TAXII 2.1 connector: a threat-intelligence source reading the STIX 2.1 objects of a TAXII
 * server's collections incrementally (`added_after`, `next`/`more` paging,
 * `X-TAXII-Date-Added-Last` as the cursor), with Basic or bearer credentials. The raw objects go
 * to `loadStixObjects` of `@openmdr/detections`; `normalize` gives OCSF OSINT Inventory Info
 * events for the indicators.
 *
 * @example
 * ```ts
 * const taxii = await taxiiConnector.connect({
 *   config: { discoveryUrl: 'https://cti.example/taxii2/', auth: { type: 'basic', username: 'reader' } },
 *   secrets, // provides taxii.password
 * });
 * for await (const batch of taxii.read('objects', savedState)) {
 *   index.apply(loadStixObjects(batch.records, { source: 'taxii' }).indicators);
 *   // then persist batch.state
 * }
 * ```
 */
export const taxiiConnector = defineConnector({
  manifest: {
    id: 'taxii',
    vendor: 'OASIS',
    product: 'TAXII 2.1',
    category: 'intel',
    version: '0.1.0',
    auth: ['basic', 'static-token', 'none'],
    regions: {
      server: {
        baseUrl: 'https://taxii.example/taxii2/',
        description: 'Each feed has its own server: set discoveryUrl',
      },
    },
    streams: {
      objects: {
        description:
          'STIX 2.1 objects of the configured collections (indicators, marking definitions, …), in date_added order',
        cursor: 'next-token',
        sortField: 'date_added (X-TAXII-Date-Added-Last)',
        dedupKey: 'id + modified',
        stateVersion: TAXII_STATE_VERSION,
        ocsfClasses: ['osint_inventory_info'],
        requiredPermissions: ['can_read on each collection'],
      },
    },
    actions: {},
    // TAXII 2.1 sets no budget; feeds answer 429 with Retry-After when they have one.
    rateLimit: { requests: 5, perMs: 1_000, maxConcurrent: 2 },
    docsUrl: 'https://openmdr.dev/docs/connectors/taxii',
  },
  config: taxiiConfigSchema,
  createClient: createTaxiiClient,
  check: async ({ client, config }) => {
    let apiRoot = config.apiRoot;
    if (apiRoot === undefined) {
      const discovery = await client.discover();
      apiRoot = discovery.default ?? discovery.api_roots[0];
    }
    if (apiRoot === undefined)
      throw new ConnectorResponseError(`TAXII server ${client.discoveryUrl} lists no API root`);
    await client.apiRoot(apiRoot);
    await client.collections(apiRoot);
  },
  streams: { objects: objectsStream },
});
