import { defineConfig } from 'vitest/config';

/**
 * Integration tests that need real servers (PostgreSQL, Redis). `.ci/run` installs and starts
 * them and sets OPENMDR_TEST_PG_URL / OPENMDR_TEST_REDIS_URL.
 */
export default defineConfig({
  resolve: { conditions: ['@openmdr/source'] },
  ssr: { resolve: { conditions: ['@openmdr/source'] } },
  test: {
    include: ['packages/*/src/**/*.int.test.ts', 'packages/*/test/**/*.int.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
