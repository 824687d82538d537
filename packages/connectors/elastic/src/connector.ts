import { defineConnector, INCREMENTAL_STATE_VERSION } from '@openmdr/connector-kit';
import {
  addCaseCommentAction,
  addCaseCommentManifest,
  isolateHostAction,
  isolateHostManifest,
  releaseHostAction,
  releaseHostManifest,
  setAlertStatusAction,
  setAlertStatusManifest,
} from './actions.js';
import { createElasticClient } from './client.js';
import { alertsIndexOf, elasticConfigSchema } from './config.js';
import { elasticSearch } from './hunt-search.js';
import { alertsStream, searchStream } from './streams.js';
import { writeFindingsAction, writeFindingsManifest } from './write-findings.js';

/**
 * The Elastic Security connector: detection alerts of a Kibana space and documents of any index
 * pattern, read through a point in time and `search_after` and normalised to OCSF; alert
 * workflow status, case comments and Elastic Defend host isolation / release; OCSF findings
 * written back to a data stream. API key auth.
 *
 * @example
 * ```ts
 * const elastic = await elasticConnector.connect({
 *   config: { cloudId: 'prod:…', space: 'soc' },
 *   secrets, // provides elastic.api_key
 * });
 * for await (const batch of elastic.read('alerts', savedState)) { … }
 * await elastic.runAction('isolate-host', { endpointIds: ['a1b2…'] });
 * await elastic.runAction('write-findings', { events: findings }); // into ocsf-findings-default
 * ```
 */
export const elasticConnector = defineConnector({
  manifest: {
    id: 'elastic',
    vendor: 'Elastic',
    product: 'Elastic Security',
    category: 'siem',
    version: '0.1.0',
    auth: ['static-token'],
    // Each deployment has its own URLs: set cloudId (Elastic Cloud) or elasticsearchUrl and
    // kibanaUrl; these entries document the URL shapes.
    regions: {
      cloud: {
        baseUrl: 'https://deployment.es.us-central1.gcp.cloud.es.io',
        description:
          'Elastic Cloud Hosted (AWS, GCP, Azure regions): set cloudId, which gives both URLs',
      },
      serverless: {
        baseUrl: 'https://project.es.us-east-1.aws.elastic.cloud',
        description:
          'Elastic Cloud Serverless security projects: set elasticsearchUrl and kibanaUrl',
      },
      'us-gov': {
        baseUrl: 'https://deployment.es.us-gov-east-1.aws.elastic-cloud.com',
        government: true,
        description: 'Elastic Cloud in AWS GovCloud (US): set cloudId',
      },
      'self-managed': {
        baseUrl: 'https://elasticsearch.example:9200',
        description: 'Self-managed Elasticsearch and Kibana: set elasticsearchUrl and kibanaUrl',
      },
    },
    streams: {
      alerts: {
        description:
          'Detection alerts of the space (.alerts-security.alerts-<space>), oldest @timestamp first',
        cursor: 'search-after',
        sortField: '@timestamp',
        dedupKey: '_id',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['detection_finding'],
        requiredPermissions: ['read and view_index_metadata on .alerts-security.alerts-<space>'],
      },
      search: {
        description:
          'Documents of the configured index pattern matching its query DSL, or rows of its ES|QL query, oldest first',
        cursor: 'search-after',
        sortField: 'search.timeField (default @timestamp)',
        dedupKey: '_id',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['detection_finding', 'base_event'],
        requiredPermissions: ['read and view_index_metadata on the index pattern'],
      },
    },
    actions: {
      'set-alert-status': setAlertStatusManifest,
      'add-case-comment': addCaseCommentManifest,
      'isolate-host': isolateHostManifest,
      'release-host': releaseHostManifest,
      'write-findings': writeFindingsManifest,
    },
    // Elasticsearch sends no rate headers; it rejects with 429 when its queues are full, which
    // the kit retries with backoff. A modest budget keeps a reader from filling them.
    rateLimit: { requests: 20, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/elastic',
  },
  config: elasticConfigSchema,
  createClient: createElasticClient,
  check: async ({ client, config }) => {
    await client.es
      .request({
        method: 'POST',
        path: `/${alertsIndexOf(config.space)}/_pit`,
        query: { keep_alive: '10s' },
      })
      .then((response) => {
        const id = (response.data as { id?: string } | undefined)?.id;
        return id
          ? client.es
              .request({ method: 'DELETE', path: '/_pit', json: { id }, retry: false })
              .catch(() => undefined)
          : undefined;
      });
  },
  streams: { alerts: alertsStream, search: searchStream },
  search: elasticSearch,
  actions: {
    'set-alert-status': setAlertStatusAction,
    'add-case-comment': addCaseCommentAction,
    'isolate-host': isolateHostAction,
    'release-host': releaseHostAction,
    'write-findings': writeFindingsAction,
  },
});
