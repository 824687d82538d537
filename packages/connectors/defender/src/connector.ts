import { defineConnector, INCREMENTAL_STATE_VERSION } from '@openmdr/connector-kit';
import { createDefenderClient, type DefenderClient } from './client.js';
import { DEFENDER_REGIONS, defenderConfigSchema } from './config.js';
import { isolateAction, machineActionManifests, releaseAction } from './machine-actions.js';
import {
  endpointAlertsStream,
  incidentsStream,
  machinesStream,
  xdrAlertsStream,
} from './streams.js';
import {
  triageActionManifests,
  updateAlertAction,
  updateIncidentAction,
} from './triage-actions.js';

const stream = (description: string, sortField: string, ocsfClass: string, permission: string) => ({
  description,
  cursor: 'odata-next-link' as const,
  sortField,
  dedupKey: `id + ${sortField}`,
  stateVersion: INCREMENTAL_STATE_VERSION,
  ocsfClasses: [ocsfClass],
  requiredPermissions: [permission],
});

/**
 * The Microsoft Defender connector: Defender for Endpoint alerts and machines (MDE API) and
 * Defender XDR alerts and incidents (Microsoft Graph security), in the commercial cloud, GCC,
 * GCC High and DoD; machine isolation (full or selective) and release with machine-action
 * polling; alert and incident triage updates. OAuth2 client credentials (Microsoft Entra app).
 *
 * @example
 * ```ts
 * const defender = await defenderConnector.connect({
 *   config: { cloud: 'gcc-high', tenantId: '…', clientId: '…' },
 *   secrets, // provides defender.client_secret
 * });
 * await defender.runAction('isolate', { machineId, isolationType: 'Selective', comment: 'IR-1234' });
 * ```
 */
export const defenderConnector = defineConnector({
  manifest: {
    id: 'defender',
    vendor: 'Microsoft',
    product: 'Defender for Endpoint and Defender XDR',
    category: 'edr',
    version: '0.1.0',
    auth: ['oauth2-client-credentials'],
    regions: DEFENDER_REGIONS,
    streams: {
      alerts: stream(
        'Defender for Endpoint alerts with evidence',
        'lastUpdateTime',
        'detection_finding',
        'Alert.Read.All',
      ),
      machines: stream(
        'Defender for Endpoint machines',
        'lastSeen',
        'inventory_info',
        'Machine.Read.All',
      ),
      'xdr-alerts': stream(
        'Defender XDR alerts of every Defender product (Graph alerts_v2)',
        'lastUpdateDateTime',
        'detection_finding',
        'SecurityAlert.Read.All',
      ),
      incidents: stream(
        'Defender XDR incidents with their alerts (Graph)',
        'lastUpdateDateTime',
        'incident_finding',
        'SecurityIncident.Read.All',
      ),
    },
    actions: { ...machineActionManifests, ...triageActionManifests },
    // MDE: 100 calls per minute and 1 500 per hour per API, per app and tenant.
    rateLimit: { requests: 90, perMs: 60_000, maxConcurrent: 4 },
    docsUrl: 'https://openmdr.dev/docs/connectors/defender',
  },
  config: defenderConfigSchema,
  createClient: (config, context): DefenderClient => createDefenderClient(config, context),
  check: async ({ client }) => {
    await client.endpoint.request({ path: '/api/machines', query: { $top: 1 } });
    await client.graph.request({ path: '/v1.0/security/alerts_v2', query: { $top: 1 } });
  },
  streams: {
    alerts: endpointAlertsStream,
    machines: machinesStream,
    'xdr-alerts': xdrAlertsStream,
    incidents: incidentsStream,
  },
  actions: {
    isolate: isolateAction,
    release: releaseAction,
    'update-alert': updateAlertAction,
    'update-incident': updateIncidentAction,
  },
});
