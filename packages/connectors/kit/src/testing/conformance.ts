import type { Logger } from '@openmdr/core';
import { OpenMdrError, type TenantId, validateOcsfEvent } from '@openmdr/core';
import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { findSecretFields } from '../config/secret-field.js';
import type {
  ConnectorInstance,
  ConnectorV1,
  NormalizedEvent,
  ReadBatch,
} from '../connector/define-connector.js';
import { connectorManifestSchema } from '../connector/manifest.js';
import { ConnectorHttpError } from '../errors/connector-errors.js';
import type { HttpTimeouts } from '../http/http-client.js';
import { RateLimiterRegistry, type RateLimitPolicy } from '../http/rate-limiter.js';
import type {
  SimulatorFault,
  SimulatorRecord,
  VendorSimulatorOptions,
} from '../simulator/simulator-types.js';
import { createTestSecretProvider } from '../simulator/test-secret-provider.js';
import { createVendorSimulator, type VendorSimulator } from '../simulator/vendor-simulator.js';
import { createRecordingSleep } from './recording-sleep.js';

/** The cases of the conformance suite. */
export type ConformanceCase =
  | 'manifest'
  | 'config-schema'
  | 'check-good'
  | 'check-bad'
  | 'read-basic'
  | 'read-resume'
  | 'read-incremental'
  | 'rate-limit'
  | 'token-refresh'
  | 'ocsf-strict'
  | 'actions'
  | 'fault-429-retry-after'
  | 'fault-429-http-date'
  | 'fault-429-reset-header'
  | 'fault-5xx'
  | 'fault-5xx-give-up'
  | 'fault-slow'
  | 'fault-token-expiry'
  | 'fault-late-event'
  | 'fault-clock-offset'
  | 'secrets-redacted';

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

/** Options of {@link describeConnectorConformance}. */
export interface ConformanceOptions {
  /** Suite name. */
  name: string;
  /** Creates the connector under test. */
  create: () => ConnectorV1<unknown>;
  /** Simulator options for a scenario; the suite adds faults, clock offset and the declared rate limit. */
  simulator: (scenario: ConformanceScenario) => VendorSimulatorOptions;
  /** A good config for a running simulator (secret fields may be left to `secrets`). */
  config: (simulator: VendorSimulator) => unknown;
  /** The tenant's secrets, by secret name. */
  secrets: Readonly<Record<string, string>>;
  /** Bad configs: each must fail with a typed, secret-free error. */
  badConfigs: (simulator: VendorSimulator) => readonly BadConfig[];
  /** The stream to read. */
  stream: string;
  /** The dataset the stream reads, as the simulator serves it. */
  dataset: {
    /** Dataset path in the simulator. */
    path: string;
    /** Id field. */
    idField: string;
    /** Time field. */
    timeField: string;
    /** The stream's look-back, ms (late events are placed inside it). */
    lookbackMs: number;
    /** Builds a new record with id `id` at `time` (epoch ms). */
    record(id: string, time: number): SimulatorRecord;
  };
  /** Actions to run. */
  actions?: readonly ConformanceAction[];
  /** What the connector supports. */
  capabilities: {
    /** The auth scheme has tokens that expire (OAuth2): run the refresh cases. */
    tokenRefresh: boolean;
  };
  /** Timeouts given to the connector (the slow-response fault exceeds `headersMs`). Default 400 ms. */
  timeouts?: HttpTimeouts;
  /** Cases to skip, each with the reason. */
  skip?: Partial<Record<ConformanceCase, string>>;
  /** Tenant id. Default `conformance`. */
  tenant?: string;
}

