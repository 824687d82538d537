import { defineConnector, FILE_TAIL_STATE_VERSION } from '@openmdr/connector-kit';
import { checkPaths, createSuricataClient, type SuricataClient } from './client.js';
import { suricataConfigSchema } from './config.js';
import { eveStream } from './streams.js';

/**
 * The Suricata connector: the sensor's EVE JSON log files (`eve.json`, NDJSON) followed with the
 * kit's tailing file source — rotation, truncation, gzip and restarts survived, inode + offset
 * checkpointed — and normalised to OCSF 1.8.0 by `event_type` (alerts as Detection Findings,
 * flows, DNS, HTTP, TLS, files, SMTP, SSH, anomalies, drops). `stats` records are sensor health
 * (`client.health`), not events. No credentials, no API, no actions.
 *
 * @example
 * ```ts
 * const suricata = await suricataConnector.connect({ config: { paths: '/var/log/suricata/eve.json*' } });
 * await suricata.check();
 * for await (const batch of suricata.read('eve', savedState)) {
 *   const { events, deadLetters } = suricata.normalizeBatch('eve', batch.records);
 *   // deliver events, park dead letters, then persist batch.state
 * }
 * ```
 */
export const suricataConnector = defineConnector({
  manifest: {
    id: 'suricata',
    vendor: 'OISF',
    product: 'Suricata',
    category: 'ndr',
    version: '0.1.0',
    auth: ['none'],
    regions: {},
    streams: {
      eve: {
        description:
          'EVE JSON records of every event type (alert, flow, netflow, dns, http, tls, fileinfo, smtp, ssh, anomaly, drop, …), read from the log files',
        cursor: 'file-tail',
        sortField: 'file order, byte offset',
        dedupKey: 'file (device:inode) + byte offset',
        stateVersion: FILE_TAIL_STATE_VERSION,
        ocsfClasses: [
          'detection_finding',
          'network_activity',
          'dns_activity',
          'http_activity',
          'network_file_activity',
          'email_activity',
          'ssh_activity',
        ],
        requiredPermissions: ['read access to the EVE log directory'],
      },
    },
    actions: {},
    // Local files: no vendor budget. The limit is never reached by a file read.
    rateLimit: { requests: 1_000, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/suricata',
  },
  config: suricataConfigSchema,
  createClient: (): SuricataClient => createSuricataClient(),
  check: async ({ config }) => {
    await checkPaths(config);
  },
  streams: { eve: eveStream },
  actions: {},
});
