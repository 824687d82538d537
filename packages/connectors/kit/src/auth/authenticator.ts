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

/** What the HTTP client tells an authenticator about the call. */
export interface AuthContext {
  /**
   * The vendor clock minus the local clock, in ms, learnt from `Date` headers (0 until the first
   * response). Time-based schemes (HMAC, SigV4, client assertions) sign with the vendor's time,
   * the way the AWS SDK corrects clock skew.
   */
  serverTimeOffsetMs: number;
  /** Cancels the call. */
  signal?: AbortSignal | undefined;
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
  authorize(request: OutgoingRequest, context: AuthContext): Promise<void>;
  /**
   * Called once when the vendor answers 401: drop cached credentials and fetch new ones (or, for
   * time-based schemes, notice a corrected vendor clock). Returns true when a retry may succeed.
   */
  refresh?(context: AuthContext): Promise<boolean>;
}

/** An authenticator that adds nothing. */
export const noAuth: Authenticator = {
  scheme: 'none',
  authorize: async () => {},
};
