import { OpenMdrError, type TenantId } from '@openmdr/core';
import { afterAll, describe, it } from 'vitest';
import type { ConnectorV1 } from '../connector/define-connector.js';
import type { RateLimitPolicy } from '../http/rate-limiter.js';
import {
  type ConformanceCase,
  connectorConformanceCases,
  type DataConformanceCase,
  dataConformanceCases,
  isConnectorConformanceCase,
  isStreamConformanceCase,
  type StreamConformanceCase,
  tokenConformanceCases,
  transportConformanceCases,
} from './conformance-cases.js';
import { connectorCaseBodies } from './conformance-connector-cases.js';
import { dataCaseBodies } from './conformance-data-cases.js';
import { type ConformanceHarness, startConformanceHarness } from './conformance-harness.js';
import type {
  ConformanceContext,
  ConformanceOptions,
  ConformanceOverride,
  ConformanceScenario,
  ConformanceStream,
  StreamConformanceContext,
} from './conformance-options.js';
import { transportCaseBodies } from './conformance-transport-cases.js';

const CASE_TIMEOUT_MS = 20_000;
const transportCases: ReadonlySet<string> = new Set(transportConformanceCases);
const tokenCases: ReadonlySet<string> = new Set(tokenConformanceCases);
const dataCases: ReadonlySet<string> = new Set(dataConformanceCases);

function isDataCase(name: StreamConformanceCase): name is DataConformanceCase {
  return dataCases.has(name);
}

function invalid(suite: string, message: string): OpenMdrError {
  return new OpenMdrError('CONFORMANCE_OPTIONS', `conformance suite ${suite}: ${message}`);
}

/** Why every stream case is skipped for a connector whose manifest declares no stream. */
export const ACTION_ONLY_SKIP_REASON =
  'the manifest declares no streams (an action-only connector): nothing to read';

/**
 * Throws on options the suite cannot run as meant: no stream although the manifest has some (or
 * no action either), unknown names, missing reasons.
 */
function validate<Stream extends string>(
  options: ConformanceOptions<Stream>,
  connector: ConnectorV1<unknown>,
): void {
  const streams = Object.keys(options.streams) as Stream[];
  if (streams.length === 0) {
    const declared = Object.keys(connector.manifest.streams);
    if (declared.length > 0) {
      throw invalid(
        options.name,
        `declare at least one stream (the manifest has ${declared.join(', ')})`,
      );
    }
    if (Object.keys(connector.manifest.actions).length === 0) {
      throw invalid(options.name, 'the manifest declares neither streams nor actions');
    }
  }
  const checkOverrides = (
    where: string,
    overrides: Readonly<Record<string, ConformanceOverride<never> | undefined>>,
    allowed: (name: string) => boolean,
  ) => {
    for (const [name, override] of Object.entries(overrides)) {
      if (!allowed(name)) throw invalid(options.name, `${where}: no case named ${name}`);
      const reason = override && ('skip' in override ? override.skip : override.reason);
      if (!reason?.trim()) throw invalid(options.name, `${where}: ${name} needs a reason`);
    }
  };
  checkOverrides(
    'overrides',
    options.overrides ?? {},
    (name) =>
      isConnectorConformanceCase(name) || (isStreamConformanceCase(name) && streams.length > 0),
  );
  for (const stream of streams) {
    const spec: ConformanceStream<Stream> = options.streams[stream];
    checkOverrides(`streams.${stream}.overrides`, spec.overrides ?? {}, isStreamConformanceCase);
    const shared = spec.sharesReaderWith;
    if (shared === undefined) continue;
    const other = options.streams[shared];
    if (!other || shared === stream)
      throw invalid(options.name, `streams.${stream}.sharesReaderWith: no other stream ${shared}`);
    if (other.sharesReaderWith !== undefined)
      throw invalid(options.name, `streams.${stream}.sharesReaderWith: ${shared} shares in turn`);
  }
}

/** Why a stream case is skipped when no override says otherwise, if it is. */
function automaticSkip<Stream extends string>(
  name: StreamConformanceCase,
  spec: ConformanceStream<Stream>,
  options: ConformanceOptions<Stream>,
): string | undefined {
  if (spec.sharesReaderWith !== undefined && transportCases.has(name))
    return `same reader as stream ${spec.sharesReaderWith}: covered there`;
  if (!options.capabilities.tokenRefresh && tokenCases.has(name))
    return 'the auth scheme has no expiring tokens';
  return undefined;
}

/** Registers one case: the suite's body, an override's `run`, or a skip with its reason. */
function register<Context extends { runDefault(): Promise<void> }>(
  name: ConformanceCase,
  context: Context,
  override: ConformanceOverride<Context> | undefined,
  automaticSkipReason?: string,
): void {
  if (override && 'skip' in override) {
    it.skip(`${name} — skipped: ${override.skip}`, () => {});
  } else if (override) {
    it(`${name} — overridden: ${override.reason}`, () => override.run(context), CASE_TIMEOUT_MS);
  } else if (automaticSkipReason) {
    it.skip(`${name} — skipped: ${automaticSkipReason}`, () => {});
  } else {
    it(name, () => context.runDefault(), CASE_TIMEOUT_MS);
  }
}

