import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';

/**
 * Where the writer puts finished objects: a local directory today, an S3 bucket later. A key is
 * a `/`-separated path relative to the lake's root (the bucket).
 */
export interface ObjectSink {
  /** Stores one object under `key`, replacing any object already there. */
  put(key: string, bytes: Uint8Array): Promise<void>;
}

/**
 * An {@link ObjectSink} that writes each object as a file under `root` (directories made as
 * needed), through a temporary name and a rename so that a reader never sees half a file.
 *
 * @example
 * ```ts
 * const sink = localDirectorySink('/var/lib/openmdr/lake');
 * await sink.put('ext/openmdr/region=eu-west-1/accountId=123456789012/eventDay=20260302/a.parquet', bytes);
 * ```
 */
export function localDirectorySink(root: string): ObjectSink {
  return {
    async put(key, bytes) {
      const relative = normalize(key);
      if (isAbsolute(relative) || relative.split(sep).includes('..') || relative === '.') {
        throw new RangeError(`object key outside the lake: '${key}'`);
      }
      const path = join(root, relative);
      await mkdir(dirname(path), { recursive: true });
      const partial = `${path}.${process.pid}.partial`;
      await writeFile(partial, bytes);
      await rename(partial, path);
    },
  };
}
