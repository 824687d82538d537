import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/testing/index.ts',
    'src/simulators/index.ts',
    'src/rest/index.ts',
    'src/windows/index.ts',
    'src/crowdstrike/index.ts',
    'src/defender/index.ts',
    'src/sentinelone/index.ts',
    'src/okta/index.ts',
    'src/entra/index.ts',
  ],
  format: ['esm'],
  target: 'node20',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
});
