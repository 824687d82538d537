/**
 * The cases run once per suite, on the connector as a whole: the manifest, the config schema,
 * `check()` with good and bad configs, and the actions.
 */
export const connectorConformanceCases = [
  'manifest',
  'config-schema',
  'check-good',
  'check-bad',
  'actions',
] as const;

/**
 * The cases run once per stream that depend on the stream's data: a full read, resume after a
 * restart at every batch boundary, incremental reads, strict OCSF and a late event inside the
 * look-back.
 */
export const dataConformanceCases = [
  'read-basic',
  'read-resume',
  'read-incremental',
  'ocsf-strict',
  'fault-late-event',
] as const;

/**
 * The cases run once per stream that exercise how it is fetched (HTTP client, auth, pagination):
 * the declared rate limit, token refresh, each injected transport fault and secret redaction.
 * A stream read by the same code as another (`sharesReaderWith`) reports them as skipped.
 */
export const transportConformanceCases = [
  'rate-limit',
  'token-refresh',
  'fault-429-retry-after',
  'fault-429-http-date',
  'fault-429-reset-header',
  'fault-5xx',
  'fault-5xx-give-up',
  'fault-slow',
  'fault-token-expiry',
  'fault-clock-offset',
  'secrets-redacted',
] as const;

/** Every case of the suite, in the order a suite registers them (stream cases once per stream). */
export const conformanceCases = [
  ...connectorConformanceCases,
  ...dataConformanceCases,
  ...transportConformanceCases,
] as const;

/** A case run once per suite; see {@link connectorConformanceCases}. */
export type ConnectorConformanceCase = (typeof connectorConformanceCases)[number];
/** A case about a stream's data; see {@link dataConformanceCases}. */
export type DataConformanceCase = (typeof dataConformanceCases)[number];
/** A case about a stream's transport; see {@link transportConformanceCases}. */
export type TransportConformanceCase = (typeof transportConformanceCases)[number];
/** A case run once per stream. */
export type StreamConformanceCase = DataConformanceCase | TransportConformanceCase;
/** Any case of the conformance suite. */
export type ConformanceCase = ConnectorConformanceCase | StreamConformanceCase;

/** The cases that need an auth scheme with expiring tokens (`capabilities.tokenRefresh`). */
export const tokenConformanceCases: readonly TransportConformanceCase[] = [
  'token-refresh',
  'fault-token-expiry',
];

const streamCaseNames: ReadonlySet<string> = new Set([
  ...dataConformanceCases,
  ...transportConformanceCases,
]);
const connectorCaseNames: ReadonlySet<string> = new Set(connectorConformanceCases);

/** Whether `name` is a case run once per stream. */
export function isStreamConformanceCase(name: string): name is StreamConformanceCase {
  return streamCaseNames.has(name);
}

/** Whether `name` is a case run once per suite. */
export function isConnectorConformanceCase(name: string): name is ConnectorConformanceCase {
  return connectorCaseNames.has(name);
}

/**
 * Overrides skipping every case of `cases` with the same reason, for
 * `describeConnectorConformance`'s `overrides`: a second suite that only varies the credentials
 * skips what does not depend on them.
 *
 * @example
 * ```ts
 * overrides: skipConformanceCases(['read-resume', 'fault-5xx'], 'auth-independent: covered above'),
 * ```
 */
export function skipConformanceCases<Case extends ConformanceCase>(
  cases: readonly Case[],
  reason: string,
): { readonly [Name in Case]: { readonly skip: string } } {
  return Object.fromEntries(cases.map((name) => [name, { skip: reason }])) as {
    readonly [Name in Case]: { readonly skip: string };
  };
}
