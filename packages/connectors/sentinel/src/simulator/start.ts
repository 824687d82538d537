import {
  createVendorSimulator,
  hourAgo,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  SENTINEL_CLIENT_ID,
  SENTINEL_CLIENT_SECRET,
  SENTINEL_DCR_ID,
  SENTINEL_DCR_STREAM,
  SENTINEL_RESOURCE_GROUP,
  SENTINEL_SUBSCRIPTION,
  SENTINEL_TENANT,
  SENTINEL_WORKSPACE_ID,
  SENTINEL_WORKSPACE_NAME,
  type SentinelSimulatorData,
  sentinelSimulatorOptions,
} from './routes.js';

/** The connector config a started Sentinel simulator hands out: every API on the simulator. */
export interface SentinelSimulatorConfig {
  /** The simulated tenant. */
  tenantId: string;
  /** The placeholder client id. */
  clientId: string;
  /** The simulated subscription. */
  subscriptionId: string;
  /** The simulated resource group. */
  resourceGroup: string;
  /** The simulated workspace name. */
  workspaceName: string;
  /** The simulated workspace id. */
  workspaceId: string;
  /** Sign-in, ARM and Log Analytics: the simulator. */
  loginBaseUrl: string;
  /** ARM: the simulator. */
  armBaseUrl: string;
  /** Log Analytics: the simulator. */
  logAnalyticsBaseUrl: string;
  /** Logs Ingestion: the simulator's DCR. */
  ingestion: { endpoint: string; dcrImmutableId: string; stream: string };
  /** Where reads start. */
  startAt: string;
}

/**
 * Starts a simulated Microsoft Sentinel workspace on 127.0.0.1 — Entra token endpoint, ARM
 * incidents and comments, the Log Analytics query API over `SecurityAlert` rows, the Logs
 * Ingestion API — serving `incidents` and `alerts`. Pass `state`
 * (`createSentinelSimulatorState()`) to see ingested rows and comments.
 *
 * @example
 * ```ts
 * const simulated = await startSentinelSimulator({ incidents, alerts });
 * const instance = await sentinelConnector.connect({ ...simulated, tenant: 'acme' });
 * ```
 */
export async function startSentinelSimulator(
  options: StartSimulatorOptions & SentinelSimulatorData = {},
): Promise<StartedSimulator<SentinelSimulatorConfig>> {
  const simulator = await createVendorSimulator({
    ...sentinelSimulatorOptions(options),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return startedSimulator(
    simulator,
    {
      tenantId: SENTINEL_TENANT,
      clientId: SENTINEL_CLIENT_ID,
      subscriptionId: SENTINEL_SUBSCRIPTION,
      resourceGroup: SENTINEL_RESOURCE_GROUP,
      workspaceName: SENTINEL_WORKSPACE_NAME,
      workspaceId: SENTINEL_WORKSPACE_ID,
      loginBaseUrl: simulator.url,
      armBaseUrl: simulator.url,
      logAnalyticsBaseUrl: simulator.url,
      ingestion: {
        endpoint: simulator.url,
        dcrImmutableId: SENTINEL_DCR_ID,
        stream: SENTINEL_DCR_STREAM,
      },
      startAt: options.startAt ?? hourAgo(),
    },
    { 'sentinel.client_secret': SENTINEL_CLIENT_SECRET },
  );
}
