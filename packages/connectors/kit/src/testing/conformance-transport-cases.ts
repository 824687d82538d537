import { expect } from 'vitest';
import { ConnectorHttpError } from '../errors/connector-errors.js';
import { RateLimiterRegistry } from '../http/rate-limiter.js';
import type { SimulatorFault } from '../simulator/simulator-types.js';
import type { TransportConformanceCase } from './conformance-cases.js';
import {
  dataRequests,
  expectedIds,
  expectNoDuplicates,
  expectSecretFree,
  idsOf,
} from './conformance-expectations.js';
import type { ConformanceHarness } from './conformance-harness.js';
import type { StreamConformanceContext } from './conformance-options.js';

type Body = <Stream extends string>(context: StreamConformanceContext<Stream>) => Promise<void>;

/** A full read under `faults` delivers every record once, then `check` looks at what happened. */
function faultRead(
  faults: readonly SimulatorFault[],
  check: (h: ConformanceHarness) => void,
): Body {
  return async ({ start, stream, spec: { dataset } }) => {
    const h = await start({ faults });
    const { records } = await h.readAll(await h.connect(), stream);
    const ids = idsOf(dataset, records);
    expectNoDuplicates(ids);
    expect([...ids].sort()).toEqual(expectedIds(dataset, h.simulator));
    check(h);
  };
}

/** A token expiring mid-pagination is refreshed and the read completes. */
const tokenExpiry: Body = async ({ start, stream, spec: { dataset } }) => {
  const h = await start({ faults: [{ type: 'token-expiry', at: [2] }] });
  const { records } = await h.readAll(await h.connect(), stream);
  expect([...idsOf(dataset, records)].sort()).toEqual(expectedIds(dataset, h.simulator));
  expect(h.simulator.tokensIssued).toBeGreaterThanOrEqual(2);
  expect(h.simulator.requests.some((request) => request.status === 401)).toBe(true);
};

/** The suite's body of each case about a stream's transport. */
export const transportCaseBodies: { readonly [Case in TransportConformanceCase]: Body } = {
  'rate-limit': async ({ start, stream }) => {
    // a tight budget, enforced by the simulator, and three reads at once sharing it: a connector
    // whose requests bypass the kit's limiter exceeds it
    const budget = { requests: 5, perMs: 250 };
    const h = await start({}, budget);
    const rateLimiters = new RateLimiterRegistry();
    const instances = await Promise.all([1, 2, 3].map(() => h.connect({ rateLimiters })));
    await Promise.all(instances.map((instance) => h.readAll(instance, stream)));
    expect(dataRequests(h.simulator).length, 'enough requests to reach the budget').toBeGreaterThan(
      budget.requests,
    );
    expect(h.simulator.rateLimitViolations, 'requests beyond the declared rate').toBe(0);
  },

  'token-refresh': tokenExpiry,
  'fault-token-expiry': tokenExpiry,

  'fault-429-retry-after': faultRead(
    [{ type: 'rate-limit', at: [2], retryAfterSeconds: 2 }],
    (h) => {
      expect(h.simulator.requests.some((request) => request.status === 429)).toBe(true);
      expect(
        h.delays.some((delay) => delay >= 2_000),
        `waited ${h.delays.join(',')}`,
      ).toBe(true);
    },
  ),

  'fault-429-http-date': faultRead(
    [{ type: 'rate-limit', at: [2], retryAfterSeconds: 3, header: 'http-date' }],
    (h) => {
      expect(
        h.delays.some((delay) => delay >= 1_500 && delay <= 4_000),
        `waited ${h.delays.join(',')}`,
      ).toBe(true);
    },
  ),

  'fault-429-reset-header': faultRead(
    [{ type: 'rate-limit', at: [2], retryAfterSeconds: 2, header: 'x-rate-limit-reset' }],
    (h) => {
      expect(
        h.delays.some((delay) => delay >= 500 && delay <= 3_000),
        `waited ${h.delays.join(',')}`,
      ).toBe(true);
    },
  ),

  'fault-5xx': faultRead([{ type: 'server-error', at: [2, 3] }], (h) => {
    expect(h.simulator.requests.filter((request) => request.status === 503).length).toBe(2);
  }),

  'fault-5xx-give-up': async ({ options, start, stream }) => {
    const h = await start({
      faults: [{ type: 'server-error', at: [1, 2, 3, 4, 5, 6], status: 502 }],
    });
    const instance = await h.connect({ retries: 2 });
    const error = await h.readAll(instance, stream).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(ConnectorHttpError.isInstance(error)).toBe(true);
    const httpError = error as ConnectorHttpError;
    expect(httpError.status).toBe(502);
    expect(httpError.isRetryable).toBe(true);
    expect(httpError.attempts).toBe(3);
    expectSecretFree(options.secrets, JSON.stringify(httpError.toJSON()));
    expect(JSON.stringify(httpError.request.headers)).not.toMatch(/Bearer [A-Za-z0-9]/);
  },

  'fault-slow': faultRead([{ type: 'slow', at: [2], delayMs: 1_500 }], (h) => {
    expect(h.simulator.requests.some((request) => request.fault === 'slow')).toBe(true);
    expect(h.delays.length).toBeGreaterThan(0);
  }),

  'fault-clock-offset': async ({ start, stream, spec: { dataset } }) => {
    for (const offset of [-600_000, 600_000]) {
      const h = await start({ clockOffsetMs: offset });
      const { records } = await h.readAll(await h.connect(), stream);
      expect([...idsOf(dataset, records)].sort(), `vendor clock offset ${offset} ms`).toEqual(
        expectedIds(dataset, h.simulator),
      );
    }
  },

  'secrets-redacted': async ({ options, start, stream }) => {
    const h = await start({
      faults: [
        { type: 'rate-limit', at: [2], retryAfterSeconds: 1 },
        { type: 'server-error', at: [3] },
        ...(options.capabilities.tokenRefresh ? [{ type: 'token-expiry', at: [4] } as const] : []),
      ],
    });
    const instance = await h.connect();
    const { batches } = await h.readAll(instance, stream);
    expectSecretFree(options.secrets, h.logs.join('\n'));
    expectSecretFree(options.secrets, JSON.stringify(batches.map((batch) => batch.state)));
    expectSecretFree(options.secrets, JSON.stringify(h.simulator.requests));
  },
};
