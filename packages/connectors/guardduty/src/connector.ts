import { ListFindingsCommand } from '@aws-sdk/client-guardduty';
import { defineConnector, INCREMENTAL_STATE_VERSION } from '@openmdr/connector-kit';
import {
  archiveFindingsAction,
  archiveFindingsManifest,
  updateFeedbackAction,
  updateFeedbackManifest,
} from './actions.js';
import { createGuarddutyClient } from './client.js';
import { GUARDDUTY_REGIONS, guarddutyConfigSchema } from './config.js';
import { findingsStream } from './streams.js';

/**
 * The Amazon GuardDuty connector: findings read incrementally from a region's detector
 * (`ListFindings` by `updatedAt`, then `GetFindings`), member accounts' included for a delegated
 * administrator, normalised to OCSF Detection Finding; findings archived or given feedback. The
 * kit's AWS credentials: the default chain or keys from the tenant's secrets, with an optional
 * per-tenant STS AssumeRole.
 *
 * @example
 * ```ts
 * const guardduty = await guarddutyConnector.connect({
 *   config: {
 *     region: 'eu-west-1',
 *     assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/openmdr-reader', externalId: 'acme' },
 *   },
 *   secrets,
 * });
 * for await (const batch of guardduty.read('findings', savedState)) { … }
 * await guardduty.runAction('archive-findings', { findingIds: ['a2c6f1e0b7d84c39b2e1f0a9c8d7e6f5'] });
 * ```
 */
export const guarddutyConnector = defineConnector({
  manifest: {
    id: 'guardduty',
    vendor: 'Amazon Web Services',
    product: 'Amazon GuardDuty',
    category: 'cloud',
    version: '0.1.0',
    auth: ['aws-sigv4'],
    regions: GUARDDUTY_REGIONS,
    streams: {
      findings: {
        description: 'GuardDuty findings of the region’s detector, oldest update first',
        cursor: 'next-token',
        sortField: 'updatedAt',
        dedupKey: 'id + updatedAt',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['detection_finding'],
        requiredPermissions: [
          'guardduty:ListDetectors',
          'guardduty:ListFindings',
          'guardduty:GetFindings',
        ],
      },
    },
    actions: {
      'archive-findings': archiveFindingsManifest,
      'update-feedback': updateFeedbackManifest,
    },
    // a share of GuardDuty's per-account API rate (ListFindings/GetFindings are throttled at tens
    // of requests per second per account and region)
    rateLimit: { requests: 10, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/guardduty',
  },
  config: guarddutyConfigSchema,
  createClient: createGuarddutyClient,
  // proves the credentials, the region's detector and the read permission in one cheap call
  check: async ({ client }) => {
    const detectorId = await client.detectorId();
    await client.send(new ListFindingsCommand({ DetectorId: detectorId, MaxResults: 1 }));
  },
  streams: { findings: findingsStream },
  actions: {
    'archive-findings': archiveFindingsAction,
    'update-feedback': updateFeedbackAction,
  },
});
