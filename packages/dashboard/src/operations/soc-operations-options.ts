import type { Clock, OpenMdrBus, Store } from '@openmdr/core';
import type { HuntRunner } from '@openmdr/hunting';
import type {
  ApprovalService,
  AssetFacts,
  AuditLog,
  Command,
  ResponsePolicy,
  SlaPolicy,
  SlaPolicyRegistry,
} from '@openmdr/response';

/** Options of `createSocOperations`. */
export interface SocOperationsOptions {
  /** The store the response services and the recorder write to. */
  readonly store: Store;
  /** The bus (for the live stream and for dropping cached case lists when a tenant changes). */
  readonly bus: OpenMdrBus;
  /**
   * The tenants an MSSP operator with `tenants: '*'` sees. Default: the tenants the recorder
   * (`recordSocActivity`) has seen on the bus. When given, both lists are merged.
   */
  readonly tenants?: (() => Promise<readonly string[]> | readonly string[]) | undefined;
  /**
   * The response authority policy `proposeAction` evaluates, or one per tenant. Default: every
   * command requires approval (`defaultDecision: 'require_approval'`).
   */
  readonly policy?:
    | ResponsePolicy
    | ((tenant: string) => ResponsePolicy | Promise<ResponsePolicy>)
    | undefined;
  /** What the policy knows of a command's asset (the CMDB), per tenant. */
  readonly assets?:
    | ((
        tenant: string,
        command: Command,
      ) => AssetFacts | undefined | Promise<AssetFacts | undefined>)
    | undefined;
  /** The SLA policy of the clocks, one for all or per tenant. Default: no targets (clocks never breach). */
  readonly slaPolicy?: SlaPolicy | SlaPolicyRegistry | undefined;
  /**
   * The approval defaults of proposals (as the `ApprovalService` options): who may decide
   * (default `['responders']`), expiry (default one hour), escalation.
   */
  readonly approvals?:
    | {
        readonly approverGroups?: readonly string[] | undefined;
        readonly expiresAfterMs?: number | undefined;
        readonly escalation?: { readonly afterMs: number; readonly group: string } | undefined;
      }
    | undefined;
  /**
   * The response services of a tenant, when the host already built them (so both share one
   * audit log instance and one approval configuration). Default: built over `store` with the
   * same stream and key names as the quickstart (`response.audit`, `approval:<id>`).
   */
  readonly services?:
    | ((tenant: string) => { readonly audit?: AuditLog; readonly approvals?: ApprovalService })
    | undefined;
  /** Stamps reads and clocks. Default: the system clock. */
  readonly clock?: Clock | undefined;
  /**
   * Where `runHunt` hunts: a runner per tenant. Default: an in-memory runner matching the hunt's
   * Sigma rules against the tenant's `events` log stream (`createMemoryHuntRunner`).
   */
  readonly huntRunner?: ((tenant: string) => HuntRunner) | undefined;
  /** The default runner's event stream and how many of the newest events it searches. */
  readonly huntEvents?:
    | { readonly stream?: string | undefined; readonly maxEvents?: number | undefined }
    | undefined;
  /**
   * How old a tenant's cached case list may grow (ms) before a read refreshes it in the
   * background (stale-while-revalidate: reads never wait but for the tenant's first). Default
   * 30 000. A case changed through a `CaseService` on the same bus (`case.changed`) is reread
   * alone and shows on the next read; the whole list is refreshed earlier when the bus reports
   * the tenant's incidents, actions, approvals or SLA clocks changed. Cases changed by other
   * processes without that bus show within this TTL. `0` turns the cache off: every read reads
   * every case from the store (on PGlite, 10,000 cases take about 3 s).
   */
  readonly caseCacheTtlMs?: number | undefined;
  /** A connector is `lagging` once its checkpoint trails its last batch by this long. Default 5 min. */
  readonly connectorLaggingAfterMs?: number | undefined;
  /** A connector is `silent` after this long without a batch. Default one hour. */
  readonly connectorSilentAfterMs?: number | undefined;
}
