import type { ConnectorContext, HttpClient } from '@openmdr/connector-kit';
import { ConnectorResponseError, oauth2ClientCredentials } from '@openmdr/connector-kit';
import { type CrowdStrikeConfig, crowdstrikeBaseUrl } from './config.js';

/** The CrowdStrike vendor client: the kit's HTTP client with OAuth2 on `/oauth2/token`. */
export interface CrowdStrikeClient {
  /** The Falcon API. */
  readonly api: HttpClient;
}

/** The envelope of every Falcon API response. */
export interface FalconResponse<T> {
  meta?: { pagination?: { after?: string; offset?: string | number; total?: number } };
  resources?: T[] | null;
  errors?: Array<{ code?: number; message?: string; id?: string }> | null;
}

/** Builds the Falcon client: token on `<base>/oauth2/token`, `member_cid` for MSSP children. */
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
  return { api: context.createHttpClient({ baseUrl, auth }) };
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
