import { createTestSecretProvider } from '@openmdr/connector-kit/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudtrailConnector } from './index.js';
import {
  CLOUDTRAIL_SIM_KEYS,
  type StartedCloudtrailSimulator,
  startCloudtrailSimulator,
} from './simulator/index.js';

let sim: StartedCloudtrailSimulator;
beforeAll(async () => {
  sim = await startCloudtrailSimulator();
});
afterAll(() => sim.close());

const connectAndCheck = async (config: unknown, secrets = sim.secrets) => {
  const instance = await cloudtrailConnector.connect({ config, secrets, retry: false });
  try {
    await instance.check();
  } finally {
    await instance.close();
  }
};

describe('cloudtrail connector', () => {
  it('declares its two streams and the OCSF classes of event-kinds.ts', () => {
    const { streams, category, auth } = cloudtrailConnector.manifest;
    expect(Object.keys(streams)).toEqual(['events', 'lookup-events']);
    expect(streams['events']?.dedupKey).toBe('eventID');
    expect(streams['lookup-events']?.dedupKey).toBe('EventId');
    expect(category).toBe('cloud');
    expect(auth).toEqual(['aws-sigv4']);
  });

  it('checks the credentials with GetCallerIdentity through the assumed role', async () => {
    await connectAndCheck(sim.config);
    expect(sim.aws.assumeRoleCalls.at(-1)).toMatchObject({
      roleArn: sim.config.assumeRole.roleArn,
      externalId: sim.config.assumeRole.externalId,
      sessionName: 'openmdr-default',
    });
  });

  it('refuses a wrong secret key or external id with a typed error naming no secret', async () => {
    const wrongKey = await connectAndCheck(
      sim.config,
      createTestSecretProvider({
        'cloudtrail.access_key_id': CLOUDTRAIL_SIM_KEYS.accessKeyId,
        'cloudtrail.secret_access_key': 'sim-wrong-secret-value-000000000',
      }),
    ).catch((error: unknown) => error);
    expect(wrongKey).toMatchObject({ code: 'CONNECTOR_AUTH' });
    expect(JSON.stringify(wrongKey)).not.toContain('sim-wrong-secret-value');
    const wrongExternalId = await connectAndCheck({
      ...sim.config,
      assumeRole: { ...sim.config.assumeRole, externalId: 'not-the-external-id' },
    }).catch((error: unknown) => error);
    expect(wrongExternalId).toMatchObject({ code: 'CONNECTOR_AUTH' });
  });

  it('rejects a malformed config', async () => {
    await expect(connectAndCheck({ ...sim.config, region: 'mars' })).rejects.toMatchObject({
      code: 'CONNECTOR_CONFIG',
    });
    await expect(connectAndCheck({ ...sim.config, queueUrl: 'not a url' })).rejects.toMatchObject({
      code: 'CONNECTOR_CONFIG',
    });
  });
});
