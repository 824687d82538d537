import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorAuthError } from '../errors/connector-errors.js';
import {
  startTestAws,
  TENANT_KEYS,
  TENANT_ROLES,
  tenantConfig,
  testContext,
} from './aws.test-helpers.js';
import { awsClientOptions } from './aws-client-options.js';
import { awsCredentialProvider } from './aws-credentials.js';
import { awsSend } from './aws-send.js';
import type { AwsSimulator } from './simulator/aws-simulator.js';

let aws: AwsSimulator;
beforeAll(async () => {
  aws = await startTestAws();
});
afterAll(() => aws.close());

describe('AWS credentials', () => {
  it('assumes each tenant’s role with its external id and session name, and the SDK signs with it', async () => {
    const identities: Record<string, unknown> = {};
    for (const tenant of ['tenant-a', 'tenant-b'] as const) {
      const context = testContext(tenant);
      const sts = new STSClient(awsClientOptions(tenantConfig(aws, tenant), context, 'sts'));
      const identity = await awsSend(sts, new GetCallerIdentityCommand({}), context);
      identities[tenant] = identity.Arn;
      expect(identity.Account).toBe(TENANT_ROLES[tenant].roleArn.split(':')[4]);
    }
    expect(identities).toEqual({
      'tenant-a': 'arn:aws:sts::222222222222:assumed-role/openmdr-reader/openmdr-tenant-a',
      'tenant-b': 'arn:aws:sts::333333333333:assumed-role/openmdr-reader/openmdr-tenant-b',
    });
    const calls = aws.assumeRoleCalls;
    expect(
      calls.map(({ callerAccessKeyId, roleArn, externalId, sessionName }) => ({
        callerAccessKeyId,
        roleArn,
        externalId,
        sessionName,
      })),
    ).toEqual([
      {
        callerAccessKeyId: TENANT_KEYS['tenant-a'].accessKeyId,
        roleArn: TENANT_ROLES['tenant-a'].roleArn,
        externalId: TENANT_ROLES['tenant-a'].externalId,
        sessionName: 'openmdr-tenant-a',
      },
      {
        callerAccessKeyId: TENANT_KEYS['tenant-b'].accessKeyId,
        roleArn: TENANT_ROLES['tenant-b'].roleArn,
        externalId: TENANT_ROLES['tenant-b'].externalId,
        sessionName: 'openmdr-tenant-b',
      },
    ]);
    expect(calls[0]?.issuedAccessKeyId).not.toBe(calls[1]?.issuedAccessKeyId);
  });

  it('memoises the session: clients built from one config share one AssumeRole', async () => {
    const context = testContext('tenant-a');
    const config = tenantConfig(aws, 'tenant-a', {
      sessionName: 'shared-session',
      durationSeconds: 900,
    });
    const before = aws.assumeRoleCalls.length;
    const first = new STSClient(awsClientOptions(config, context, 'sts'));
    const second = new STSClient(awsClientOptions(config, context, 'sts'));
    await awsSend(first, new GetCallerIdentityCommand({}), context);
    await awsSend(second, new GetCallerIdentityCommand({}), context);
    await awsSend(first, new GetCallerIdentityCommand({}), context);
    expect(aws.assumeRoleCalls.length - before).toBe(1);
    expect(aws.assumeRoleCalls.at(-1)).toMatchObject({
      sessionName: 'shared-session',
      durationSeconds: 900,
    });
  });

  it('renews the session five minutes before it expires', async () => {
    let now = Date.now();
    const context = { ...testContext('tenant-b'), clock: { now: () => now } };
    const provider = awsCredentialProvider(
      tenantConfig(aws, 'tenant-b', { durationSeconds: 900 }),
      context,
    );
    const first = await provider();
    expect(await provider()).toBe(first);
    now += 599_000;
    expect(await provider()).toBe(first);
    now += 2_000;
    const renewed = await provider();
    expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
  });

  it('uses the keys directly without assumeRole', async () => {
    const context = testContext('tenant-a');
    const sts = new STSClient(
      awsClientOptions(tenantConfig(aws, 'tenant-a', false), context, 'sts'),
    );
    const identity = await awsSend(sts, new GetCallerIdentityCommand({}), context);
    expect(identity.Arn).toBe('arn:aws:iam::111111111111:user/mssp-a');
  });

  it('refuses a wrong external id with a typed auth error', async () => {
    const context = testContext('tenant-a');
    const config = tenantConfig(aws, 'tenant-a', { externalId: 'not-the-tenant-id' });
    const sts = new STSClient(awsClientOptions(config, context, 'sts'));
    const error = await awsSend(sts, new GetCallerIdentityCommand({}), context).catch((e) => e);
    expect(ConnectorAuthError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 403, details: { awsErrorCode: 'AccessDenied' } });
    expect(error.message).toContain('STS AssumeRole');
    expect(context.recording.delays).toEqual([]);
  });
});
