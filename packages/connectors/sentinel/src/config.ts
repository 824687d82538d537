import type { ConnectorRegion } from '@openmdr/connector-kit';
import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

/** The endpoints of one Azure cloud: sign-in, ARM, Log Analytics, and the token audiences. */
export interface SentinelCloud {
  /** Microsoft Entra sign-in host. */
  loginBaseUrl: string;
  /** Azure Resource Manager (`Microsoft.SecurityInsights` incidents). */
  armBaseUrl: string;
  /** The Log Analytics query API. */
  logAnalyticsBaseUrl: string;
  /** The ARM token scope. */
  armScope: string;
  /** The Log Analytics token scope. */
  logAnalyticsScope: string;
  /** The Logs Ingestion token scope. */
  ingestionScope: string;
  /** A government cloud. */
  government: boolean;
  /** Name. */
  description: string;
}

/** Azure clouds: commercial (`public`) and US Government (`usgov`). */
export const SENTINEL_CLOUDS = {
  public: {
    loginBaseUrl: 'https://login.microsoftonline.com',
    armBaseUrl: 'https://management.azure.com',
    logAnalyticsBaseUrl: 'https://api.loganalytics.io',
    armScope: 'https://management.azure.com/.default',
    logAnalyticsScope: 'https://api.loganalytics.io/.default',
    ingestionScope: 'https://monitor.azure.com/.default',
    government: false,
    description: 'Azure commercial cloud',
  },
  usgov: {
    loginBaseUrl: 'https://login.microsoftonline.us',
    armBaseUrl: 'https://management.usgovcloudapi.net',
    logAnalyticsBaseUrl: 'https://api.loganalytics.us',
    armScope: 'https://management.usgovcloudapi.net/.default',
    logAnalyticsScope: 'https://api.loganalytics.us/.default',
    ingestionScope: 'https://monitor.azure.us/.default',
    government: true,
    description: 'Azure US Government',
  },
} as const satisfies Record<string, SentinelCloud>;

/** An Azure cloud id. */
export type SentinelCloudName = keyof typeof SENTINEL_CLOUDS;

/** The manifest regions: the ARM host of each cloud (Log Analytics and sign-in in the text). */
export const SENTINEL_REGIONS: Record<SentinelCloudName, ConnectorRegion> = Object.fromEntries(
  Object.entries(SENTINEL_CLOUDS).map(([name, cloud]) => [
    name,
    {
      baseUrl: cloud.armBaseUrl,
      government: cloud.government,
      description: `${cloud.description}; Log Analytics ${cloud.logAnalyticsBaseUrl}; sign-in ${cloud.loginBaseUrl}`,
    },
  ]),
) as Record<SentinelCloudName, ConnectorRegion>;

const url = z.url({ protocol: /^https?$/ });
const armName = z.string().regex(/^[\w.()-]{1,90}$/, 'an Azure resource name');

/** Where findings are written: a data collection rule (DCR) of the Logs Ingestion API. */
export const sentinelIngestionSchema = z.object({
  /** The data collection endpoint or the DCR's logs ingestion endpoint (`https://<dce>.<region>.ingest.monitor.azure.com`). */
  endpoint: url,
  /** The DCR's immutable id (`dcr-<32 hex>`). */
  dcrImmutableId: z.string().regex(/^dcr-[0-9a-f]{32}$/, 'a DCR immutable id (dcr-<32 hex>)'),
  /** The DCR's input stream (`Custom-OpenMDRFindings_CL`). */
  stream: z.string().regex(/^Custom-[\w-]+$/, 'a custom stream name (Custom-…)'),
});

/** The configuration of the Microsoft Sentinel connector, one workspace. */
export const sentinelConfigSchema = z.object({
  /** The Azure cloud of the workspace. */
  cloud: z.enum(['public', 'usgov']).default('public'),
  /** Microsoft Entra tenant id. */
  tenantId: z.uuid(),
  /** Application (client) id of the app registration. */
  clientId: z.string().min(1),
  /** Client secret of the app registration, read as `sentinel.client_secret`. */
  clientSecret: secret({ name: 'sentinel.client_secret' }),
  /** Subscription of the workspace. */
  subscriptionId: z.uuid(),
  /** Resource group of the workspace. */
  resourceGroup: armName,
  /** Log Analytics workspace name (the ARM resource). */
  workspaceName: armName,
  /** Log Analytics workspace id (the customer id, a GUID) of the query API. */
  workspaceId: z.uuid(),
  /** Where findings are written through the Logs Ingestion API; without it `writeFindings` is off. */
  ingestion: sentinelIngestionSchema.optional(),
  /** Overrides the cloud's sign-in host (a proxy, a test server). */
  loginBaseUrl: url.optional(),
  /** Overrides the cloud's ARM host. */
  armBaseUrl: url.optional(),
  /** Overrides the cloud's Log Analytics host. */
  logAnalyticsBaseUrl: url.optional(),
  /** Where a first read starts (ISO 8601). Default: 24 hours before the first run. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** How far behind the watermark each run reads again, ms. Default 10 minutes. */
  lookbackMs: z.int().min(0).max(86_400_000).default(600_000),
  /** Incidents per ARM page (`$top`). Default 100. */
  pageSize: z.int().min(1).max(1_000).default(100),
  /** Rows per Log Analytics query (`take`). Default 1000. */
  queryRowLimit: z.int().min(1).max(30_000).default(1_000),
  /** Server-side query timeout, seconds (`Prefer: wait=`). Default 180, at most 600. */
  queryWaitSeconds: z.int().min(1).max(600).default(180),
  /**
   * The KQL of the `query` stream: any tabular expression with a `TimeGenerated` column; the
   * connector adds the time window and the order. Without it the stream reads nothing.
   */
  query: z.string().min(1).optional(),
});

/** A validated Microsoft Sentinel configuration. */
export type SentinelConfig = z.output<typeof sentinelConfigSchema>;

/** The resolved endpoints of a configuration (overrides applied). */
export function sentinelEndpoints(config: SentinelConfig): SentinelCloud {
  const cloud = SENTINEL_CLOUDS[config.cloud];
  return {
    ...cloud,
    loginBaseUrl: config.loginBaseUrl ?? cloud.loginBaseUrl,
    armBaseUrl: config.armBaseUrl ?? cloud.armBaseUrl,
    logAnalyticsBaseUrl: config.logAnalyticsBaseUrl ?? cloud.logAnalyticsBaseUrl,
  };
}
