import { defineConfig } from 'vitest/config';

/** Unit and component tests: everything that runs without an external server. */
export default defineConfig({
  resolve: { conditions: ['@openmdr/source'] },
  ssr: { resolve: { conditions: ['@openmdr/source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/connectors/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'examples/*/src/**/*.test.ts',
      'docs/snippets/src/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**', '**/*.int.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
