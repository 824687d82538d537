/**
 * Who is calling, and what they may do: the principal the host product's authentication hook
 * returns, and the roles the dashboard, its JSON API and the MCP tools check on every call.
 */

/**
 * A role of a principal.
 * - `viewer`: reads the data of its tenants.
 * - `analyst`: a viewer who also comments on cases, runs hunts and proposes response actions.
 * - `approver`: an analyst who also approves or denies pending actions (in the approval's groups).
 * - `mssp`: reads across tenants (`tenant=*`); only with `tenants: '*'` or a list of tenants.
 */
export type SocRole = 'viewer' | 'analyst' | 'approver' | 'mssp';

/** Every role, in order of privilege. */
export const SOC_ROLES: readonly SocRole[] = ['viewer', 'analyst', 'approver', 'mssp'];

/** An authenticated caller. */
export interface Principal {
  /** Stable identifier: an email or subject claim. Shown in the audit log and on decisions. */
  readonly id: string;
  /** The tenants the principal may see, or `'*'` for every tenant (an MSSP operator). */
  readonly tenants: readonly string[] | '*';
  /** The roles granted. */
  readonly roles: readonly SocRole[];
  /** Approver groups (matched against an approval's `approverGroups`). Default none. */
  readonly groups?: readonly string[] | undefined;
  /** A display name. */
  readonly name?: string | undefined;
}

/** What an authentication hook sees of a request: enough for a session cookie, header or token. */
export interface AuthRequest {
  /** HTTP method (`GET`, `POST`), or `MCP` for a tool call over stdio. */
  readonly method: string;
  /** The request's path and query. */
  readonly url: string;
  /** Request headers, lower-case names, as Node's `IncomingMessage.headers`. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/**
 * The host product's authentication: returns the principal for a request, or `null` when the
 * request carries no valid session (the handler answers 401). Throwing is treated as `null` and
 * logged without the request's credentials.
 */
export type Authenticate = (request: AuthRequest) => Principal | null | Promise<Principal | null>;
