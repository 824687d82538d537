import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { openStore } from '../src/index.js';
import { describeStoreContract } from './support/store-contract.js';

const url = process.env['OPENMDR_TEST_REDIS_URL'];
const prefixes: string[] = [];

describe.skipIf(!url)('redis adapter', () => {
  afterAll(async () => {
    const redis = new Redis(url!);
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
  });

  describeStoreContract('redis', {
    open: async (clock) => {
      const keyPrefix = `openmdr-test-${randomUUID()}`;
      prefixes.push(keyPrefix);
      return openStore({ kind: 'redis', url: url!, keyPrefix, clock });
    },
    injectedClock: false,
  });
});
