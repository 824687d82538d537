/**
 * Real vendor simulators (HTTP servers on 127.0.0.1) from each connector package's public
 * `/simulator` subpath, with the vendor connectors connected to them.
 */

import { crowdstrikeConnector } from '@openmdr/connector-crowdstrike';
import { startFalconSimulator } from '@openmdr/connector-crowdstrike/simulator';
import { defenderConnector } from '@openmdr/connector-defender';
import { startDefenderSimulator } from '@openmdr/connector-defender/simulator';
import { entraConnector } from '@openmdr/connector-entra';
import { startEntraSimulator } from '@openmdr/connector-entra/simulator';
import {
  createTestSecretProvider,
  createVendorSimulator,
  type StartedSimulator,
  type VendorSimulator,
} from '@openmdr/connector-kit/simulator';
import { oktaConnector } from '@openmdr/connector-okta';
import { oktaUserRoutes, type SimulatedOktaUser } from '@openmdr/connector-okta/simulator';
import { sentineloneConnector } from '@openmdr/connector-sentinelone';
import { startSentinelOneSimulator } from '@openmdr/connector-sentinelone/simulator';

/** A connected connector and its simulator. */
export interface Simulated<Instance> {
  simulator: VendorSimulator;
  instance: Instance;
  /** Requests other than token requests. */
  apiRequests(): VendorSimulator['requests'];
  close(): Promise<void>;
}

function simulated<Instance extends { close(): Promise<void> }>(
  simulator: VendorSimulator,
  instance: Instance,
): Simulated<Instance> {
  return {
    simulator,
    instance,
    apiRequests: () => simulator.requests.filter((request) => !request.path.includes('token')),
    close: async () => {
      await instance.close();
      await simulator.close();
    },
  };
}

/** A CrowdStrike host the simulator knows. */
export const crowdstrikeHost = '4a7f0c2e9b1d4e6f8a3b5c7d9e1f2a3b';
/** A Defender machine the simulator knows. */
export const defenderMachineId = '7b3e9a1c5d2f4e8a6b0c9d1e3f5a7b9c2d4e6f80';
/** A SentinelOne agent the simulator knows. */
export const sentineloneAgent = '1876543210987654321';
/** An Entra user the simulator knows. */
export const entraUser = '5e1f0000-0000-4000-8000-000000020002';

const SINCE = '2026-01-01T00:00:00Z';
const recent = () => new Date(Date.now() - 60_000).toISOString();

async function connectStarted<Instance extends { close(): Promise<void> }>(
  started: StartedSimulator<Record<string, unknown>>,
  connect: (options: {
    config: Record<string, unknown>;
    secrets: StartedSimulator<unknown>['secrets'];
    rateLimit: false;
  }) => Promise<Instance>,
): Promise<Simulated<Instance>> {
  const instance = await connect({
    config: started.config,
    secrets: started.secrets,
    rateLimit: false,
  });
  return simulated(started.simulator, instance);
}

/** CrowdStrike Falcon: containment completes after `pendingPolls` host polls. */
export async function simulatedCrowdstrike(pendingPolls = 2) {
  const falcon = await startFalconSimulator({
    startAt: SINCE,
    pendingPolls,
    hosts: [
      {
        device_id: crowdstrikeHost,
        hostname: 'WS-FIN-01',
        platform_name: 'Windows',
        status: 'normal',
        modified_timestamp: recent(),
      },
    ],
  });
  return connectStarted(falcon, (options) => crowdstrikeConnector.connect(options));
}

/** Microsoft Defender for Endpoint: machine actions complete after `pendingPolls` polls. */
export async function simulatedDefender(pendingPolls = 2) {
  const defender = await startDefenderSimulator({
    startAt: SINCE,
    pendingPolls,
    data: {
      machines: [
        {
          id: defenderMachineId,
          computerDnsName: 'ws-fin-01.corp.example',
          osPlatform: 'Windows11',
          healthStatus: 'Active',
          lastSeen: recent(),
        },
      ],
    },
  });
  return connectStarted(defender, (options) => defenderConnector.connect(options));
}

/** SentinelOne: network actions complete after `pendingPolls` polls. */
export async function simulatedSentinelone(pendingPolls = 2) {
  const sentinelone = await startSentinelOneSimulator({
    startAt: SINCE,
    pendingPolls,
    agents: [
      {
        id: sentineloneAgent,
        computerName: 'WS-FIN-01',
        osType: 'windows',
        networkStatus: 'connected',
        updatedAt: recent(),
      },
    ],
  });
  return connectStarted(sentinelone, (options) => sentineloneConnector.connect(options));
}

const OKTA_TOKEN = '00aResponseTestToken-0123456789abcdef';

/** Okta: a user list the lifecycle routes change. */
export async function simulatedOkta(users: SimulatedOktaUser[]) {
  const simulator = await createVendorSimulator({
    auth: { type: 'header', header: 'authorization', value: `SSWS ${OKTA_TOKEN}` },
    routes: oktaUserRoutes(users),
  });
  const instance = await oktaConnector.connect({
    config: { orgUrl: simulator.url, auth: { type: 'ssws' } },
    secrets: createTestSecretProvider({ okta_api_token: OKTA_TOKEN }),
    rateLimit: false,
  });
  return simulated(simulator, instance);
}

/** Microsoft Entra ID (Graph): the user directory and ID Protection routes. */
export async function simulatedEntra() {
  const entra = await startEntraSimulator({
    startAt: SINCE,
    users: [{ id: entraUser, userPrincipalName: 'j.doe@corp.example', accountEnabled: true }],
  });
  return connectStarted(entra, (options) => entraConnector.connect(options));
}
