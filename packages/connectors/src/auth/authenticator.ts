/** A request about to be sent, which an {@link Authenticator} may sign or add headers to. */
export interface OutgoingRequest {
  /** HTTP method, upper case. */
  method: string;
  /** Absolute URL, query included. */
  url: URL;
  /** Headers, lower-case names. */
  headers: Record<string, string>;
  /** The serialised body, when there is one (signers hash it). */
  body: string | undefined;
}

/** The authentication schemes the kit implements. */
export type AuthScheme =
  | 'oauth2-client-credentials'
  | 'private-key-jwt'
  | 'static-token'
  | 'basic'
  | 'hmac'
  | 'aws-sigv4'
  | 'none';

/**
 * Adds credentials to requests. Implementations cache what they can (tokens) and never expose
 * the credential in errors or logs.
 */
export interface Authenticator {
  /** The scheme, for manifests and logs. */
  readonly scheme: AuthScheme;
  /** Adds headers (or signs) `request` in place. */
  authorize(request: OutgoingRequest, signal?: AbortSignal): Promise<void>;
  /**
   * Called once when the vendor answers 401: drop cached credentials and fetch new ones.
   * Returns true when a retry with fresh credentials may succeed.
   */
  refresh?(signal?: AbortSignal): Promise<boolean>;
}

/** An authenticator that adds nothing. */
export const noAuth: Authenticator = {
  scheme: 'none',
  authorize: async () => {},
};
