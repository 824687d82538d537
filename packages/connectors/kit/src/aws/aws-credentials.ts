import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { registerSecret } from '@openmdr/core';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ConnectorAuthError } from '../errors/connector-errors.js';
import type { AwsConfig } from './aws-config.js';
import { type AwsSendContext, awsSend } from './aws-send.js';

/** How long before their expiry temporary credentials are renewed, ms (5 minutes). */
export const AWS_CREDENTIAL_REFRESH_MARGIN_MS = 300_000;

/** A credential provider the SDK uses as is: memoised, renewed before expiry, `forceRefresh`-able. */
export type AwsMemoizedCredentialProvider = AwsCredentialIdentityProvider & { memoized: true };

/** The part of a connector context the credential provider uses. */
export type AwsCredentialContext = AwsSendContext;

/** The default role session name of a tenant: `openmdr-<tenant>` within STS's 64 characters. */
export function defaultRoleSessionName(tenant: string): string {
  return `openmdr-${tenant.replace(/[^\w+=,.@-]/g, '-')}`.slice(0, 64);
}

function remember(credentials: AwsCredentialIdentity): AwsCredentialIdentity {
  registerSecret(credentials.secretAccessKey);
  if (credentials.sessionToken) registerSecret(credentials.sessionToken);
  return credentials;
}

/**
 * Wraps a provider: one resolution at a time, cached until {@link AWS_CREDENTIAL_REFRESH_MARGIN_MS}
 * before it expires, `forceRefresh` resolves again. Marked `memoized` so the SDK does not wrap it
 * once more (its cache would hide a forced refresh).
 */
export function memoizeCredentials(
  provider: (options: { forceRefresh: boolean }) => Promise<AwsCredentialIdentity>,
  now: () => number,
): AwsMemoizedCredentialProvider {
  let cached: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const fresh = (credentials: AwsCredentialIdentity) =>
    credentials.expiration === undefined ||
    credentials.expiration.getTime() - now() > AWS_CREDENTIAL_REFRESH_MARGIN_MS;
  const resolve = async (options?: { forceRefresh?: boolean }) => {
    const forceRefresh = options?.forceRefresh === true;
    if (!forceRefresh && cached && fresh(cached)) return cached;
    if (!pending) {
      pending = provider({ forceRefresh: forceRefresh || cached !== undefined })
        .then((credentials) => {
          cached = remember(credentials);
          return cached;
        })
        .finally(() => {
          pending = undefined;
        });
    }
    return pending;
  };
  return Object.assign(resolve, { memoized: true as const });
}

function baseProvider(
  config: AwsConfig,
  context: AwsCredentialContext,
): (options: { forceRefresh: boolean }) => Promise<AwsCredentialIdentity> {
  const { credentials } = config;
  if (credentials.type === 'keys') {
    const keys: AwsCredentialIdentity = {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    };
    return async () => keys;
  }
  const chain = fromNodeProviderChain({ clientConfig: { region: config.region } });
  return async ({ forceRefresh }) => {
    try {
      return await chain({ forceRefresh });
    } catch (error) {
      throw new ConnectorAuthError(
        `AWS: no credentials from the default provider chain for tenant ${context.tenant} (${error instanceof Error ? error.name : 'error'})`,
      );
    }
  };
}

/**
 * The credential provider of an AWS config for the context's tenant: the base credentials
 * (`default`: the SDK's node provider chain; `keys`: the access key from the tenant's secrets),
 * then, with `assumeRole`, an STS AssumeRole per tenant (session name `openmdr-<tenant>`,
 * the external id sent) through {@link awsSend} — the kit's retries and budget apply to STS too.
 * Memoised and renewed five minutes before expiry; every secret it sees is registered for
 * redaction.
 */
export function awsCredentialProvider(
  config: AwsConfig,
  context: AwsCredentialContext,
): AwsMemoizedCredentialProvider {
  const now = () => context.clock.now();
  const base = baseProvider(config, context);
  const { assumeRole } = config;
  if (!assumeRole) return memoizeCredentials(base, now);
  const memoizedBase = memoizeCredentials(base, now);
  const sts = new STSClient({
    region: config.region,
    ...(config.endpoint?.['sts'] ? { endpoint: config.endpoint['sts'] } : {}),
    credentials: memoizedBase,
    maxAttempts: 1,
    // a stalled STS response must fail (and be retried by awsSend), not hang the read
    requestHandler: {
      requestTimeout: 30_000,
      connectionTimeout: 10_000,
      throwOnRequestTimeout: true,
    },
  });
  return memoizeCredentials(async ({ forceRefresh }) => {
    if (forceRefresh) await memoizedBase({ forceRefresh: config.credentials.type === 'default' });
    const output = await awsSend(
      sts,
      new AssumeRoleCommand({
        RoleArn: assumeRole.roleArn,
        RoleSessionName: assumeRole.sessionName ?? defaultRoleSessionName(context.tenant),
        ...(assumeRole.externalId ? { ExternalId: assumeRole.externalId } : {}),
        ...(assumeRole.durationSeconds ? { DurationSeconds: assumeRole.durationSeconds } : {}),
      }),
      context,
    );
    const issued = output.Credentials;
    if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.SessionToken) {
      throw new ConnectorAuthError(
        `STS AssumeRole returned no credentials for ${assumeRole.roleArn}`,
      );
    }
    return {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      sessionToken: issued.SessionToken,
      ...(issued.Expiration ? { expiration: issued.Expiration } : {}),
    };
  }, now);
}
