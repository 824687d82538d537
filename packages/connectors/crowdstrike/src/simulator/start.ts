import {
  createVendorSimulator,
  hourAgo,
  registerSimulator,
  type SimulatorRecord,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import { createFalconEventFeed, firehoseOptions } from './event-stream-routes.js';
import { FALCON_CLIENT_ID, FALCON_CLIENT_SECRET, falconSimulatorOptions } from './routes.js';

/**
 * Starts a simulated CrowdStrike Falcon API on 127.0.0.1 serving `alerts` and `hosts`; device
 * actions `contain` / `lift-containment` complete after `pendingPolls` host polls. With
 * `events`, also Event Streams: discovery and session refresh on the API, the data feed on a
 * second server (the firehose), with `appId: 'openmdr'` in the config. Add records while it
 * runs with `simulator.addRecord('/alerts/queries/alerts/v2', alert)`.
 *
 * @example
 * ```ts
 * const falcon = await startFalconSimulator({ alerts, hosts, events });
 * const instance = await crowdstrikeConnector.connect({ ...falcon, tenant: 'acme' });
 * ```
 */
export async function startFalconSimulator(
  options: StartSimulatorOptions & {
    alerts?: readonly SimulatorRecord[];
    hosts?: readonly SimulatorRecord[];
    events?: readonly SimulatorRecord[];
    pendingPolls?: number;
  } = {},
): Promise<StartedSimulator<Record<string, unknown>>> {
  const eventFeed = options.events ? createFalconEventFeed({ events: options.events }) : undefined;
  const firehose = eventFeed
    ? registerSimulator(await createVendorSimulator(firehoseOptions(eventFeed)))
    : undefined;
  if (eventFeed && firehose) eventFeed.firehoseUrl = firehose.url;
  const simulator = await createVendorSimulator({
    ...falconSimulatorOptions({ ...options, ...(eventFeed ? { eventFeed } : {}) }),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const started = startedSimulator(
    simulator,
    {
      baseUrl: simulator.url,
      clientId: FALCON_CLIENT_ID,
      startAt: options.startAt ?? hourAgo(),
      ...(eventFeed ? { appId: 'openmdr', streamIdleMs: 1_000 } : {}),
    },
    { 'crowdstrike.client_secret': FALCON_CLIENT_SECRET },
  );
  return {
    ...started,
    close: async () => {
      await Promise.all([started.close(), firehose?.close()]);
    },
  };
}
