import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.js';

const url = process.env['OPENMDR_TEST_REDIS_URL'];
const run = promisify(execFile);

describe.skipIf(!url)('rate limiter on Redis (bottleneck clustering)', () => {
  const redis = url ? new Redis(url) : undefined;
  afterAll(async () => {
    await redis?.quit();
  });

  it('two limiters on separate Redis clients share one budget', async () => {
    if (!redis) return;
    const tenant = `int-${randomUUID()}`;
    const policy = { requests: 10, perMs: 500 };
    const a = createRateLimiter({ tenant, connector: 'c', host: 'h', policy, store: { redis } });
    const b = createRateLimiter({
      tenant,
      connector: 'c',
      host: 'h',
      policy,
      store: { redis: new Redis(url as string) },
    });
    await Promise.all([a.ready(), b.ready()]);
    const times: number[] = [];
    const job = async () => {
      times.push(Date.now());
    };
    await Promise.all([
      ...Array.from({ length: 10 }, () => a.schedule(job)),
      ...Array.from({ length: 10 }, () => b.schedule(job)),
    ]);
    await Promise.all([a.close(), b.close()]);
    times.sort((x, y) => x - y);
    // one shared budget: 20 calls spaced ~55 ms apart take ~1 s; two separate budgets would take ~0.5 s
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(19 * 50);
    for (let i = 10; i < times.length; i += 1) {
      expect(
        (times[i] ?? 0) - (times[i - 10] ?? 0),
        'no 500 ms window holds more than 10 calls',
      ).toBeGreaterThanOrEqual(490);
    }
  });

  it('two limiters in separate processes share one budget', async () => {
    if (!url) return;
    const tenant = `int-${randomUUID()}`;
    const script = new URL('./rate-limiter-worker.int-fixture.ts', import.meta.url).pathname;
    const worker = () =>
      run(
        process.execPath,
        ['--import', 'tsx', '--conditions=@openmdr/source', script, url, tenant, '8'],
        {
          cwd: new URL('../..', import.meta.url).pathname,
        },
      );
    const [first, second] = await Promise.all([worker(), worker()]);
    const times = [...JSON.parse(first.stdout), ...JSON.parse(second.stdout)].sort(
      (x: number, y: number) => x - y,
    );
    expect(times).toHaveLength(16);
    for (let i = 10; i < times.length; i += 1) {
      expect(
        times[i] - times[i - 10],
        'no 500 ms window holds more than 10 calls',
      ).toBeGreaterThanOrEqual(490);
    }
  }, 30_000);
});
