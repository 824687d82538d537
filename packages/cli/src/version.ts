/**
 * The version of `@openmdr/cli`, read from its package.json when asked.
 *
 * @module
 */
import { readFileSync } from 'node:fs';

/**
 * The `version` of the CLI package's package.json (next to `src/` and `dist/`), read at run time
 * so that `openmdr --version` always says what is installed.
 */
export function cliVersion(): string {
  const manifest = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as { version?: unknown };
  return String(manifest.version);
}
