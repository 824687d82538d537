/**
 * Real vendor simulators (HTTP servers on 127.0.0.1) from the connectors package's testing kit,
 * with the vendor connectors connected to them. Imported by relative path: these helpers are
 * test files of `@openmdr/connectors`, not part of its public API.
 */

import {
  createTestSecretProvider,
  createVendorSimulator,
  registerSimulator,
  type VendorSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  FALCON_CLIENT_ID,
  FALCON_CLIENT_SECRET,
  falconFixtures,
  falconSimulatorOptions,
} from '../../../connectors/crowdstrike/src/falcon-simulator.test-helpers.js';
import { crowdstrikeConnector } from '../../../connectors/crowdstrike/src/index.js';
import {
  config as defenderConfig,
  machine as defenderMachine,
  secrets as defenderSecrets,
} from '../../../connectors/defender/src/defender-conformance.test-helpers.js';
import { defenderSimulatorOptions } from '../../../connectors/defender/src/defender-simulator.test-helpers.js';
import { defenderConnector } from '../../../connectors/defender/src/index.js';
import { entraConnector } from '../../../connectors/entra/src/connector.js';
import {
  ENTRA_TEST_TENANT,
  entraActionRoutes,
} from '../../../connectors/entra/src/testing/entra-conformance.js';
import { oktaConnector } from '../../../connectors/okta/src/connector.js';
import {
  oktaUserRoutes,
  type SimulatedOktaUser,
} from '../../../connectors/okta/src/simulator/index.js';
import { sentineloneConnector } from '../../../connectors/sentinelone/src/index.js';
import {
  SENTINELONE_API_TOKEN,
  sentineloneFixtures,
  sentineloneSimulatorOptions,
} from '../../../connectors/sentinelone/src/simulator.test-helpers.js';

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

/** A CrowdStrike host id of the fixtures. */
export const crowdstrikeHost = String(falconFixtures('hosts')[0]?.['device_id']);
/** A Defender machine id of the fixtures. */
export const defenderMachineId = defenderMachine;
/** A SentinelOne agent id of the fixtures. */
export const sentineloneAgent = String(sentineloneFixtures('agents')[0]?.['id']);
/** An Entra user the simulator knows. */
export const entraUser = '5e1f0000-0000-4000-8000-000000020002';

/** CrowdStrike Falcon: containment completes after `pendingPolls` host polls. */
export async function simulatedCrowdstrike(pendingPolls = 2) {
  const simulator = registerSimulator(
    await createVendorSimulator(falconSimulatorOptions(pendingPolls)),
  );
  const instance = await crowdstrikeConnector.connect({
    config: {
      region: 'us-gov-1',
      baseUrl: simulator.url,
      clientId: FALCON_CLIENT_ID,
      startAt: '2026-01-01T00:00:00Z',
    },
    secrets: createTestSecretProvider({ 'crowdstrike.client_secret': FALCON_CLIENT_SECRET }),
    rateLimit: false,
  });
  return simulated(simulator, instance);
}

/** Microsoft Defender for Endpoint: machine actions complete after `pendingPolls` polls. */
export async function simulatedDefender(pendingPolls = 2) {
  const simulator = registerSimulator(
    await createVendorSimulator(defenderSimulatorOptions(pendingPolls)),
  );
  const instance = await defenderConnector.connect({
    config: defenderConfig(simulator),
    secrets: createTestSecretProvider(defenderSecrets),
    rateLimit: false,
  });
  return simulated(simulator, instance);
}

/** SentinelOne: network actions complete after `pendingPolls` polls. */
export async function simulatedSentinelone(pendingPolls = 2) {
  const simulator = registerSimulator(
    await createVendorSimulator(sentineloneSimulatorOptions(pendingPolls)),
  );
  const instance = await sentineloneConnector.connect({
    config: { consoleUrl: simulator.url, startAt: '2026-01-01T00:00:00Z' },
    secrets: createTestSecretProvider({ 'sentinelone.api_token': SENTINELONE_API_TOKEN }),
    rateLimit: false,
  });
  return simulated(simulator, instance);
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

const ENTRA_SECRET = 'Test~EntraSecret.0123456789abcdef';

/** Microsoft Entra ID (Graph): user and ID Protection routes. */
export async function simulatedEntra() {
  const simulator = await createVendorSimulator({
    auth: {
      type: 'oauth2',
      tokenPath: `/${ENTRA_TEST_TENANT}/oauth2/v2.0/token`,
      clientId: 'app-1',
      clientSecret: ENTRA_SECRET,
    },
    routes: entraActionRoutes(),
  });
  const instance = await entraConnector.connect({
    config: {
      tenantId: ENTRA_TEST_TENANT,
      clientId: 'app-1',
      loginUrl: simulator.url,
      graphUrl: simulator.url,
    },
    secrets: createTestSecretProvider({ entra_client_secret: ENTRA_SECRET }),
    rateLimit: false,
  });
  return simulated(simulator, instance);
}
