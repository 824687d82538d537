import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';

/** A request budget: at most `requests` calls per `perMs` milliseconds, `maxConcurrent` at once. */
export interface RateLimitPolicy {
  /** Calls allowed per window. */
  requests: number;
  /** Window length in milliseconds. */
  perMs: number;
  /** Calls in flight at once. Default: unlimited. */
  maxConcurrent?: number | undefined;
}

/** Where the limiter keeps its state. */
export interface RateLimiterStore {
  /**
   * An ioredis client (a single node or a cluster). The limiter duplicates it, so the caller
   * keeps ownership of its client. Every limiter with the same key on the same Redis, in any
   * process, shares one budget (bottleneck's clustering mode).
   */
  redis: Redis;
}

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Tenant the budget belongs to. */
  tenant: string;
  /** Connector id. */
  connector: string;
  /** Vendor host (`api.crowdstrike.com`). */
  host: string;
  /** The budget. */
  policy: RateLimitPolicy;
  /** Share the budget through Redis; without it the budget is per process. */
  store?: RateLimiterStore;
  /**
   * Fraction of the spacing added as a safety margin against network jitter (requests sent
   * evenly can arrive bunched). Default 0.1 (10 %).
   */
  safetyMargin?: number;
}

/** Schedules calls under a vendor budget. */
export interface RateLimiter {
  /** The budget key: `openmdr:ratelimit:<tenant>:<connector>:<host>`. */
  readonly key: string;
  /** The policy enforced. */
  readonly policy: RateLimitPolicy;
  /** Runs `task` when the budget allows. */
  schedule<T>(task: () => Promise<T>): Promise<T>;
  /** Waits until Redis is connected (no-op in memory). */
  ready(): Promise<void>;
  /** Releases the limiter and its Redis connections. */
  close(): Promise<void>;
}

/** The key of a vendor budget: one per tenant × connector × host. */
export function rateLimitKey(tenant: string, connector: string, host: string): string {
  return `openmdr:ratelimit:${tenant}:${connector}:${host}`;
}

/**
 * Creates a limiter on bottleneck that spaces calls evenly so that no window of `perMs`
 * milliseconds holds more than `requests` calls (budgets above 1 000 calls per second use a
 * reservoir refilled every `perMs` instead). With a Redis store, limiters with the same key
 * in several processes coordinate through Redis.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { policy } = options;
  if (!(policy.requests > 0) || !(policy.perMs > 0)) {
    throw new RangeError('rate limit policy needs requests > 0 and perMs > 0');
  }
  const key = rateLimitKey(options.tenant, options.connector, options.host);
  const margin = options.safetyMargin ?? 0.1;
  const spacing = (policy.perMs / policy.requests) * (1 + margin);
  // Timers cannot space calls by less than a millisecond: budgets above 1 000 calls per second
  // use a reservoir refilled every window instead.
  const settings: Bottleneck.ConstructorOptions =
    spacing >= 1
      ? { id: key, minTime: Math.ceil(spacing), maxConcurrent: policy.maxConcurrent ?? null }
      : {
          id: key,
          maxConcurrent: policy.maxConcurrent ?? null,
          reservoir: Math.floor(policy.requests / (1 + margin)),
          reservoirRefreshAmount: Math.floor(policy.requests / (1 + margin)),
          reservoirRefreshInterval: policy.perMs,
        };
  let limiter: Bottleneck;
  let connection: Bottleneck.IORedisConnection | undefined;
  if (options.store) {
    connection = new Bottleneck.IORedisConnection({
      client: options.store.redis.duplicate(),
    });
    limiter = new Bottleneck({
      ...settings,
      datastore: 'ioredis',
      connection,
      clearDatastore: false,
      timeout: Math.max(60_000, policy.perMs * 10),
    });
  } else {
    limiter = new Bottleneck(settings);
  }
  let closed = false;
  return {
    key,
    policy,
    schedule: (task) => limiter.schedule(task),
    ready: async () => {
      await limiter.ready();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await limiter.disconnect(true);
      // a connection passed to bottleneck is not closed with the limiter: it is ours (duplicated)
      await connection?.disconnect(true);
    },
  };
}

/**
 * Hands out one limiter per budget key, so every client of the same tenant × connector × host in
 * a process shares the budget.
 */
export class RateLimiterRegistry {
  readonly #limiters = new Map<string, RateLimiter>();
  readonly #store: RateLimiterStore | undefined;

  /** @param store - share budgets through Redis. */
  constructor(store?: RateLimiterStore) {
    this.#store = store;
  }

  /** The limiter of a budget, created on first use with `policy`. */
  get(tenant: string, connector: string, host: string, policy: RateLimitPolicy): RateLimiter {
    const key = rateLimitKey(tenant, connector, host);
    let limiter = this.#limiters.get(key);
    if (!limiter) {
      limiter = createRateLimiter({
        tenant,
        connector,
        host,
        policy,
        ...(this.#store ? { store: this.#store } : {}),
      });
      this.#limiters.set(key, limiter);
    }
    return limiter;
  }

  /** Closes every limiter. */
  async close(): Promise<void> {
    await Promise.all([...this.#limiters.values()].map((limiter) => limiter.close()));
    this.#limiters.clear();
  }
}
