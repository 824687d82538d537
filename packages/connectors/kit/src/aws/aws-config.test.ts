import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { resolveConfig } from '../config/resolve-config.js';
import { configJsonSchema } from '../config/secret-field.js';
import { defineConnector } from '../connector/define-connector.js';
import type { ConnectorManifest } from '../connector/manifest.js';
import { ConnectorConfigError } from '../errors/connector-errors.js';
import { RateLimiterRegistry } from '../http/rate-limiter.js';
import { createTestSecretProvider } from '../simulator/test-secret-provider.js';
import { startTestAws, TENANT_KEYS, TENANT_ROLES } from './aws.test-helpers.js';
import { awsClientOptions } from './aws-client-options.js';
import { awsConfigSchema } from './aws-config.js';
import { awsSend } from './aws-send.js';
import type { AwsSimulator } from './simulator/aws-simulator.js';

const schema = awsConfigSchema({ connector: 'toy-aws' });
const secrets = createTestSecretProvider({
  'tenant-a/toy-aws.access_key_id': TENANT_KEYS['tenant-a'].accessKeyId,
  'tenant-a/toy-aws.secret_access_key': TENANT_KEYS['tenant-a'].secretAccessKey,
  'tenant-b/toy-aws.access_key_id': TENANT_KEYS['tenant-b'].accessKeyId,
  'tenant-b/toy-aws.secret_access_key': TENANT_KEYS['tenant-b'].secretAccessKey,
});

describe('awsConfigSchema', () => {
  it('reads the keys from the tenant’s secrets under the connector’s names', async () => {
    const config = await resolveConfig(
      schema,
      { region: 'eu-west-1', credentials: { type: 'keys' }, assumeRole: TENANT_ROLES['tenant-b'] },
      { connectorId: 'toy-aws', tenant: 'tenant-b', secrets },
    );
    expect(config.credentials).toEqual({ type: 'keys', ...TENANT_KEYS['tenant-b'] });
    expect(config.assumeRole).toEqual(TENANT_ROLES['tenant-b']);
  });

  it('defaults to the provider chain and asks for no secret then', async () => {
    const config = await resolveConfig(
      schema,
      { region: 'us-gov-west-1' },
      { connectorId: 'toy-aws', tenant: 'tenant-c', secrets },
    );
    expect(config).toEqual({ region: 'us-gov-west-1', credentials: { type: 'default' } });
  });

  it('names a missing secret, and rejects bad regions, role ARNs and endpoints', async () => {
    const missing = await resolveConfig(
      schema,
      { region: 'us-east-1', credentials: { type: 'keys' } },
      {
        connectorId: 'toy-aws',
        tenant: 'tenant-c',
        secrets,
      },
    ).catch((error) => error);
    expect(ConnectorConfigError.isInstance(missing)).toBe(true);
    expect(new Set(missing.issues.map((issue: { path: string }) => issue.path))).toEqual(
      new Set(['credentials.accessKeyId', 'credentials.secretAccessKey']),
    );
    expect(missing.message).toContain('toy-aws.access_key_id');
    expect(missing.message).not.toContain('session_token');
    const bad = schema.safeParse({
      region: 'Virginia',
      endpoint: { sqs: 'ftp://x' },
      assumeRole: { roleArn: 'arn:aws:iam::1:user/x', durationSeconds: 60 },
    });
    expect(bad.success ? [] : bad.error.issues.map((issue) => issue.path.join('.'))).toEqual([
      'region',
      'endpoint.sqs',
      'assumeRole.roleArn',
      'assumeRole.durationSeconds',
    ]);
  });

  it('marks the keys secret in the JSON Schema', () => {
    const json = JSON.stringify(configJsonSchema(schema));
    expect(json.match(/"x-openmdr-secret":true/g)).toHaveLength(3);
  });
});

describe('an AWS connector on the kit', () => {
  let aws: AwsSimulator;
  beforeAll(async () => {
    aws = await startTestAws();
  });
  afterAll(() => aws.close());

  const manifest: ConnectorManifest = {
    id: 'toy-aws',
    vendor: 'Toy',
    product: 'Toy AWS',
    category: 'cloud',
    version: '1.0.0',
    auth: ['aws-sigv4'],
    regions: { 'us-east-1': { baseUrl: 'https://sts.us-east-1.amazonaws.com' } },
    streams: {},
    actions: {},
    rateLimit: { requests: 50, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/toy-aws',
  };

  it('assumes each tenant’s role under the tenant’s budget', async () => {
    const registry = new RateLimiterRegistry();
    const connector = defineConnector({
      manifest,
      config: z.object({ ...schema.shape }),
      createClient: (config, context) => new STSClient(awsClientOptions(config, context, 'sts')),
      check: async ({ client, context }) => {
        const identity = await awsSend(client, new GetCallerIdentityCommand({}), context);
        if (!identity.Arn?.includes(`openmdr-${context.tenant}`)) throw new Error(identity.Arn);
      },
      streams: {},
      actions: {},
    });
    for (const tenant of ['tenant-a', 'tenant-b'] as const) {
      const instance = await connector.connect({
        tenant,
        secrets,
        rateLimiters: registry,
        config: {
          region: 'us-east-1',
          endpoint: aws.endpoint,
          credentials: { type: 'keys' },
          assumeRole: TENANT_ROLES[tenant],
        },
      });
      await instance.check();
      await instance.close();
    }
    expect(aws.assumeRoleCalls.map((call) => call.externalId)).toEqual([
      TENANT_ROLES['tenant-a'].externalId,
      TENANT_ROLES['tenant-b'].externalId,
    ]);
    const limiter = registry.get(
      'tenant-a',
      'toy-aws',
      'sts.us-east-1.amazonaws.com',
      manifest.rateLimit,
    );
    expect(limiter.key).toBe('openmdr:ratelimit:tenant-a:toy-aws:sts.us-east-1.amazonaws.com');
    await registry.close();
  });
});
