import type { ConnectorV1 } from '../connector/define-connector.js';
import type { HttpTimeouts } from '../http/http-client.js';
import type { RateLimitPolicy } from '../http/rate-limiter.js';
import type {
  SimulatorFault,
  SimulatorRecord,
  VendorSimulatorOptions,
} from '../simulator/simulator-types.js';
import type { VendorSimulator } from '../simulator/vendor-simulator.js';
import type { ConnectorConformanceCase, StreamConformanceCase } from './conformance-cases.js';
import type { ConformanceHarness } from './conformance-harness.js';

/** What the suite asks the simulator factory for. */
export interface ConformanceScenario {
  /** Faults to inject. */
  faults: readonly SimulatorFault[];
  /** The vendor clock offset, ms (generate record times from `Date.now() + clockOffsetMs`). */
  clockOffsetMs: number;
}

/** A bad configuration and the error code it must produce. */
export interface BadConfig {
  /** What is wrong. */
  name: string;
  /** The config. */
  config: unknown;
  /** Secrets for this case (default: the suite's). */
  secrets?: Readonly<Record<string, string>>;
  /** Expected `code` of the error from `connect()` or `check()`. */
  code: string;
}

/** An action the suite runs, with the request it must send. */
export interface ConformanceAction {
  /** Action name. */
  name: string;
  /** Input. */
  input: unknown;
  /** The recorded request snapshot the first request must match. */
  expectedRequest: { method: string; path: string; body?: unknown };
}

/** The dataset a stream reads, as the simulator serves it. */
export interface ConformanceDataset {
  /** Dataset path in the simulator. */
  path: string;
  /** Id field. */
  idField: string;
  /** Time field: a dotted path for a nested one (`threatInfo.updatedAt`). */
  timeField: string;
  /** The stream's look-back, ms (late events are placed inside it). */
  lookbackMs: number;
  /** Builds a new record with id `id` at `time` (epoch ms). */
  record(id: string, time: number): SimulatorRecord;
}

/**
 * A replacement for one case of the suite, in the spirit of a standard-test class whose subclass
 * overrides one test method: `{ skip: reason }` reports the case as skipped with the reason;
 * `{ reason, run }` runs `run` instead of the suite's body (which `run` may still call as
 * `context.runDefault()`, as a method calls `super`). Both need a reason, shown in the test name.
 */
export type ConformanceOverride<Context> =
  | { readonly skip: string }
  | { readonly reason: string; readonly run: (context: Context) => Promise<void> };

/** Overrides of the cases run once per stream, by case name. */
export type StreamConformanceOverrides<Stream extends string = string> = {
  readonly [Case in StreamConformanceCase]?: ConformanceOverride<StreamConformanceContext<Stream>>;
};

/**
 * Overrides by case name, for the suite's `overrides`: a case run once per suite, or a case run
 * once per stream (then for every stream that does not override it itself).
 */
export type ConformanceOverrides<Stream extends string = string> =
  StreamConformanceOverrides<Stream> & {
    readonly [Case in ConnectorConformanceCase]?: ConformanceOverride<ConformanceContext<Stream>>;
  };

/** What a case body (the suite's or an override's `run`) works with. */
export interface ConformanceContext<Stream extends string = string> {
  /** The suite's options. */
  readonly options: ConformanceOptions<Stream>;
  /** The connector under test (`options.create()`, created once per suite). */
  readonly connector: ConnectorV1<unknown>;
  /**
   * Starts a simulator for `scenario` (faults and clock offset; none by default) enforcing
   * `rateLimit` (default: the manifest's, which the connector then uses too). Closed after the
   * suite.
   */
  start(
    scenario?: Partial<ConformanceScenario>,
    rateLimit?: RateLimitPolicy,
  ): Promise<ConformanceHarness>;
  /** Runs the suite's own body of this case. */
  runDefault(): Promise<void>;
}

/** What a per-stream case body works with: the context plus the stream under test. */
export interface StreamConformanceContext<Stream extends string = string>
  extends ConformanceContext<Stream> {
  /** The stream under test. */
  readonly stream: Stream;
  /** Its entry of `options.streams`. */
  readonly spec: ConformanceStream<Stream>;
}

/** One stream under test: its dataset and expectations. */
export interface ConformanceStream<Stream extends string = string> {
  /** The dataset the stream reads, as the simulator serves it. */
  dataset: ConformanceDataset;
  /** The OCSF `class_uid`s the stream's events may have; `ocsf-strict` fails on any other. */
  classUids?: readonly number[];
  /**
   * Another stream of the suite read by the same code (HTTP client, auth, pagination): this
   * stream's transport cases (rate limit, token refresh, injected faults, secret redaction) are
   * covered there and reported here as skipped. The other stream must not share in turn.
   */
  sharesReaderWith?: Stream;
  /** Overrides of this stream's cases; they win over the suite's `overrides`. */
  overrides?: StreamConformanceOverrides<Stream>;
}

/** Options of `describeConnectorConformance`. */
export interface ConformanceOptions<Stream extends string = string> {
  /** Suite name. */
  name: string;
  /** Creates the connector under test. */
  create: () => ConnectorV1<unknown>;
  /**
   * Simulator options for a scenario, serving every stream's dataset; the suite adds faults,
   * clock offset and the rate limit to enforce.
   */
  simulator: (scenario: ConformanceScenario) => VendorSimulatorOptions;
  /** A good config for a running simulator, reading every stream (secret fields may be left to `secrets`). */
  config: (simulator: VendorSimulator) => unknown;
  /** The tenant's secrets, by secret name. */
  secrets: Readonly<Record<string, string>>;
  /** Bad configs: each must fail with a typed, secret-free error. */
  badConfigs: (simulator: VendorSimulator) => readonly BadConfig[];
  /**
   * The streams to read, by stream name, in the order their cases run. At least one, unless the
   * manifest declares none (an action-only connector: `{}`, the stream cases reported skipped).
   */
  streams: { readonly [Name in Stream]: ConformanceStream<NoInfer<Stream>> };
  /** Actions to run: every action of the manifest, unless the `actions` case is overridden. */
  actions?: readonly ConformanceAction[];
  /** What the connector supports. */
  capabilities: {
    /** The auth scheme has tokens that expire (OAuth2): run the refresh cases. */
    tokenRefresh: boolean;
  };
  /** Timeouts given to the connector (the slow-response fault exceeds `headersMs`). Default 400 ms. */
  timeouts?: HttpTimeouts;
  /** Cases to skip or replace, by case name; see {@link ConformanceOverride}. */
  overrides?: ConformanceOverrides<NoInfer<Stream>>;
  /** Tenant id. Default `conformance`. */
  tenant?: string;
}
