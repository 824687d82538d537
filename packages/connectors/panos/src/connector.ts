import { defineConnector } from '@openmdr/connector-kit';
import {
  registerIpTagAction,
  registerIpTagManifest,
  unregisterIpTagAction,
  unregisterIpTagManifest,
} from './actions.js';
import { createPanosClient } from './client.js';
import { panosConfigSchema } from './config.js';
import { getPanosVersion } from './version.js';

/**
 * The PAN-OS connector (Palo Alto Networks firewalls and Panorama): actions only, no streams.
 * `register-ip-tag` blocks an address by registering the tenant's tag on it through the XML
 * API's User-ID call, so a dynamic address group matching the tag, used in a deny rule, holds it
 * until the tag times out; `unregister-ip-tag` unblocks it. They implement the OpenMDR kinds
 * `deny_ip` and `allow_ip`. The API key is sent as `X-PAN-KEY`.
 *
 * @example
 * ```ts
 * const firewall = await panosConnector.connect({
 *   config: { baseUrl: 'https://fw1.acme.example', tag: 'openmdr-block' },
 *   secrets, // provides panos.api_key
 * });
 * await firewall.runAction('register-ip-tag', { ip: '203.0.113.7', timeoutSeconds: 3600 });
 * ```
 */
export const panosConnector = defineConnector({
  manifest: {
    id: 'panos',
    vendor: 'Palo Alto Networks',
    product: 'PAN-OS (firewalls and Panorama)',
    category: 'ndr',
    version: '0.1.0',
    auth: ['static-token'],
    // no shared hosts: every customer's firewall or Panorama has its own management address
    regions: {},
    // actions only: PAN-OS logs reach OpenMDR through syslog or a log platform, not this package
    streams: {},
    actions: {
      'register-ip-tag': registerIpTagManifest,
      'unregister-ip-tag': unregisterIpTagManifest,
    },
    // PAN-OS publishes no XML API budget; the management plane is shared with administrators.
    rateLimit: { requests: 5, perMs: 1_000, maxConcurrent: 2 },
    docsUrl: 'https://openmdr.dev/docs/connectors/panos',
  },
  config: panosConfigSchema,
  createClient: createPanosClient,
  check: async ({ client }) => {
    await getPanosVersion(client);
  },
  streams: {},
  actions: {
    'register-ip-tag': registerIpTagAction,
    'unregister-ip-tag': unregisterIpTagAction,
  },
});
