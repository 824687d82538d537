import {
  createVendorSimulator,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  AWS_SIM_ACCESS_KEY,
  AWS_SIM_REGION,
  type AwsContainmentSimulatorData,
  type AwsContainmentSimulatorState,
  awsContainmentSimulation,
} from './routes.js';

/** The connector config a started simulator hands out. */
export interface AwsContainmentSimulatorConfig {
  /** The simulated region. */
  region: string;
  /** The endpoint overrides: IAM and EC2 on the simulator. */
  endpoint: { iam: string; ec2: string };
  /** Keys from the tenant's secrets. */
  credentials: { type: 'keys' };
}

/** The secrets of an access key, as the connector reads them (`aws.access_key_id`…). */
export function awsContainmentSimulatorSecrets(
  key: { accessKeyId: string; secretAccessKey: string } = AWS_SIM_ACCESS_KEY,
): Record<string, string> {
  return { 'aws.access_key_id': key.accessKeyId, 'aws.secret_access_key': key.secretAccessKey };
}

/**
 * Starts simulated IAM and EC2 on 127.0.0.1 for the given accounts (default: one sample
 * account); the config and secrets handed out are those of the first account. `state` shows
 * the accounts' resources, records the calls and scripts AWS errors
 * (`state.failNext('UpdateAccessKey', 'throttling')`).
 *
 * @example
 * ```ts
 * const simulated = await startAwsContainmentSimulator();
 * const aws = await awsConnector.connect({ ...simulated, tenant: 'acme' });
 * await aws.runAction('quarantine-instance', { instanceId: 'i-0a1b2c3d4e5f67890' });
 * ```
 */
export async function startAwsContainmentSimulator(
  options: Pick<StartSimulatorOptions, 'faults'> & AwsContainmentSimulatorData = {},
): Promise<
  StartedSimulator<AwsContainmentSimulatorConfig> & { state: AwsContainmentSimulatorState }
> {
  const { options: simulatorOptions, state } = awsContainmentSimulation(options);
  const simulator = await createVendorSimulator({
    ...simulatorOptions,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const first = options.accounts?.[0]?.accessKey ?? AWS_SIM_ACCESS_KEY;
  const started = startedSimulator(
    simulator,
    {
      region: AWS_SIM_REGION,
      endpoint: { iam: simulator.url, ec2: simulator.url },
      credentials: { type: 'keys' as const },
    },
    awsContainmentSimulatorSecrets(first),
  );
  return { ...started, state };
}
