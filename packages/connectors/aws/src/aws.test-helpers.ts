import { createTestSecretProvider } from '@openmdr/connector-kit/simulator';
import { awsConnector } from './index.js';
import {
  awsContainmentSampleAccount,
  awsContainmentSimulatorSecrets,
  startAwsContainmentSimulator,
} from './simulator/index.js';

/** The two tenants' placeholder keys (not AWS-shaped: 19 characters). */
export const TENANT_A_KEY = {
  accessKeyId: 'AKIASIMTENANTA00001',
  secretAccessKey: 'sim-tenant-a-secret-0123456789abcdefghij',
};
export const TENANT_B_KEY = {
  accessKeyId: 'AKIASIMTENANTB00002',
  secretAccessKey: 'sim-tenant-b-secret-0123456789abcdefghij',
};
export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';
export const INSTANCE = 'i-0a1b2c3d4e5f67890';
export const ENI_1 = 'eni-0a1b2c3d4e5f60011';
export const ENI_2 = 'eni-0a1b2c3d4e5f60012';
export const SG_WEB = 'sg-0a1b2c3d4e5f60021';
export const SG_SSH = 'sg-0a1b2c3d4e5f60022';
export const KEY_1 = 'AKIASIMBUILDBOTKEY1';
export const KEY_2 = 'AKIASIMBUILDBOTKEY2';

/** Starts a simulator with two accounts (same sample resources) and connects tenant A (or B). */
export async function startTwoTenants() {
  const simulated = await startAwsContainmentSimulator({
    accounts: [
      awsContainmentSampleAccount(ACCOUNT_A, TENANT_A_KEY),
      awsContainmentSampleAccount(ACCOUNT_B, TENANT_B_KEY),
    ],
  });
  const sleeps: number[] = [];
  const connect = (tenant: 'a' | 'b') =>
    awsConnector.connect({
      tenant,
      config: simulated.config,
      secrets: createTestSecretProvider(
        awsContainmentSimulatorSecrets(tenant === 'a' ? TENANT_A_KEY : TENANT_B_KEY),
      ),
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      timeouts: { headersMs: 5_000, bodyMs: 5_000 },
      // the manifest's budget (5/s) slows the tests down without testing more
      rateLimit: { requests: 200, perMs: 1_000 },
    });
  return { simulated, connect, sleeps, state: simulated.state };
}
