import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ConnectorContext, HttpClient } from '@openmdr/connector-kit';
import { ConnectorResponseError, oauth2ClientCredentials } from '@openmdr/connector-kit';
import { awsClientOptions } from '@openmdr/connector-kit/aws';
import { type CrowdStrikeConfig, type CrowdStrikeFdrConfig, crowdstrikeBaseUrl } from './config.js';

/** The AWS SDK clients of the Falcon Data Replicator: its SQS queue and S3 bucket. */
export interface CrowdStrikeFdrClient {
  /** SQS: the FDR notifications. */
  readonly sqs: SQSClient;
  /** S3: the FDR files. */
  readonly s3: S3Client;
}

/** The CrowdStrike vendor client: the kit's HTTP client with OAuth2 on `/oauth2/token`. */
export interface CrowdStrikeClient {
  /** The Falcon API. */
  readonly api: HttpClient;
  /**
   * An HTTP client for an Event Streams data feed host (`firehose.…`): no OAuth (the feed takes
   * the session token), its own rate budget. One per origin, built on first use.
   */
  firehose(origin: string): HttpClient;
  /** The FDR clients, when `fdr` is configured; built on first use. */
  fdr(): CrowdStrikeFdrClient | undefined;
  /** Closes the FDR clients' sockets. */
  close(): void;
}

/** The envelope of every Falcon API response. */
export interface FalconResponse<T> {
  meta?: { pagination?: { after?: string; offset?: string | number; total?: number } };
  resources?: T[] | null;
  errors?: Array<{ code?: number; message?: string; id?: string }> | null;
}

function fdrClients(config: CrowdStrikeFdrConfig, context: ConnectorContext): CrowdStrikeFdrClient {
  const options = (service: 'sqs' | 's3') => {
    const base = awsClientOptions(config, context, service);
    return { ...base, requestHandler: { ...base.requestHandler, throwOnRequestTimeout: true } };
  };
  return { sqs: new SQSClient(options('sqs')), s3: new S3Client(options('s3')) };
}

/**
 * Builds the Falcon client: token on `<base>/oauth2/token`, `member_cid` for MSSP children;
 * data feed clients per host and the FDR AWS clients, on first use.
 */
export function createCrowdStrikeClient(
  config: CrowdStrikeConfig,
  context: ConnectorContext,
): CrowdStrikeClient {
  const baseUrl = crowdstrikeBaseUrl(config);
  const auth = oauth2ClientCredentials({
    tokenUrl: `${baseUrl.replace(/\/$/, '')}/oauth2/token`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(config.memberCid ? { extraParams: { member_cid: config.memberCid } } : {}),
    // Falcon tokens live 30 minutes; renew 2 minutes early (FalconPy's renewal window).
    refreshMarginMs: 120_000,
    clock: context.clock,
    ...(context.dispatcher ? { dispatcher: context.dispatcher } : {}),
  });
  const feeds = new Map<string, HttpClient>();
  let fdr: CrowdStrikeFdrClient | undefined;
  return {
    api: context.createHttpClient({ baseUrl, auth }),
    firehose: (origin) => {
      let client = feeds.get(origin);
      if (!client) {
        client = context.createHttpClient({ baseUrl: origin });
        feeds.set(origin, client);
      }
      return client;
    },
    fdr: () => {
      if (!config.fdr) return undefined;
      fdr ??= fdrClients(config.fdr, context);
      return fdr;
    },
    close: () => {
      fdr?.sqs.destroy();
      fdr?.s3.destroy();
      fdr = undefined;
    },
  };
}

/** The resources of a Falcon response; a response with `errors` and no resources throws. */
export function resourcesOf<T>(body: FalconResponse<T> | undefined, what: string): T[] {
  const errors = body?.errors ?? [];
  const resources = body?.resources ?? [];
  if (errors.length > 0 && resources.length === 0) {
    throw new ConnectorResponseError(
      `CrowdStrike ${what}: ${errors.map((error) => `${error.code ?? ''} ${error.message ?? ''}`.trim()).join('; ')}`,
      {
        details: { errors: errors.map((error) => ({ code: error.code, message: error.message })) },
      },
    );
  }
  return resources;
}
