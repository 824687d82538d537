import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { StorageError } from '../errors/runtime-errors.js';

/**
 * Takes the lock of a PGlite data directory: the file `<dataDir>.lock` beside it, holding the
 * owner's process id. PGlite itself does not stop two processes from opening one directory,
 * which would corrupt it. A lock left by a process that is gone (killed, crashed) is taken over.
 * @returns a function that releases the lock.
 * @throws StorageError with code `STORAGE_LOCKED` when a live process (or this one) holds it.
 */
export async function lockDirectory(dataDir: string): Promise<() => Promise<void>> {
  const path = `${resolve(dataDir)}.lock`;
  await mkdir(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      return async () => {
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StorageError(`cannot lock PGlite directory: ${(error as Error).message}`, {
          code: 'STORAGE_OPEN',
          cause: error,
          details: { dataDir },
        });
      }
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    // An empty file is a lock being written right now by another opener.
    if (!Number.isSafeInteger(owner) || owner <= 0 || owner === process.pid || isAlive(owner)) {
      throw new StorageError(
        `PGlite directory ${dataDir} is in use${owner > 0 ? ` by process ${owner}` : ''}: one process at a time`,
        { code: 'STORAGE_LOCKED', isRetryable: true, details: { dataDir, lockFile: path } },
      );
    }
    await rm(path, { force: true });
  }
  throw new StorageError(`PGlite directory ${dataDir} is in use: one process at a time`, {
    code: 'STORAGE_LOCKED',
    isRetryable: true,
    details: { dataDir, lockFile: path },
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