interface Harness {
  simulator: VendorSimulator;
  delays: number[];
  logs: string[];
  connect(overrides?: {
    config?: unknown;
    secrets?: Readonly<Record<string, string>>;
    retries?: number;
    rateLimiters?: RateLimiterRegistry;
  }): Promise<ConnectorInstance>;
  readAll(
    instance: ConnectorInstance,
    state?: unknown,
  ): Promise<{ records: unknown[]; batches: ReadBatch[]; state: unknown }>;
  close(): Promise<void>;
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
 * The conformance suite every connector passes (vitest): manifest and config schema; good and
 * bad configs through `check()` (typed, secret-free errors); basic read; resume after a restart at
 * every batch boundary with no gap and no duplicate; incremental reads; the declared rate never
 * exceeded; token refresh; every normalised event strictly valid OCSF; action requests matching
 * their snapshots with asynchronous completion polled; and each injected fault (429 with
 * `Retry-After` seconds / HTTP-date / reset headers, 5xx retried and given up, slow responses,
 * token expiry mid-pagination, late events, vendor clock offset). Cases are skipped only
 * explicitly, with a reason.
 */
export function describeConnectorConformance(options: ConformanceOptions): void {
  const connector = options.create();
  const tenant = (options.tenant ?? 'conformance') as TenantId;
  const harnesses: Harness[] = [];

  async function harness(
    scenario: Partial<ConformanceScenario> = {},
    budget: RateLimitPolicy = connector.manifest.rateLimit,
  ): Promise<Harness> {
    const full: ConformanceScenario = {
      faults: scenario.faults ?? [],
      clockOffsetMs: scenario.clockOffsetMs ?? 0,
    };
    const simulatorOptions = options.simulator(full);
    const simulator = await createVendorSimulator({
      ...simulatorOptions,
      faults: full.faults,
      clockOffsetMs: full.clockOffsetMs,
      rateLimit: {
        requests: budget.requests,
        perMs: budget.perMs,
      },
    });
    const dispatcher = new Agent({ keepAliveTimeout: 1_000 });
    const registries: RateLimiterRegistry[] = [];
    const recording = createRecordingSleep(5);
    const logs: string[] = [];
    const instances: ConnectorInstance[] = [];
    const h: Harness = {
      simulator,
      delays: recording.delays,
      logs,
      connect: async (overrides = {}) => {
        const registry = overrides.rateLimiters ?? new RateLimiterRegistry();
        registries.push(registry);
        const instance = await connector.connect({
          tenant,
          config: overrides.config ?? options.config(simulator),
          secrets: createTestSecretProvider(overrides.secrets ?? options.secrets),
          dispatcher,
          rateLimiters: registry,
          ...(budget === connector.manifest.rateLimit ? {} : { rateLimit: budget }),
          sleep: recording.sleep,
          logger: captureLogger(logs),
          timeouts: options.timeouts ?? { headersMs: 400, bodyMs: 400 },
          retry: { retries: overrides.retries ?? 4, minDelayMs: 20, maxDelayMs: 200 },
        });
        instances.push(instance);
        return instance;
      },
      readAll: async (instance, state) => {
        const batches: ReadBatch[] = [];
        for await (const batch of instance.read(options.stream, state)) batches.push(batch);
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
    harnesses.push(h);
    return h;
  }

  const idsOf = (records: readonly unknown[]) =>
    records.map((record) => String((record as Record<string, unknown>)[options.dataset.idField]));
  const expectedIds = (simulator: VendorSimulator) =>
    idsOf(simulator.records(options.dataset.path)).sort();
  const expectNoDuplicates = (ids: readonly string[]) => {
    const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
    expect(duplicates, 'duplicate records delivered').toEqual([]);
  };
  const allSecrets = () => Object.values(options.secrets).filter((value) => value.length >= 6);
  const expectSecretFree = (text: string) => {
    for (const value of allSecrets())
      expect(text.includes(value), 'a secret value leaked').toBe(false);
  };

  const test = (name: ConformanceCase, body: () => Promise<void>, timeout = 20_000) => {
    const reason = options.skip?.[name];
    if (reason) it.skip(`${name} — skipped: ${reason}`, body);
    else it(name, body, timeout);
  };

  describe(`connector conformance: ${options.name}`, () => {
    afterAll(async () => {
      await Promise.all(harnesses.map((h) => h.close()));
    });

    test('manifest', async () => {
      expect(connector.specificationVersion).toBe('v1');
      const parsed = connectorManifestSchema.safeParse(connector.manifest);
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true);
      expect(Object.keys(connector.manifest.streams)).toContain(options.stream);
      for (const action of options.actions ?? [])
        expect(Object.keys(connector.manifest.actions)).toContain(action.name);
    });

    test('config-schema', async () => {
      const schema = connector.configJsonSchema();
      expect(schema['type'] ?? schema['anyOf'] ?? schema['oneOf']).toBeDefined();
      const secretsFound = findSecretFields(connector.configSchema);
      const text = JSON.stringify(schema);
      if (secretsFound.length > 0) expect(text).toContain('"x-openmdr-secret":true');
      const h = await harness();
      const instanceConfig = options.config(h.simulator);
      const redacted = JSON.stringify(connector.redactConfig(instanceConfig as never));
      expectSecretFree(redacted);
    });

    test('check-good', async () => {
      const h = await harness();
      const instance = await h.connect();
      await expect(instance.check()).resolves.toBeUndefined();
    });

    test('check-bad', async () => {
      const h = await harness();
      const cases = options.badConfigs(h.simulator);
      expect(cases.length, 'declare at least one bad config').toBeGreaterThan(0);
      for (const bad of cases) {
        let caught: unknown;
        try {
          const instance = await h.connect({
            config: bad.config,
            ...(bad.secrets ? { secrets: bad.secrets } : {}),
          });
          await instance.check();
        } catch (error) {
          caught = error;
        }
        expect(OpenMdrError.isInstance(caught), `${bad.name}: a typed OpenMdrError`).toBe(true);
        const error = caught as OpenMdrError;
        expect(error.code, bad.name).toBe(bad.code);
        const texts = [error.message, JSON.stringify(error.toJSON()), String(error.stack)];
        for (const value of [...allSecrets(), ...Object.values(bad.secrets ?? {})].filter(
          (v) => v.length >= 6,
        )) {
          for (const text of texts)
            expect(text.includes(value), `${bad.name}: secret in error`).toBe(false);
        }
      }
    });

    test('read-basic', async () => {
      const h = await harness();
      const instance = await h.connect();
      const { records, batches } = await h.readAll(instance);
      const dataRequests = h.simulator.requests.filter(
        (request) => !request.path.includes('token'),
      );
      expect(
        dataRequests.length,
        'fixtures must span several pages, so faults land mid-pagination',
      ).toBeGreaterThanOrEqual(2);
      const ids = idsOf(records);
      expectNoDuplicates(ids);
      expect([...ids].sort()).toEqual(expectedIds(h.simulator));
      expect(batches.length).toBeGreaterThan(0);
      for (const batch of batches) expect(() => JSON.stringify(batch.state)).not.toThrow();
    });

    test('read-resume', async () => {
      const h = await harness();
      const delivered: string[] = [];
      let state: unknown;
      // crash and restart right after every batch that delivered records: a fresh instance
      // resumes from the last committed state (batches re-read inside the look-back are empty)
      for (let round = 0; round < 200; round += 1) {
        const instance = await h.connect();
        let progressed = false;
        for await (const batch of instance.read(options.stream, state)) {
          state = JSON.parse(JSON.stringify(batch.state));
          if (batch.records.length > 0) {
            delivered.push(...idsOf(batch.records));
            progressed = true;
            break;
          }
        }
        if (!progressed) break;
      }
      expectNoDuplicates(delivered);
      expect([...delivered].sort()).toEqual(expectedIds(h.simulator));
    });

    test('read-incremental', async () => {
      const h = await harness();
      const first = await h.readAll(await h.connect());
      const base = h.simulator.now();
      const added = ['incremental-1', 'incremental-2', 'incremental-3'];
      added.forEach((id, index) => {
        h.simulator.addRecord(
          options.dataset.path,
          options.dataset.record(id, base - 3_000 + index * 1_000),
        );
      });
      const second = await h.readAll(await h.connect(), JSON.parse(JSON.stringify(first.state)));
      expect(idsOf(second.records).sort()).toEqual(added);
      const third = await h.readAll(await h.connect(), second.state);
      expect(idsOf(third.records)).toEqual([]);
    });

    test('rate-limit', async () => {
      // a tight budget, enforced by the simulator, and three reads at once sharing it: a connector
      // whose requests bypass the kit's limiter exceeds it
      const budget = { requests: 5, perMs: 250 };
      const h = await harness({}, budget);
      const rateLimiters = new RateLimiterRegistry();
      const instances = await Promise.all([1, 2, 3].map(() => h.connect({ rateLimiters })));
      await Promise.all(instances.map((instance) => h.readAll(instance)));
      const dataRequests = h.simulator.requests.filter(
        (request) => !request.path.includes('token'),
      );
      expect(dataRequests.length, 'enough requests to reach the budget').toBeGreaterThan(
        budget.requests,
      );
      expect(h.simulator.rateLimitViolations, 'requests beyond the declared rate').toBe(0);
    });

    const tokenCase = (name: ConformanceCase) =>
      test(name, async () => {
        if (!options.capabilities.tokenRefresh) return;
        const h = await harness({ faults: [{ type: 'token-expiry', at: [2] }] });
        const { records } = await h.readAll(await h.connect());
        expect([...idsOf(records)].sort()).toEqual(expectedIds(h.simulator));
        expect(h.simulator.tokensIssued).toBeGreaterThanOrEqual(2);
        expect(h.simulator.requests.some((request) => request.status === 401)).toBe(true);
      });
    if (options.capabilities.tokenRefresh) {
      tokenCase('token-refresh');
      tokenCase('fault-token-expiry');
    } else {
      it.skip('token-refresh — skipped: the auth scheme has no expiring tokens', () => {});
      it.skip('fault-token-expiry — skipped: the auth scheme has no expiring tokens', () => {});
    }

    test('ocsf-strict', async () => {
      const h = await harness();
      const instance = await h.connect();
      const { records } = await h.readAll(instance);
      expect(records.length).toBeGreaterThan(0);
      const batch = instance.normalizeBatch(options.stream, records);
      expect(batch.deadLetters.map((letter) => letter.error.message)).toEqual([]);
      for (const event of batch.events as NormalizedEvent[]) {
        const result = validateOcsfEvent(event, { mode: 'strict' });
        expect(result.errors, JSON.stringify(result.errors)).toEqual([]);
        expect(result.ok).toBe(true);
        const classes = instance.manifest.streams[options.stream]?.ocsfClasses ?? [];
        expect(classes.length).toBeGreaterThan(0);
      }
    });

    test('actions', async () => {
      const actions = options.actions ?? [];
      expect(actions.length, 'declare the actions to run (or skip with a reason)').toBe(
        Object.keys(connector.manifest.actions).length,
      );
      const h = await harness();
      const instance = await h.connect();
      await instance.check();
      for (const action of actions) {
        h.simulator.clearRecording();
        const output = await instance.runAction(action.name, action.input, {
          pollIntervalMs: 10,
          timeoutMs: 10_000,
        });
        const declared = connector.manifest.actions[action.name];
        expect(declared?.output.safeParse(output).success).toBe(true);
        const dataRequests = h.simulator.requests.filter(
          (request) => !request.path.includes('token'),
        );
        const first = dataRequests[0];
        expect(first && { method: first.method, path: first.path, body: first.body }).toEqual({
          method: action.expectedRequest.method,
          path: action.expectedRequest.path,
          body: action.expectedRequest.body,
        });
        if (declared?.asynchronous) {
          expect(
            dataRequests.length,
            `${action.name}: asynchronous completion polled`,
          ).toBeGreaterThan(1);
        }
      }
    });

    const faultRead = (
      name: ConformanceCase,
      faults: readonly SimulatorFault[],
      check: (h: Harness) => void,
    ) =>
      test(name, async () => {
        const h = await harness({ faults });
        const { records } = await h.readAll(await h.connect());
        const ids = idsOf(records);
        expectNoDuplicates(ids);
        expect([...ids].sort()).toEqual(expectedIds(h.simulator));
        check(h);
      });

    faultRead(
      'fault-429-retry-after',
      [{ type: 'rate-limit', at: [2], retryAfterSeconds: 2 }],
      (h) => {
        expect(h.simulator.requests.some((request) => request.status === 429)).toBe(true);
        expect(
          h.delays.some((delay) => delay >= 2_000),
          `waited ${h.delays.join(',')}`,
        ).toBe(true);
      },
    );
    faultRead(
      'fault-429-http-date',
      [{ type: 'rate-limit', at: [2], retryAfterSeconds: 3, header: 'http-date' }],
      (h) => {
        expect(
          h.delays.some((delay) => delay >= 1_500 && delay <= 4_000),
          `waited ${h.delays.join(',')}`,
        ).toBe(true);
      },
    );
    faultRead(
      'fault-429-reset-header',
      [{ type: 'rate-limit', at: [2], retryAfterSeconds: 2, header: 'x-rate-limit-reset' }],
      (h) => {
        expect(
          h.delays.some((delay) => delay >= 500 && delay <= 3_000),
          `waited ${h.delays.join(',')}`,
        ).toBe(true);
      },
    );
    faultRead('fault-5xx', [{ type: 'server-error', at: [2, 3] }], (h) => {
      expect(h.simulator.requests.filter((request) => request.status === 503).length).toBe(2);
    });

    test('fault-5xx-give-up', async () => {
      const h = await harness({
        faults: [{ type: 'server-error', at: [1, 2, 3, 4, 5, 6], status: 502 }],
      });
      const instance = await h.connect({ retries: 2 });
      const error = await h.readAll(instance).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(ConnectorHttpError.isInstance(error)).toBe(true);
      const httpError = error as ConnectorHttpError;
      expect(httpError.status).toBe(502);
      expect(httpError.isRetryable).toBe(true);
      expect(httpError.attempts).toBe(3);
      expectSecretFree(JSON.stringify(httpError.toJSON()));
      expect(JSON.stringify(httpError.request.headers)).not.toMatch(/Bearer [A-Za-z0-9]/);
    });

    faultRead('fault-slow', [{ type: 'slow', at: [2], delayMs: 1_500 }], (h) => {
      expect(h.simulator.requests.some((request) => request.fault === 'slow')).toBe(true);
      expect(h.delays.length).toBeGreaterThan(0);
    });

    test('fault-late-event', async () => {
      const h = await harness();
      const first = await h.readAll(await h.connect());
      const watermark = Math.max(
        ...h.simulator.records(options.dataset.path).map((record) => {
          const value = record[options.dataset.timeField];
          return typeof value === 'number' ? value : Date.parse(String(value));
        }),
      );
      const late = options.dataset.record(
        'late-1',
        watermark - Math.floor(options.dataset.lookbackMs / 2),
      );
      h.simulator.addRecord(options.dataset.path, late);
      const second = await h.readAll(await h.connect(), first.state);
      expect(idsOf(second.records)).toEqual(['late-1']);
      const all = [...idsOf(first.records), ...idsOf(second.records)];
      expectNoDuplicates(all);
      expect(all.sort()).toEqual(expectedIds(h.simulator));
    });

    test('fault-clock-offset', async () => {
      for (const offset of [-600_000, 600_000]) {
        const h = await harness({ clockOffsetMs: offset });
        const { records } = await h.readAll(await h.connect());
        expect([...idsOf(records)].sort(), `vendor clock offset ${offset} ms`).toEqual(
          expectedIds(h.simulator),
        );
      }
    });

    test('secrets-redacted', async () => {
      const h = await harness({
        faults: [
          { type: 'rate-limit', at: [2], retryAfterSeconds: 1 },
          { type: 'server-error', at: [3] },
          ...(options.capabilities.tokenRefresh
            ? [{ type: 'token-expiry', at: [4] } as const]
            : []),
        ],
      });
      const instance = await h.connect();
      const { batches } = await h.readAll(instance);
      expectSecretFree(h.logs.join('\n'));
      expectSecretFree(JSON.stringify(batches.map((batch) => batch.state)));
      expectSecretFree(JSON.stringify(h.simulator.requests));
    });
  });
}
