// What the AWS tests share: a simulator with two tenants' keys and roles, and contexts.
import { silentLogger, systemClock } from '@openmdr/core';
import type { RateLimiter } from '../http/rate-limiter.js';
import { createRecordingSleep, type RecordingSleep } from '../testing/recording-sleep.js';
import type { AwsConfig } from './aws-config.js';
import type { AwsSendContext } from './aws-send.js';
import { type AwsSimulator, startAwsSimulator } from './simulator/aws-simulator.js';

/** Placeholder keys of the two tenants' base users (simulator only). */
export const TENANT_KEYS = {
  'tenant-a': {
    accessKeyId: 'AKIASIMTENANTA00001',
    secretAccessKey: 'sim-secret-a-Qw3rTy7uIoP9aSdFgHjK',
  },
  'tenant-b': {
    accessKeyId: 'AKIASIMTENANTB00002',
    secretAccessKey: 'sim-secret-b-Zx8cVb6nMlK4jHgFdSaP',
  },
} as const;

/** The roles the tenants assume, with their external ids. */
export const TENANT_ROLES = {
  'tenant-a': {
    roleArn: 'arn:aws:iam::222222222222:role/openmdr-reader',
    externalId: 'ext-tenant-a-7731',
  },
  'tenant-b': {
    roleArn: 'arn:aws:iam::333333333333:role/openmdr-reader',
    externalId: 'ext-tenant-b-9052',
  },
} as const;

/** Starts the simulator with both tenants, a queue and a bucket. */
export function startTestAws(): Promise<AwsSimulator> {
  return startAwsSimulator({
    users: [
      { ...TENANT_KEYS['tenant-a'], account: '111111111111', name: 'mssp-a' },
      { ...TENANT_KEYS['tenant-b'], account: '111111111111', name: 'mssp-b' },
    ],
    roles: [
      { arn: TENANT_ROLES['tenant-a'].roleArn, externalId: TENANT_ROLES['tenant-a'].externalId },
      { arn: TENANT_ROLES['tenant-b'].roleArn, externalId: TENANT_ROLES['tenant-b'].externalId },
    ],
    queues: [{ name: 'cloudtrail-events', visibilityTimeoutSeconds: 30 }],
    buckets: [{ name: 'aws-cloudtrail-logs', objects: { 'AWSLogs/readme.txt': 'hello' } }],
  });
}

/** The validated config of a tenant: its keys, its role, endpoints at the simulator. */
export function tenantConfig(
  aws: AwsSimulator,
  tenant: keyof typeof TENANT_KEYS,
  assumeRole: Partial<AwsConfig['assumeRole']> | false = {},
): AwsConfig {
  return {
    region: 'us-east-1',
    endpoint: aws.endpoint,
    credentials: { type: 'keys', ...TENANT_KEYS[tenant] },
    ...(assumeRole === false ? {} : { assumeRole: { ...TENANT_ROLES[tenant], ...assumeRole } }),
  };
}

/** A context with a recording sleep, a counting rate limiter and the kit's retries (no jitter). */
export interface TestAwsContext extends AwsSendContext {
  recording: RecordingSleep;
  scheduled: string[];
}

/** Builds a {@link TestAwsContext} for `tenant`. */
export function testContext(tenant: string, retries = 3): TestAwsContext {
  const recording = createRecordingSleep(0);
  const scheduled: string[] = [];
  const limiter = (host: string): RateLimiter => ({
    key: `openmdr:ratelimit:${tenant}:aws:${host}`,
    policy: { requests: 100, perMs: 1_000 },
    schedule: (task) => {
      scheduled.push(host);
      return task();
    },
    ready: async () => {},
    close: async () => {},
  });
  return {
    tenant,
    clock: systemClock,
    sleep: recording.sleep,
    logger: silentLogger,
    rateLimiter: limiter,
    retry: { retries, minDelayMs: 100, factor: 2, jitter: 'none' },
    recording,
    scheduled,
  };
}
