import { connectorSources, isRecord, type NormalizeSource } from '@openmdr/connector-kit/normalize';
import { isAdvancedHuntingRecord } from './hunting-record.js';
import { normalizeDefenderEndpointAlert } from './normalize-endpoint-alert.js';
import { normalizeDefenderGraphAlert } from './normalize-graph-alert.js';
import { normalizeDefenderHuntingRecord } from './normalize-hunting.js';
import { normalizeDefenderIncident } from './normalize-incident.js';
import { normalizeDefenderMachine } from './normalize-machine.js';

const odataType = (record: Record<string, unknown>) => String(record['@odata.type'] ?? '');

/**
 * The Defender sources of `openmdr normalize`: `defender/hunting` (Advanced Hunting records of
 * the streaming API, `category` `AdvancedHunting-<Table>`), `defender/alerts` (MDE alerts, recognised by
 * `alertCreationTime`/`lastUpdateTime`), `defender/machines` (`computerDnsName`/`lastSeen`),
 * `defender/xdr-alerts` (Graph alerts, `lastUpdateDateTime` or `@odata.type` `…security.alert`),
 * `defender/incidents` (`…security.incident`, or `displayName` with `lastUpdateDateTime`), and
 * `defender` for any of them.
 */
export const defenderNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'defender',
  'Microsoft Defender',
  [
    {
      id: 'defender/hunting',
      summary:
        'Microsoft Defender XDR Advanced Hunting records of the streaming API (Event Hubs / storage: {time, category: "AdvancedHunting-<Table>", properties}); {records:[…]} batches unwrapped',
      matches: isAdvancedHuntingRecord,
      normalize: (record, options) => normalizeDefenderHuntingRecord(record, options),
    },
    {
      id: 'defender/alerts',
      summary: 'Microsoft Defender for Endpoint alerts (/api/alerts)',
      matches: (record) =>
        isRecord(record) &&
        typeof record['id'] === 'string' &&
        ('alertCreationTime' in record || 'lastUpdateTime' in record),
      normalize: (record, options) => normalizeDefenderEndpointAlert(record, options),
    },
    {
      id: 'defender/machines',
      summary: 'Microsoft Defender for Endpoint machines (/api/machines)',
      matches: (record) =>
        isRecord(record) &&
        typeof record['id'] === 'string' &&
        ('lastSeen' in record || 'computerDnsName' in record) &&
        !('alertCreationTime' in record),
      normalize: (record, options) => normalizeDefenderMachine(record, options),
    },
    {
      id: 'defender/xdr-alerts',
      summary: 'Microsoft Defender XDR alerts (Graph security/alerts_v2)',
      matches: (record) =>
        isRecord(record) &&
        (odataType(record) === '#microsoft.graph.security.alert' ||
          (!odataType(record) && 'lastUpdateDateTime' in record && 'title' in record)),
      normalize: (record, options) => normalizeDefenderGraphAlert(record, options),
    },
    {
      id: 'defender/incidents',
      summary: 'Microsoft Defender XDR incidents (Graph security/incidents)',
      matches: (record) =>
        isRecord(record) &&
        (odataType(record) === '#microsoft.graph.security.incident' ||
          (!odataType(record) && 'lastUpdateDateTime' in record && 'displayName' in record)),
      normalize: (record, options) => normalizeDefenderIncident(record, options),
    },
  ],
);
