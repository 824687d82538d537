import { defineConfig } from 'tsup';
import { packageDefaults } from '../../tsup.shared.js';

export default defineConfig({
  ...packageDefaults(import.meta.url),
  // The worker threads of --threads sit beside index.js and bin.js (started by file name).
  entry: {
    index: 'src/index.ts',
    bin: 'src/bin.ts',
    'normalize-worker': 'src/pipeline/normalize-worker.ts',
    'detect-worker': 'src/pipeline/detect-worker.ts',
  },
});
