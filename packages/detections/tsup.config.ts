import { defineConfig } from 'tsup';
import { packageDefaults } from '../../tsup.shared.js';

export default defineConfig({
  ...packageDefaults(import.meta.url),
  // The Sigma worker thread's entry sits beside index.js (createSigmaWorkerPool starts it).
  entry: { index: 'src/index.ts', 'sigma-worker': 'src/sigma/workers/sigma-worker.ts' },
});
