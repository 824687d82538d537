import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads an OCSF fixture of a connector (`packages/connectors/<name>/src/__fixtures__/<file>`). */
export function connectorFixture(connector: string, file: string): Record<string, unknown>[] {
  const path = join(
    import.meta.dirname,
    '..',
    '..',
    'connectors',
    connector,
    'src',
    '__fixtures__',
    file,
  );
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[];
}

/** A member at a dotted path of a plain object (test-side reader, independent of the package's). */
export function pick(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
