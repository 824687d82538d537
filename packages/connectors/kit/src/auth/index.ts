export {
  type AuthContext,
  type Authenticator,
  type AuthScheme,
  noAuth,
  type OutgoingRequest,
} from './authenticator.js';
export { type AwsSigV4Options, awsSigV4 } from './aws-sigv4.js';
export {
  defaultHmacCanonicalString,
  type HmacAlgorithm,
  type HmacSignatureOptions,
  hmacSignature,
} from './hmac-signature.js';
export {
  type OAuth2ClientCredentialsOptions,
  oauth2ClientCredentials,
  type TokenAuthenticator,
} from './oauth2-client-credentials.js';
export {
  type ClientAssertionAlgorithm,
  type ClientAssertionOptions,
  type PrivateKeyJwtOptions,
  privateKeyJwt,
  signClientAssertion,
} from './private-key-jwt.js';
export {
  type BasicAuthOptions,
  basicAuth,
  type StaticTokenOptions,
  staticToken,
  type TokenStyle,
} from './static-token.js';
export { type AccessToken, type TokenAuthOptions, TokenCache } from './token-endpoint.js';
