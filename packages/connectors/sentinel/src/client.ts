import type { ConnectorContext, HttpClient } from '@openmdr/connector-kit';
import { oauth2ClientCredentials } from '@openmdr/connector-kit';
import { type SentinelConfig, sentinelEndpoints } from './config.js';

/** The Sentinel vendor client: one HTTP client per API, each with its own token audience. */
export interface SentinelClient {
  /** Azure Resource Manager: `Microsoft.SecurityInsights` incidents, comments. */
  readonly arm: HttpClient;
  /** The Log Analytics query API (`/v1/workspaces/{id}/query`). */
  readonly logAnalytics: HttpClient;
  /** The Logs Ingestion API of the configured DCR endpoint, when one is configured. */
  readonly ingestion: HttpClient | undefined;
  /** The workspace's ARM resource path (`/subscriptions/…/workspaces/<name>`). */
  readonly workspacePath: string;
}

/** The ARM resource path of the workspace of a configuration. */
export function sentinelWorkspacePath(config: SentinelConfig): string {
  return (
    `/subscriptions/${config.subscriptionId}/resourceGroups/${encodeURIComponent(config.resourceGroup)}` +
    `/providers/Microsoft.OperationalInsights/workspaces/${encodeURIComponent(config.workspaceName)}`
  );
}

/**
 * Builds the Sentinel client: Entra client credentials against
 * `<login>/<tenant>/oauth2/v2.0/token`, one token per audience (ARM, Log Analytics, Logs
 * Ingestion), each renewed before it expires by the kit's authenticator.
 */
export function createSentinelClient(
  config: SentinelConfig,
  context: ConnectorContext,
): SentinelClient {
  const endpoints = sentinelEndpoints(config);
  const tokenUrl = `${endpoints.loginBaseUrl.replace(/\/$/, '')}/${config.tenantId}/oauth2/v2.0/token`;
  const credentials = (scope: string) =>
    oauth2ClientCredentials({
      tokenUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      scope,
      clock: context.clock,
      ...(context.dispatcher ? { dispatcher: context.dispatcher } : {}),
    });
  return {
    arm: context.createHttpClient({
      baseUrl: endpoints.armBaseUrl,
      auth: credentials(endpoints.armScope),
    }),
    logAnalytics: context.createHttpClient({
      baseUrl: endpoints.logAnalyticsBaseUrl,
      auth: credentials(endpoints.logAnalyticsScope),
    }),
    ingestion: config.ingestion
      ? context.createHttpClient({
          baseUrl: config.ingestion.endpoint,
          auth: credentials(endpoints.ingestionScope),
        })
      : undefined,
    workspacePath: sentinelWorkspacePath(config),
  };
}