/**
 * The conformance suite every connector passes (vitest), over all the streams of one connector in
 * one `describe`.
 *
 * Once per suite: the manifest and config schema; good and bad configs through `check()` (typed,
 * secret-free errors); action requests matching their snapshots with asynchronous completion
 * polled. Once per stream of `streams`, about its data: a full read, resume after a restart at
 * every batch boundary with no gap and no duplicate, incremental reads, every normalised event
 * strictly valid OCSF (of the declared `classUids`), a late event inside the look-back; and about
 * its transport: the declared rate never exceeded, token refresh, and each injected fault (429 with
 * `Retry-After` seconds / HTTP-date / reset headers, 5xx retried and given up, slow responses,
 * token expiry mid-pagination, vendor clock offset) with secrets kept out of logs, state and
 * requests.
 *
 * A case is skipped or replaced only explicitly and with a reason, by name, through `overrides`
 * (for the suite, or in a stream's entry for that stream alone), as an integration's subclass of a
 * standard-test class overrides one method. Two kinds of case skip themselves, with their reason,
 * when not overridden: the token cases when `capabilities.tokenRefresh` is false, and a stream's
 * transport cases when it `sharesReaderWith` another stream.
 *
 * An action-only connector (its manifest declares no streams, e.g. a firewall that only blocks
 * addresses) passes `streams: {}`: the once-per-suite cases run (manifest, config, `check()`,
 * actions), and every stream case is reported once as skipped with
 * {@link ACTION_ONLY_SKIP_REASON}. Options the suite cannot run as meant (no stream although the
 * manifest declares some, neither streams nor actions, an unknown case name, a stream case
 * overridden without streams, an override without a reason, a bad `sharesReaderWith`) throw an
 * `OpenMdrError` with code `CONFORMANCE_OPTIONS` before any case is registered.
 *
 * @example
 * ```ts
 * describeConnectorConformance({
 *   name: 'entra',
 *   create: () => entraConnector,
 *   simulator: () => entraSimulatorOptions({ data }),
 *   config: (simulator) => ({ graphUrl: simulator.url, … }),
 *   secrets: { entra_client_secret: SECRET },
 *   badConfigs: (simulator) => [ … ],
 *   streams: {
 *     signins: { dataset: signIns, classUids: [3002] },
 *     audits: { dataset: audits, sharesReaderWith: 'signins' },
 *   },
 *   actions: [ … ],
 *   capabilities: { tokenRefresh: true },
 *   overrides: { 'fault-slow': { skip: 'the vendor has no slow path' } },
 * });
 * ```
 */
export function describeConnectorConformance<Stream extends string>(
  options: ConformanceOptions<Stream>,
): void {
  const connector = options.create();
  validate(options, connector);
  const harnesses: Array<{ close(): Promise<void> }> = [];
  const setup = {
    connector,
    tenant: (options.tenant ?? 'conformance') as TenantId,
    simulator: options.simulator,
    config: options.config,
    secrets: options.secrets,
    timeouts: options.timeouts ?? { headersMs: 400, bodyMs: 400 },
  };
  const start = async (
    scenario: Partial<ConformanceScenario> = {},
    rateLimit: RateLimitPolicy = connector.manifest.rateLimit,
  ): Promise<ConformanceHarness> => {
    const harness = await startConformanceHarness(setup, scenario, rateLimit);
    harnesses.push(harness);
    return harness;
  };

  describe(`connector conformance: ${options.name}`, () => {
    afterAll(async () => {
      await Promise.all(harnesses.map((harness) => harness.close()));
    });

    for (const name of connectorConformanceCases) {
      const context: ConformanceContext<Stream> = {
        options,
        connector,
        start,
        runDefault: () => connectorCaseBodies[name](context),
      };
      register(name, context, options.overrides?.[name]);
    }

    if (Object.keys(options.streams).length === 0) {
      describe('streams', () => {
        for (const name of [...dataConformanceCases, ...transportConformanceCases]) {
          it.skip(`${name} — skipped: ${ACTION_ONLY_SKIP_REASON}`, () => {});
        }
      });
    }

    for (const stream of Object.keys(options.streams) as Stream[]) {
      const spec: ConformanceStream<Stream> = options.streams[stream];
      describe(`stream ${stream}`, () => {
        for (const name of [...dataConformanceCases, ...transportConformanceCases]) {
          const body = isDataCase(name) ? dataCaseBodies[name] : transportCaseBodies[name];
          const context: StreamConformanceContext<Stream> = {
            options,
            connector,
            start,
            stream,
            spec,
            runDefault: () => body(context),
          };
          const override = spec.overrides?.[name] ?? options.overrides?.[name];
          register(name, context, override, automaticSkip(name, spec, options));
        }
      });
    }
  });
}
