import { GetFindingsCommand } from '@aws-sdk/client-securityhub';
import { defineConnector, INCREMENTAL_STATE_VERSION } from '@openmdr/connector-kit';
import { updateFindingsAction, updateFindingsManifest } from './actions.js';
import { createSecurityhubClient } from './client.js';
import { SECURITYHUB_REGIONS, securityhubConfigSchema } from './config.js';
import { findingsStream } from './streams.js';

/**
 * The AWS Security Hub connector: ASFF findings of every integrated product (GuardDuty,
 * Inspector, Macie, Config, Access Analyzer, partners) read incrementally with `GetFindings`,
 * normalised to OCSF Vulnerability, Compliance or Detection Finding as Amazon Security Lake
 * does; `update-findings` sets their workflow status, note or severity. The kit's AWS
 * credentials: the default chain or keys from the tenant's secrets, with an optional per-tenant
 * STS AssumeRole.
 *
 * @example
 * ```ts
 * const securityhub = await securityhubConnector.connect({
 *   config: { region: 'eu-west-1', assumeRole: { roleArn, externalId: 'acme' } },
 *   secrets,
 * });
 * for await (const batch of securityhub.read('findings', savedState)) { … }
 * await securityhub.runAction('update-findings', {
 *   findings: [{ id, productArn }],
 *   workflowStatus: 'RESOLVED',
 * });
 * ```
 */
export const securityhubConnector = defineConnector({
  manifest: {
    id: 'securityhub',
    vendor: 'Amazon Web Services',
    product: 'AWS Security Hub',
    category: 'cloud',
    version: '0.1.0',
    auth: ['aws-sigv4'],
    regions: SECURITYHUB_REGIONS,
    streams: {
      findings: {
        description: 'Security Hub ASFF findings of every integrated product, oldest update first',
        cursor: 'next-token',
        sortField: 'UpdatedAt',
        dedupKey: 'Id + UpdatedAt',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['vulnerability_finding', 'compliance_finding', 'detection_finding'],
        requiredPermissions: ['securityhub:GetFindings'],
      },
    },
    actions: { 'update-findings': updateFindingsManifest },
    // Security Hub throttles GetFindings at 3 requests a second (burst 6) per account and region
    rateLimit: { requests: 3, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/securityhub',
  },
  config: securityhubConfigSchema,
  createClient: createSecurityhubClient,
  // proves the credentials, that Security Hub is enabled and the read permission in one call
  check: async ({ client }) => {
    await client.send(new GetFindingsCommand({ MaxResults: 1 }));
  },
  streams: { findings: findingsStream },
  actions: { 'update-findings': updateFindingsAction },
});
