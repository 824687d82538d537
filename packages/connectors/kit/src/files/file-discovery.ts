import type { BigIntStats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { glob } from 'tinyglobby';
import type { FileTailSettings } from './file-tail-settings.js';
import { fileIdOf } from './tracked-file.js';

/** The regular files of a glob by identity, with the path and stats each was found with. */
export type FoundFiles = Map<string, { path: string; stats: BigIntStats }>;

/** True for a "no such file" error: a file that went between the glob and its use. */
export function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT';
}

/**
 * The regular files matching the tail's glob now, by identity (the first path, sorted, of a
 * file linked twice). A file that cannot be examined (other than gone) goes to `unreadable`.
 */
export async function discoverFiles(
  settings: Pick<FileTailSettings, 'patterns' | 'cwd' | 'ignore'>,
  unreadable: (path: string, error: unknown) => void,
): Promise<FoundFiles> {
  const { patterns, cwd, ignore } = settings;
  const paths = await glob(patterns, {
    ...(cwd === undefined ? {} : { cwd }),
    ignore,
    absolute: true,
    onlyFiles: true,
    dot: true,
    expandDirectories: false,
    followSymbolicLinks: true,
  });
  paths.sort();
  const found: FoundFiles = new Map();
  for (const path of paths) {
    let stats: BigIntStats;
    try {
      stats = await stat(path, { bigint: true });
    } catch (error) {
      if (!isMissing(error)) unreadable(path, error);
      continue;
    }
    if (!stats.isFile()) continue;
    const id = fileIdOf(stats);
    if (!found.has(id)) found.set(id, { path, stats });
  }
  return found;
}
