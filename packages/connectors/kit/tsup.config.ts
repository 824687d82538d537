import { defineConfig } from 'tsup';
import { packageDefaults } from '../../../tsup.shared.js';

export default defineConfig({
  ...packageDefaults(import.meta.url),
  entry: [
    'src/index.ts',
    'src/aws/index.ts',
    'src/bench/index.ts',
    'src/normalize/index.ts',
    'src/simulator/index.ts',
    'src/testing/index.ts',
  ],
});
