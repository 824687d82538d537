import type { Authenticator, ConnectorContext, HttpClient } from '@openmdr/connector-kit';
import {
  awsSigV4,
  basicAuth,
  ConnectorConfigError,
  hmacSignature,
  oauth2ClientCredentials,
  privateKeyJwt,
  staticToken,
} from '@openmdr/connector-kit';
import type { ResolvedRestConnectorSpec, RestConfig } from './config.js';

/** The REST connector's vendor client: one HTTP client and the authenticator behind it. */
export interface RestClient {
  /** The HTTP client. */
  http: HttpClient;
  /** The authenticator. */
  auth: Authenticator;
}

function authenticatorFor(
  config: RestConfig,
  baseUrl: string,
  context: ConnectorContext,
): Authenticator {
  const { auth } = config;
  const common = {
    clock: context.clock,
    ...(context.dispatcher ? { dispatcher: context.dispatcher } : {}),
  };
  switch (auth.type) {
    case 'oauth2-client-credentials':
      return oauth2ClientCredentials({
        ...common,
        tokenUrl: new URL(auth.tokenUrl, `${baseUrl}/`).toString(),
        clientId: auth.clientId,
        clientSecret: auth.clientSecret,
        clientAuthentication: auth.clientAuthentication,
        ...(auth.scope ? { scope: auth.scope } : {}),
      });
    case 'private-key-jwt':
      return privateKeyJwt({
        ...common,
        tokenUrl: new URL(auth.tokenUrl, `${baseUrl}/`).toString(),
        clientId: auth.clientId,
        privateKey: auth.privateKey,
        algorithm: auth.algorithm,
        ...(auth.keyId ? { keyId: auth.keyId } : {}),
        ...(auth.scope ? { scope: auth.scope } : {}),
      });
    case 'static-token':
      return staticToken({
        token: auth.token,
        style:
          typeof auth.style === 'string'
            ? auth.style
            : {
                header: auth.style.header,
                ...(auth.style.prefix ? { prefix: auth.style.prefix } : {}),
              },
      });
    case 'basic':
      return basicAuth({ username: auth.username, password: auth.password });
    case 'hmac':
      return hmacSignature({
        secret: auth.secret,
        clock: context.clock,
        signatureHeader: auth.signatureHeader,
        timestampHeader: auth.timestampHeader,
        ...(auth.keyId ? { keyId: auth.keyId } : {}),
      });
    case 'aws-sigv4':
      return awsSigV4({
        accessKeyId: auth.accessKeyId,
        secretAccessKey: auth.secretAccessKey,
        region: auth.region,
        service: auth.service,
        clock: context.clock,
        ...(auth.sessionToken ? { sessionToken: auth.sessionToken } : {}),
      });
    case 'none':
      return { scheme: 'none', authorize: async () => {} };
  }
}

/** The base URL of a config: `baseUrl`, else the region's, else the only region's. */
export function restBaseUrl(spec: ResolvedRestConnectorSpec, config: RestConfig): string {
  if (config.baseUrl) return config.baseUrl.replace(/\/$/, '');
  const regions = Object.entries(spec.regions);
  const region = config.region
    ? spec.regions[config.region]
    : regions.length === 1
      ? regions[0]?.[1]
      : undefined;
  if (!region) {
    throw new ConnectorConfigError(spec.id, [
      {
        path: 'region',
        message: `set baseUrl or one of the regions ${regions.map(([name]) => name).join(', ')}`,
      },
    ]);
  }
  return region.baseUrl.replace(/\/$/, '');
}

/** Builds the REST connector's client from a config. */
export function createRestClient(
  spec: ResolvedRestConnectorSpec,
  config: RestConfig,
  context: ConnectorContext,
): RestClient {
  const baseUrl = restBaseUrl(spec, config);
  const auth = authenticatorFor(config, baseUrl, context);
  return { auth, http: context.createHttpClient({ baseUrl, auth }) };
}
