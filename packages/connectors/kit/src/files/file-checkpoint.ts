import * as z from 'zod';
import { ConnectorStateError } from '../errors/connector-errors.js';
import { fingerprintOf } from './fingerprint.js';

/**
 * Where reading stands in one file: its identity, the offset after the last line delivered, and
 * a fingerprint of its first bytes, which tells a reused inode, a truncated-and-rewritten file or
 * a copy apart from the file the offset belongs to. (Type aliases, not interfaces, so the state
 * is assignable to `VersionedState`.)
 */
export type FileCheckpoint = {
  /** The file's identity, `<device>:<inode>`. */
  id: string;
  /** The path the file had when last seen (informative: files are matched by identity). */
  path: string;
  /**
   * Bytes consumed: the offset just after the last line delivered (always a line boundary; in
   * the decompressed stream for gzip files).
   */
  offset: number;
  /** SHA-256 (hex, 128 bits) of the file's first `fingerprintBytes` bytes (decompressed). */
  fingerprint: string;
  /** How many leading bytes the fingerprint covers (fewer than the window while the file is small). */
  fingerprintBytes: number;
  /**
   * A gzip file: read whole, offsets count decompressed bytes. Informative: whether a file is
   * gzip is told by its first bytes each time it is opened, never by this flag.
   */
  gzip?: boolean;
  /** A gzip file read to its end: never read again while it keeps its identity. */
  complete?: boolean;
};

/**
 * A file that left the glob (deleted, renamed out of it, truncated or replaced), remembered by
 * content: a file that appears later with the same first bytes (the gzip of a rotated file, the
 * copy of a copy-truncate rotation, the same file after a move or a device renumbering) resumes
 * at this offset instead of being read again.
 */
export type RetiredFile = {
  /** The path the file had when it was retired. */
  path: string;
  /** Bytes consumed when it was retired. */
  offset: number;
  /** The fingerprint of its first bytes. */
  fingerprint: string;
  /** How many leading bytes the fingerprint covers. */
  fingerprintBytes: number;
};

/** The state of a file tail: one checkpoint per file followed, and the recently retired files. */
export type FileTailState = {
  /** State schema version (1). */
  version: 1;
  /** One checkpoint per file followed, by path. */
  files: FileCheckpoint[];
  /** Recently retired files, oldest first (bounded by `maxRetired`). */
  retired: RetiredFile[];
};

/** The state version a file tail writes. */
export const FILE_TAIL_STATE_VERSION = 1;

const offset = z.number().int().nonnegative();
const fingerprint = z.string().regex(/^[0-9a-f]{32}$/);
// The fingerprint is optional on input: states written before it was kept still load.
const retiredSchema = z.object({
  path: z.string(),
  offset,
  fingerprint: fingerprint.optional(),
  fingerprintBytes: offset.optional(),
});
const stateSchema = z.object({
  version: z.literal(FILE_TAIL_STATE_VERSION),
  files: z.array(
    retiredSchema.extend({
      id: z.string().regex(/^\d+:\d+$/),
      gzip: z.boolean().optional(),
      complete: z.boolean().optional(),
    }),
  ),
  retired: z.array(retiredSchema),
});

/** The fingerprint of zero bytes: what a checkpoint without one knows of its file's content. */
const NOTHING_KNOWN = { fingerprint: fingerprintOf(new Uint8Array(0)), fingerprintBytes: 0 };

/** A stored fingerprint, or (absent or half there) the fingerprint of zero bytes. */
function fingerprintIn(stored: {
  fingerprint?: string | undefined;
  fingerprintBytes?: number | undefined;
}): Pick<FileCheckpoint, 'fingerprint' | 'fingerprintBytes'> {
  if (stored.fingerprint === undefined || stored.fingerprintBytes === undefined)
    return { ...NOTHING_KNOWN };
  return { fingerprint: stored.fingerprint, fingerprintBytes: stored.fingerprintBytes };
}

/**
 * Checks a stored state and returns it typed (`undefined` for a first run: an empty state).
 * A checkpoint stored without a fingerprint gets the fingerprint of zero bytes (it resumes at
 * its offset and takes the file's fingerprint on the next check); a retired file without one,
 * which could never be recognised, is dropped.
 *
 * @throws ConnectorStateError when it is not a file tail state of version 1.
 */
export function parseFileTailState(state: unknown): FileTailState {
  if (state === undefined || state === null) return { version: 1, files: [], retired: [] };
  const result = stateSchema.safeParse(state);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConnectorStateError('not a file tail state', {
      details: {
        field: issue?.path.join('.') ?? '',
        problem: issue?.message ?? 'invalid',
      },
    });
  }
  const files = result.data.files.map((file) => {
    const checkpoint: FileCheckpoint = {
      id: file.id,
      path: file.path,
      offset: file.offset,
      ...fingerprintIn(file),
    };
    if (file.gzip) checkpoint.gzip = true;
    if (file.complete) checkpoint.complete = true;
    return checkpoint;
  });
  const retired: RetiredFile[] = [];
  for (const entry of result.data.retired) {
    if (entry.fingerprint === undefined || entry.fingerprintBytes === undefined) continue;
    retired.push({
      path: entry.path,
      offset: entry.offset,
      fingerprint: entry.fingerprint,
      fingerprintBytes: entry.fingerprintBytes,
    });
  }
  return { version: 1, files, retired };
}
