import { defineConfig } from 'tsup';
import { packageDefaults } from '../../tsup.shared.js';

export default defineConfig({
  ...packageDefaults(import.meta.url),
  entry: ['src/index.ts'],
});
