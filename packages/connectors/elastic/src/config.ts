import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

/** The Kibana space id rule: lower-case letters, digits, `_` and `-`. */
const SPACE_ID = /^[a-z0-9_-]+$/;

/** The configuration of the Elastic Security connector, one per tenant (one Kibana space). */
export const elasticConfigSchema = z
  .object({
    /** The Elasticsearch endpoint (`https://my-deployment.es.eu-west-1.aws.found.io`). */
    elasticsearchUrl: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * The Elastic Cloud id (`<name>:<base64 of host$es-uuid$kibana-uuid>`): gives both the
     * Elasticsearch and the Kibana URL. An explicit URL wins over the one the id gives.
     */
    cloudId: z.string().min(3).optional(),
    /** The Kibana URL, for alert status, cases and Elastic Defend response actions. */
    kibanaUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** The Kibana space the alerts belong to. Default `default`. */
    space: z.string().regex(SPACE_ID, 'a Kibana space id').default('default'),
    /**
     * The API key, read from the tenant's secret provider as `elastic.api_key`: the `encoded`
     * value of the create-API-key response (base64 of `id:api_key`), or `id:api_key` itself.
     */
    apiKey: secret({ name: 'elastic.api_key' }),
    /** Where a first read starts (ISO 8601). Default: 24 hours before the first run. */
    startAt: z.iso.datetime({ offset: true }).optional(),
    /** How far behind the watermark each run reads again for late alerts, ms. Default 5 minutes. */
    lookbackMs: z.int().min(0).max(86_400_000).default(300_000),
    /** Hits per search page (Elasticsearch's `index.max_result_window` is 10 000). */
    pageSize: z.int().min(1).max(10_000).default(500),
    /** `keep_alive` of the point in time a read holds open (`1m`, `5m`). */
    keepAlive: z
      .string()
      .regex(/^\d+(ms|s|m|h)$/, 'an Elasticsearch time unit such as 1m')
      .default('1m'),
    /**
     * The `search` stream: an index pattern (`logs-endpoint.events.*`) read with the query DSL
     * `query` (a bool filter the time range is added to), or an ES|QL query (`esql`), sorted by
     * `timeField`.
     */
    search: z
      .object({
        /** The index pattern (query DSL reads). */
        index: z.string().min(1).optional(),
        /** Query DSL combined with the time range. */
        query: z.record(z.string(), z.unknown()).optional(),
        /** ES|QL source and filters (`FROM logs-* | WHERE …`) instead of `index` + `query`. */
        esql: z
          .string()
          .regex(/^\s*FROM\s/i, 'an ES|QL query starting with FROM')
          .optional(),
        timeField: z.string().min(1).default('@timestamp'),
      })
      .refine((search) => (search.index === undefined) !== (search.esql === undefined), {
        message: 'give either index (query DSL) or esql',
      })
      .optional(),
    /**
     * `write-findings`: the data stream OCSF events are bulk-indexed into, and the index
     * template installed for it (once per connection) from the OCSF model.
     */
    writeBack: z
      .object({
        /** The data stream (`<type>-<dataset>-<namespace>`). */
        dataStream: z
          .string()
          .regex(/^[a-z0-9][a-z0-9._-]*$/, 'a lower-case data stream name')
          .default('ocsf-findings-default'),
        /** The index template's name. */
        templateName: z.string().min(1).default('ocsf-findings'),
        /** The template's index patterns; default: the data stream's name up to its last `-`, then `-*`. */
        indexPatterns: z.array(z.string().min(1)).min(1).optional(),
        /** OCSF classes mapped by the template. */
        classes: z
          .array(z.string().min(1))
          .min(1)
          .default(['detection_finding', 'incident_finding']),
        /** Install the template before the first write (`false` when it is managed elsewhere). */
        installTemplate: z.boolean().default(true),
        /** Events per `_bulk` request. */
        batchSize: z.int().min(1).max(10_000).default(500),
      })
      .default({
        dataStream: 'ocsf-findings-default',
        templateName: 'ocsf-findings',
        classes: ['detection_finding', 'incident_finding'],
        installTemplate: true,
        batchSize: 500,
      }),
  })
  .refine((config) => config.elasticsearchUrl !== undefined || config.cloudId !== undefined, {
    message: 'elasticsearchUrl or cloudId is required',
    path: ['elasticsearchUrl'],
  })
  .refine((config) => config.cloudId === undefined || decodeCloudId(config.cloudId) !== undefined, {
    message: 'not a valid Elastic Cloud id',
    path: ['cloudId'],
  });

/** A validated Elastic Security configuration. */
export type ElasticConfig = z.output<typeof elasticConfigSchema>;

/** The endpoints an Elastic Cloud id names. */
export interface CloudIdEndpoints {
  /** The Elasticsearch URL. */
  elasticsearchUrl: string;
  /** The Kibana URL, when the id names a Kibana instance. */
  kibanaUrl?: string;
}

/**
 * Decodes an Elastic Cloud id: `<deployment name>:<base64 of "<host>[:<port>]$<es uuid>$<kibana uuid>">`
 * becomes `https://<es uuid>.<host>[:<port>]` and `https://<kibana uuid>.<host>[:<port>]`
 * (port 443 is left out). `undefined` when the id does not decode.
 */
export function decodeCloudId(cloudId: string): CloudIdEndpoints | undefined {
  const encoded = cloudId.slice(cloudId.indexOf(':') + 1);
  if (!/^[A-Za-z0-9+/=_-]+$/.test(encoded)) return undefined;
  const [hostPort, esUuid, kibanaUuid] = Buffer.from(encoded, 'base64').toString('utf8').split('$');
  if (!hostPort || !esUuid || !/^[\w.-]+(:\d+)?$/.test(hostPort) || !/^[\w-]+$/.test(esUuid)) {
    return undefined;
  }
  const [host, port] = hostPort.split(':');
  const suffix = port && port !== '443' ? `${host}:${port}` : host;
  return {
    elasticsearchUrl: `https://${esUuid}.${suffix}`,
    ...(kibanaUuid && /^[\w-]+$/.test(kibanaUuid)
      ? { kibanaUrl: `https://${kibanaUuid}.${suffix}` }
      : {}),
  };
}

/** The Elasticsearch URL of a configuration (the explicit URL, else the Cloud id's). */
export function elasticsearchUrlOf(config: ElasticConfig): string {
  const url = config.elasticsearchUrl ?? decodeCloudId(config.cloudId ?? '')?.elasticsearchUrl;
  if (!url) throw new Error('elasticsearchUrl or cloudId is required');
  return url.replace(/\/$/, '');
}

/** The Kibana URL of a configuration, when it has one (explicit, else the Cloud id's). */
export function kibanaUrlOf(config: ElasticConfig): string | undefined {
  return (config.kibanaUrl ?? decodeCloudId(config.cloudId ?? '')?.kibanaUrl)?.replace(/\/$/, '');
}

/** The alerts alias of a Kibana space: `.alerts-security.alerts-<space>`. */
export function alertsIndexOf(space: string): string {
  return `.alerts-security.alerts-${space}`;
}
