/** How a file tail finds and reads its files. */
export interface FileTailOptions {
  /**
   * The files to follow: glob pattern(s) (tinyglobby syntax: `*`, `**`, `{a,b}`), absolute or
   * relative to `cwd`. Include the names files are rotated to (`conn.log*`, `*.log.gz`) so
   * that a file rotated while the tail is stopped is finished from its checkpoint.
   */
  glob: string | readonly string[];
  /** Directory relative patterns start from. Default `process.cwd()`. */
  cwd?: string | undefined;
  /** Patterns of files to leave out. */
  ignore?: string | readonly string[] | undefined;
  /** Longest line delivered, in bytes without its terminator; longer ones are dead-lettered. Default 1 MiB. */
  maxLineBytes?: number | undefined;
  /** Bytes read at a time from a file. Default 1 MiB. */
  readBytes?: number | undefined;
  /**
   * A batch is yielded once it holds at least this many lines (checked after each read of
   * `readBytes`), and at the end of each pass. Default 2 000.
   */
  batchLines?: number | undefined;
  /** Leading bytes of a file fingerprinted to tell files apart. Default 1 024. */
  fingerprintBytes?: number | undefined;
  /** Retired files remembered by content in the state. Default 128. */
  maxRetired?: number | undefined;
  /**
   * What to do with a last line that has no newline when its file is known complete (the end of
   * a gzip file; a file deleted or renamed out of the glob, read to its end): `deliver` it, or
   * `keep` waiting (it is never delivered). A file still in the glob is never complete. Default
   * `deliver`.
   */
  partialLastLine?: 'deliver' | 'keep' | undefined;
  /**
   * Leading lines starting with this prefix form the file's header: they are not delivered as
   * lines but attached to every line of the file (`FileLine.header`), and read again from the
   * start of the file after a restart. Zeek TSV logs: `'#'`.
   */
  headerPrefix?: string | undefined;
  /** Stops reading (between reads; the last batch yielded stays valid). */
  signal?: AbortSignal | undefined;
}
