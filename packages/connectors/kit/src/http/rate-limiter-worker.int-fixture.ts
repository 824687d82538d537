// Child process of rate-limiter.int.test.ts: schedules N calls under a Redis-backed limiter and
// prints their start times as JSON.
import { Redis } from 'ioredis';
import { createRateLimiter } from './rate-limiter.js';

const [url, tenant, count] = process.argv.slice(2);
const redis = new Redis(String(url));
const limiter = createRateLimiter({
  tenant: String(tenant),
  connector: 'c',
  host: 'h',
  policy: { requests: 10, perMs: 500 },
  store: { redis },
});
await limiter.ready();
const times: number[] = [];
await Promise.all(
  Array.from({ length: Number(count) }, () =>
    limiter.schedule(async () => {
      times.push(Date.now());
    }),
  ),
);
await limiter.close();
await redis.quit();
process.stdout.write(JSON.stringify(times));
