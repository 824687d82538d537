import { ConnectorConfigError, defineConnector } from '@openmdr/connector-kit';
import { OpenMdrError } from '@openmdr/core';
import { writeFindingsAction, writeFindingsManifest } from './actions.js';
import { closeSecuritylakeClient, createSecuritylakeClient } from './client.js';
import {
  SECURITYLAKE_REGIONS,
  securitylakeConfigSchema,
  securitylakeReadSources,
} from './config.js';
import { eventsStream, SECURITYLAKE_EVENTS_STATE_VERSION } from './streams.js';

/**
 * The Amazon Security Lake connector: a custom source's OCSF events read incrementally out of
 * the lake (S3 or a local directory; objects in the order they were stored, late objects
 * included) and brought to OCSF 1.8.0; OpenMDR's findings and events written into it as OCSF
 * 1.1.0 Parquet (`write-findings`). The kit's AWS credentials: the default chain or keys from
 * the tenant's secrets, with an optional per-tenant STS AssumeRole (Security Lake's
 * provider role for the source).
 *
 * @example
 * ```ts
 * const lake = await securitylakeConnector.connect({
 *   config: {
 *     region: 'eu-west-1',
 *     bucket: 'aws-security-data-lake-eu-west-1-abcdef',
 *     sourceName: 'openmdr',
 *     accountId: '123456789012',
 *     assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/AmazonSecurityLake-Provider-openmdr-eu-west-1', externalId: 'acme' },
 *   },
 *   secrets,
 * });
 * for await (const batch of lake.read('events', savedState)) { … }
 * await lake.runAction('write-findings', { events: triage.incidents });
 * ```
 */
export const securitylakeConnector = defineConnector({
  manifest: {
    id: 'securitylake',
    vendor: 'Amazon Web Services',
    product: 'Amazon Security Lake',
    category: 'cloud',
    version: '0.1.0',
    auth: ['aws-sigv4'],
    regions: SECURITYLAKE_REGIONS,
    streams: {
      events: {
        description:
          'OCSF events of the custom source (or the configured AWS native sources), object by object in the order stored (LastModified)',
        cursor: 'next-token',
        sortField: 'LastModified',
        dedupKey: 'metadata.uid + class_uid + time',
        stateVersion: SECURITYLAKE_EVENTS_STATE_VERSION,
        // every class of OCSF 1.1.0 (what Security Lake holds) that OCSF 1.8.0 still has
        ocsfClasses: [
          'account_change',
          'api_activity',
          'application_lifecycle',
          'authentication',
          'authorize_session',
          'base_event',
          'compliance_finding',
          'config_state',
          'datastore_activity',
          'detection_finding',
          'device_config_state_change',
          'dhcp_activity',
          'dns_activity',
          'email_activity',
          'email_file_activity',
          'email_url_activity',
          'entity_management',
          'file_activity',
          'file_hosting',
          'ftp_activity',
          'group_management',
          'http_activity',
          'incident_finding',
          'inventory_info',
          'kernel_activity',
          'memory_activity',
          'module_activity',
          'network_activity',
          'network_file_activity',
          'ntp_activity',
          'patch_state',
          'process_activity',
          'rdp_activity',
          'registry_key_activity',
          'registry_value_activity',
          'scan_activity',
          'scheduled_job_activity',
          'security_finding',
          'smb_activity',
          'ssh_activity',
          'user_access',
          'user_inventory',
          'vulnerability_finding',
          'web_resource_access_activity',
          'web_resources_activity',
        ],
        requiredPermissions: ['s3:ListBucket', 's3:GetObject'],
      },
    },
    actions: { 'write-findings': writeFindingsManifest },
    // a share of S3's per-prefix rates (3 500 writes, 5 500 reads per second per prefix)
    rateLimit: { requests: 50, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/securitylake',
  },
  config: securitylakeConfigSchema,
  createClient: createSecuritylakeClient,
  // proves the credentials, the bucket and the list permission in one cheap call (a local lake:
  // the directory exists)
  check: async ({ client, config }) => {
    try {
      for (const source of securitylakeReadSources(config)) await client.store.check(source);
    } catch (error) {
      if (OpenMdrError.isInstance(error)) throw error;
      throw new ConnectorConfigError(
        'securitylake',
        [
          {
            path: 'localDir',
            message: `the local lake cannot be read: ${(error as Error).message}`,
          },
        ],
        { cause: error },
      );
    }
  },
  streams: { events: eventsStream },
  actions: { 'write-findings': writeFindingsAction },
  close: async ({ client }) => closeSecuritylakeClient(client),
});
