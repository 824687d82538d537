import { defineConnector, INCREMENTAL_STATE_VERSION } from '@openmdr/connector-kit';
import { createMispClient, MISP_PATHS } from './client.js';
import { mispConfigSchema } from './config.js';
import { attributesStream } from './streams.js';

/**
 * The MISP connector: a threat-intelligence source reading a MISP instance's attributes
 * incrementally from the REST API (`POST /attributes/restSearch`, `timestamp` cursor,
 * `page`/`limit`), with the automation key in `Authorization`. The raw attributes go to
 * `loadMispContent` of `@openmdr/detections`; `normalize` gives OCSF OSINT Inventory Info events.
 *
 * @example
 * ```ts
 * const misp = await mispConnector.connect({
 *   config: { url: 'https://misp.example' },
 *   secrets, // provides misp.auth_key
 * });
 * for await (const batch of misp.read('attributes', savedState)) {
 *   index.apply(loadMispContent(batch.records, { source: 'misp' }).indicators);
 *   // then persist batch.state
 * }
 * ```
 */
export const mispConnector = defineConnector({
  manifest: {
    id: 'misp',
    vendor: 'MISP Project',
    product: 'MISP',
    category: 'intel',
    version: '0.1.0',
    auth: ['static-token'],
    regions: {
      instance: {
        baseUrl: 'https://misp.example',
        description: 'Each organisation runs its own MISP instance: set url',
      },
    },
    streams: {
      attributes: {
        description: 'MISP attributes changed since the last run (restSearch), event tags included',
        cursor: 'offset',
        sortField: 'timestamp',
        dedupKey: 'uuid + timestamp',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['osint_inventory_info'],
        requiredPermissions: ['an automation key of a user with read access to the events'],
      },
    },
    actions: {},
    // MISP sets no budget; restSearch is heavy on the server, so stay gentle.
    rateLimit: { requests: 5, perMs: 1_000, maxConcurrent: 2 },
    docsUrl: 'https://openmdr.dev/docs/connectors/misp',
  },
  config: mispConfigSchema,
  createClient: createMispClient,
  check: async ({ client }) => {
    await client.api.request({ path: MISP_PATHS.version });
  },
  streams: { attributes: attributesStream },
});
