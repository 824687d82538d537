import { access, constants } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConnectorConfigError } from '@openmdr/connector-kit';
import type { SuricataConfig } from './config.js';
import { SuricataHealthMonitor } from './stats.js';

/** What a connected Suricata connector holds: the health its `stats` records report. */
export interface SuricataClient {
  /** The latest sensor health, from the `stats` records read. */
  readonly health: SuricataHealthMonitor;
}

/** Creates the client of a connected instance. */
export function createSuricataClient(): SuricataClient {
  return { health: new SuricataHealthMonitor() };
}

const GLOB_CHARACTER = /[*?[\]{}!]/;

/** The directory a glob pattern starts in: its segments up to the first with a glob character. */
export function globBase(pattern: string): string {
  const segments = pattern.split('/');
  const index = segments.findIndex((segment) => GLOB_CHARACTER.test(segment));
  if (index < 0) return dirname(pattern);
  return segments.slice(0, index).join('/') || '/';
}

/**
 * Checks that the directory of every configured pattern can be read (the files themselves may
 * not exist yet: Suricata creates `eve.json` when it starts).
 *
 * @throws {ConnectorConfigError} naming the pattern whose directory is missing or unreadable.
 */
export async function checkPaths(config: SuricataConfig): Promise<void> {
  const patterns = typeof config.paths === 'string' ? [config.paths] : config.paths;
  for (const pattern of patterns) {
    const base = globBase(pattern);
    try {
      await access(base, constants.R_OK | constants.X_OK);
    } catch {
      throw new ConnectorConfigError('suricata', [
        { path: 'paths', message: `the directory of ${pattern} (${base}) cannot be read` },
      ]);
    }
  }
}
