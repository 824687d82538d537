import {
  type FileLine,
  type StreamDefinition,
  tailFiles,
  type VersionedState,
} from '@openmdr/connector-kit';
import { type ZeekConfig, zeekGlob } from './config.js';
import { normalizeZeek } from './normalize.js';
import { ZEEK_LOGS, type ZeekLog, type ZeekStreamId, zeekStreamId } from './zeek-log.js';

/** One Zeek stream's batch: the file tail's, without `#` lines (TSV `#close` and the like). */
interface ZeekBatch {
  readonly records: FileLine[];
  readonly state: VersionedState;
}

/**
 * Reads the files of one Zeek log with the kit's tailing file source: `headerPrefix: '#'` keeps
 * a TSV file's `#separator`…`#types` header with each of its lines, and the `#close` line at
 * the end of a finished TSV file is dropped (it is the only other `#` line Zeek writes).
 */
export async function* readZeekLog(
  log: ZeekLog,
  config: ZeekConfig,
  state: VersionedState | undefined,
  signal?: AbortSignal,
): AsyncGenerator<ZeekBatch> {
  for await (const batch of tailFiles({
    glob: zeekGlob(config, log),
    cwd: config.cwd,
    state,
    signal,
    headerPrefix: '#',
    batchLines: config.batchLines,
  })) {
    yield {
      ...batch,
      records: batch.records.filter((line) => !line.text.startsWith('#')),
    };
  }
}

/** The stream of one Zeek log: tail its files, normalise each line as that log. */
export function zeekStream(log: ZeekLog): StreamDefinition<ZeekConfig, null> {
  return {
    read: (session, state) => readZeekLog(log, session.config, state, session.signal),
    normalize: (raw) => normalizeZeek(raw, log),
  };
}

/** Every Zeek stream, by stream id (the log name in kebab-case: `smb-files` reads smb_files.log). */
export const zeekStreams = Object.fromEntries(
  ZEEK_LOGS.map((log) => [zeekStreamId(log), zeekStream(log)]),
) as Record<ZeekStreamId, StreamDefinition<ZeekConfig, null>>;
