import {
  createVendorSimulator,
  hourAgo,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  SENTINELONE_API_TOKEN,
  type SentinelOneSimulatorData,
  sentineloneSimulatorOptions,
} from './routes.js';

/**
 * Starts a simulated SentinelOne Management API on 127.0.0.1 serving `threats` and `agents`;
 * network disconnect / connect complete after `pendingPolls` agent polls. Add records while it
 * runs with `simulator.addRecord('/web/api/v2.1/threats', threat)`.
 */
export async function startSentinelOneSimulator(
  options: StartSimulatorOptions & SentinelOneSimulatorData = {},
): Promise<StartedSimulator<Record<string, unknown>>> {
  const simulator = await createVendorSimulator({
    ...sentineloneSimulatorOptions(options),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return startedSimulator(
    simulator,
    { consoleUrl: simulator.url, startAt: options.startAt ?? hourAgo() },
    { 'sentinelone.api_token': SENTINELONE_API_TOKEN },
  );
}
