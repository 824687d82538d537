import * as z from 'zod';
import { ZEEK_LOGS, type ZeekLog } from './zeek-log.js';

/** The configuration of the Zeek connector, one per sensor (or log directory). */
export const zeekConfigSchema = z.object({
  /**
   * Zeek's log directory (`/opt/zeek/logs/current`, Corelight's export directory): each stream
   * reads `<logDir>/<log>.*` — `conn.log` and its rotated names (`conn.log.1`,
   * `conn.00:00:00-01:00:00.log.gz`). Absolute, or relative to `cwd`.
   */
  logDir: z.string().min(1),
  /** Overrides the glob of some streams (`{ conn: '/data/zeek/**\/conn*.log*' }`). */
  paths: z.partialRecord(z.enum(ZEEK_LOGS), z.string().min(1)).default({}),
  /** Directory relative globs start from. Default: the process's working directory. */
  cwd: z.string().min(1).optional(),
  /** Lines per batch. Default 2 000. */
  batchLines: z.int().min(1).max(100_000).default(2_000),
});

/** A validated Zeek configuration. */
export type ZeekConfig = z.output<typeof zeekConfigSchema>;

/** The glob a stream of this configuration reads: its override, else `<logDir>/<log>.*`. */
export function zeekGlob(config: ZeekConfig, log: ZeekLog): string {
  return config.paths[log] ?? `${config.logDir.replace(/\/+$/, '')}/${log}.*`;
}
