import { readFileSync } from 'node:fs';
import type { Options } from 'tsup';

/**
 * The tsup options every OpenMDR package builds with: ESM for Node 20, declarations, source maps,
 * and the package's version injected as `__PACKAGE_VERSION__` (read by its `VERSION` export).
 *
 * @param configUrl `import.meta.url` of the package's `tsup.config.ts`
 */
export function packageDefaults(configUrl: string): Options {
  const pkg = JSON.parse(readFileSync(new URL('./package.json', configUrl), 'utf8')) as {
    version: string;
  };
  return {
    format: ['esm'],
    target: 'node20',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    define: { __PACKAGE_VERSION__: JSON.stringify(pkg.version) },
  };
}
