import type { ConnectorContext } from '../connector/connector-definition.js';
import type { AwsConfig, AwsServiceKey } from './aws-config.js';
import {
  type AwsCredentialContext,
  type AwsMemoizedCredentialProvider,
  awsCredentialProvider,
} from './aws-credentials.js';

/** The options {@link awsClientOptions} returns: spread them into any SDK v3 client constructor. */
export interface AwsClientOptions {
  /** The region. */
  region: string;
  /** The endpoint override of the service, when the config has one. */
  endpoint?: string;
  /** S3 only, with an endpoint override: path-style URLs (`<endpoint>/<bucket>/<key>`). */
  forcePathStyle?: boolean;
  /** The tenant's credentials: memoised, renewed before expiry, `forceRefresh`-able. */
  credentials: AwsMemoizedCredentialProvider;
  /** 1: the SDK does not retry; `awsSend` does, with the kit's policy and budget. */
  maxAttempts: 1;
  /**
   * Options of the SDK's `NodeHttpHandler`: the context's timeouts (`headersMs` as the request
   * timeout, `bodyMs` as the socket idle timeout's floor), 10 s to connect, and
   * `throwOnRequestTimeout` (without it the handler only warns, and a stalled response hangs
   * the read instead of being retried).
   */
  requestHandler: {
    requestTimeout: number;
    connectionTimeout: number;
    throwOnRequestTimeout: true;
  };
}

/** The part of a connector context {@link awsClientOptions} uses. */
export type AwsClientOptionsContext = AwsCredentialContext &
  Partial<Pick<ConnectorContext, 'timeouts'>>;

const providers = new WeakMap<object, Map<string, AwsMemoizedCredentialProvider>>();

/**
 * The tenant's credential provider for `config`, shared by every client built from the same
 * config object (one AssumeRole per tenant, not one per client).
 */
function sharedProvider(
  config: AwsConfig,
  context: AwsCredentialContext,
): AwsMemoizedCredentialProvider {
  let byTenant = providers.get(config);
  if (!byTenant) {
    byTenant = new Map();
    providers.set(config, byTenant);
  }
  let provider = byTenant.get(context.tenant);
  if (!provider) {
    provider = awsCredentialProvider(config, context);
    byTenant.set(context.tenant, provider);
  }
  return provider;
}

/**
 * The options to build an AWS SDK v3 client for a connector: region, the service's endpoint
 * override (`config.endpoint[service]`), the tenant's credentials (base credentials, then the
 * per-tenant AssumeRole when configured; memoised per config and tenant, renewed before expiry),
 * `maxAttempts: 1` (the kit retries in `awsSend`, not the SDK) and the context's timeouts on the
 * SDK's node HTTP handler. The context's undici dispatcher is not used: the SDK has its own
 * handler (set `HTTPS_PROXY` and an agent on the client for a proxy).
 *
 * @param service - the key of `config.endpoint` for this client (`sqs`, `s3`, `guardduty`…).
 *
 * @example
 * ```ts
 * const sqs = new SQSClient(awsClientOptions(config, context, 'sqs'));
 * ```
 */
export function awsClientOptions(
  config: AwsConfig,
  context: AwsClientOptionsContext,
  service?: AwsServiceKey,
): AwsClientOptions {
  const endpoint = service === undefined ? undefined : config.endpoint?.[service];
  const timeouts = context.timeouts ?? {};
  return {
    region: config.region,
    ...(endpoint ? { endpoint } : {}),
    ...(endpoint && service === 's3' ? { forcePathStyle: true } : {}),
    credentials: sharedProvider(config, context),
    maxAttempts: 1,
    requestHandler: {
      requestTimeout: Math.max(timeouts.headersMs ?? 30_000, timeouts.bodyMs ?? 30_000),
      connectionTimeout: 10_000,
      throwOnRequestTimeout: true,
    },
  };
}
