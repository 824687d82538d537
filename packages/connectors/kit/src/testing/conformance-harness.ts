import type { Logger, TenantId } from '@openmdr/core';
import { Agent } from 'undici';
import type { ConnectorInstance, ConnectorV1, ReadBatch } from '../connector/define-connector.js';
import type { HttpTimeouts } from '../http/http-client.js';
import { RateLimiterRegistry, type RateLimitPolicy } from '../http/rate-limiter.js';
import type { VendorSimulatorOptions } from '../simulator/simulator-types.js';
import { createTestSecretProvider } from '../simulator/test-secret-provider.js';
import { createVendorSimulator, type VendorSimulator } from '../simulator/vendor-simulator.js';
import type { ConformanceScenario } from './conformance-options.js';
import { createRecordingSleep } from './recording-sleep.js';

/** What to change when connecting through a {@link ConformanceHarness}. */
export interface ConformanceConnectOptions {
  /** The config (default: the suite's good config). */
  config?: unknown;
  /** The secrets (default: the suite's). */
  secrets?: Readonly<Record<string, string>>;
  /** Retries of a failed request (default 4). */
  retries?: number;
  /** Rate limiters to share between instances (default: a registry of the instance's own). */
  rateLimiters?: RateLimiterRegistry;
}

/** Everything one read of a stream to its end delivered. */
export interface ConformanceRead {
  /** The records of every batch, in order. */
  records: unknown[];
  /** The batches. */
  batches: ReadBatch[];
  /** The state of the last batch (the given state when there was none). */
  state: unknown;
}

/** A running simulator and connector instances connected to it, as the conformance cases use them. */
export interface ConformanceHarness {
  /** The simulator. */
  readonly simulator: VendorSimulator;
  /** Every delay the instances asked to sleep, ms (waited at most 5 ms each). */
  readonly delays: readonly number[];
  /** Every line the instances logged. */
  readonly logs: readonly string[];
  /** Connects a new instance to the simulator (short timeouts, fast retries, recorded sleeps). */
  connect(options?: ConformanceConnectOptions): Promise<ConnectorInstance>;
  /** Reads `stream` of `instance` from `state` to the end. */
  readAll(instance: ConnectorInstance, stream: string, state?: unknown): Promise<ConformanceRead>;
}

/** What a harness is built from. */
export interface ConformanceHarnessSetup {
  connector: ConnectorV1<unknown>;
  tenant: TenantId;
  simulator: (scenario: ConformanceScenario) => VendorSimulatorOptions;
  config: (simulator: VendorSimulator) => unknown;
  secrets: Readonly<Record<string, string>>;
  timeouts: HttpTimeouts;
}

function captureLogger(lines: string[]): Logger {
  const write = (obj: object | string, msg?: string) => {
    lines.push(`${typeof obj === 'string' ? obj : JSON.stringify(obj)} ${msg ?? ''}`);
  };
  const logger: Logger = {
    trace: write,
    debug: write,
    info: write,
    warn: write,
    error: write,
    child: () => logger,
  };
  return logger;
}

/**
 * Starts a simulator for `scenario` enforcing `budget` and returns a harness around it, with the
 * function that closes it and everything connected to it.
 */
export async function startConformanceHarness(
  setup: ConformanceHarnessSetup,
  scenario: Partial<ConformanceScenario>,
  budget: RateLimitPolicy,
): Promise<ConformanceHarness & { close(): Promise<void> }> {
  const { connector } = setup;
  const full: ConformanceScenario = {
    faults: scenario.faults ?? [],
    clockOffsetMs: scenario.clockOffsetMs ?? 0,
  };
  const simulator = await createVendorSimulator({
    ...setup.simulator(full),
    faults: full.faults,
    clockOffsetMs: full.clockOffsetMs,
    rateLimit: { requests: budget.requests, perMs: budget.perMs },
  });
  const dispatcher = new Agent({ keepAliveTimeout: 1_000 });
  const registries: RateLimiterRegistry[] = [];
  const recording = createRecordingSleep(5);
  const logs: string[] = [];
  const instances: ConnectorInstance[] = [];
  return {
    simulator,
    delays: recording.delays,
    logs,
    connect: async (overrides = {}) => {
      const registry = overrides.rateLimiters ?? new RateLimiterRegistry();
      registries.push(registry);
      const instance = await connector.connect({
        tenant: setup.tenant,
        config: overrides.config ?? setup.config(simulator),
        secrets: createTestSecretProvider(overrides.secrets ?? setup.secrets),
        dispatcher,
        rateLimiters: registry,
        ...(budget === connector.manifest.rateLimit ? {} : { rateLimit: budget }),
        sleep: recording.sleep,
        logger: captureLogger(logs),
        timeouts: setup.timeouts,
        retry: { retries: overrides.retries ?? 4, minDelayMs: 20, maxDelayMs: 200 },
      });
      instances.push(instance);
      return instance;
    },
    readAll: async (instance, stream, state) => {
      const batches: ReadBatch[] = [];
      for await (const batch of instance.read(stream, state)) batches.push(batch);
      return {
        batches,
        records: batches.flatMap((batch) => batch.records),
        state: batches.at(-1)?.state ?? state,
      };
    },
    close: async () => {
      await Promise.all(instances.map((instance) => instance.close()));
      await Promise.all(registries.map((registry) => registry.close()));
      await simulator.close();
      await dispatcher.close();
    },
  };
}
