import {
  type ConnectorStreamManifest,
  defineConnector,
  FILE_TAIL_STATE_VERSION,
} from '@openmdr/connector-kit';
import { zeekConfigSchema } from './config.js';
import { zeekStreams } from './streams.js';
import { ZEEK_LOGS, type ZeekLog, type ZeekStreamId, zeekStreamId } from './zeek-log.js';

/** The OCSF classes each Zeek log's stream gives. */
const OCSF_CLASSES: Readonly<Record<ZeekLog, readonly [string, ...string[]]>> = {
  conn: ['network_activity'],
  dns: ['dns_activity'],
  http: ['http_activity'],
  ssl: ['network_activity'],
  x509: ['network_activity'],
  files: ['network_file_activity'],
  notice: ['detection_finding'],
  weird: ['detection_finding'],
  ssh: ['ssh_activity'],
  smtp: ['email_activity'],
  ftp: ['ftp_activity'],
  rdp: ['rdp_activity'],
  dhcp: ['dhcp_activity'],
  kerberos: ['authentication'],
  ntlm: ['authentication'],
  smb_files: ['smb_activity'],
  smb_mapping: ['smb_activity'],
  dce_rpc: ['network_activity'],
};

const streamManifests = Object.fromEntries(
  ZEEK_LOGS.map((log): [ZeekStreamId, ConnectorStreamManifest] => [
    zeekStreamId(log),
    {
      description: `Zeek ${log}.log records (JSON or TSV), tailed from the log directory`,
      cursor: 'file-tail',
      sortField: 'ts',
      dedupKey: 'file identity + byte offset',
      stateVersion: FILE_TAIL_STATE_VERSION,
      ocsfClasses: [...OCSF_CLASSES[log]],
      requiredPermissions: [`read access to ${log}.log*`],
    },
  ]),
) as Record<ZeekStreamId, ConnectorStreamManifest>;

/**
 * The Zeek connector: one stream per log (conn, dns, http, ssl, x509, files, notice, weird, ssh,
 * smtp, ftp, rdp, dhcp, kerberos, ntlm, smb-files, smb-mapping, dce-rpc: stream ids are the log
 * names in kebab-case), each tailing its files
 * in the log directory with the kit's file source (rotation, truncation, gzip, restarts;
 * checkpointed by inode and offset) and normalising JSON or TSV lines to OCSF 1.8.0. No API,
 * no credentials, no actions: Zeek is a passive sensor.
 *
 * @example
 * ```ts
 * const zeek = await zeekConnector.connect({ config: { logDir: '/opt/zeek/logs/current' } });
 * for await (const batch of zeek.read('conn', savedState)) {
 *   const { events } = zeek.normalizeBatch('conn', batch.records);
 *   // deliver events, then persist batch.state
 * }
 * ```
 */
export const zeekConnector = defineConnector({
  manifest: {
    id: 'zeek',
    vendor: 'Zeek',
    product: 'Zeek',
    category: 'ndr',
    version: '0.1.0',
    auth: ['none'],
    regions: {},
    streams: streamManifests,
    actions: {},
    // Nothing is requested from a vendor; the policy only bounds the kit's own scheduling.
    rateLimit: { requests: 1_000, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/zeek',
  },
  config: zeekConfigSchema,
  createClient: () => null,
  check: async () => {},
  streams: zeekStreams,
  actions: {},
});
