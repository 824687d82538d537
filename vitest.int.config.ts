import { defineConfig } from 'vitest/config';

// In CI the servers must be there: without this check a service that failed to start would turn
// every integration test into a silent skip.
if (
  process.env['CI'] &&
  (!process.env['OPENMDR_TEST_PG_URL'] ||
    !process.env['OPENMDR_TEST_REDIS_URL'] ||
    !process.env['OPENMDR_TEST_CHROMIUM'])
) {
  throw new Error(
    'integration tests in CI need OPENMDR_TEST_PG_URL, OPENMDR_TEST_REDIS_URL and OPENMDR_TEST_CHROMIUM (run .ci/services.sh start)',
  );
}

/**
 * Integration tests that need real servers (PostgreSQL, Redis) or a browser (Chromium). `.ci/run` installs and starts
 * them and sets OPENMDR_TEST_PG_URL / OPENMDR_TEST_REDIS_URL / OPENMDR_TEST_CHROMIUM.
 */
export default defineConfig({
  resolve: { conditions: ['@openmdr/source'] },
  ssr: { resolve: { conditions: ['@openmdr/source'] } },
  test: {
    include: [
      'packages/*/src/**/*.int.test.ts',
      'packages/connectors/*/src/**/*.int.test.ts',
      'packages/*/test/**/*.int.test.ts',
      'examples/*/src/**/*.int.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
