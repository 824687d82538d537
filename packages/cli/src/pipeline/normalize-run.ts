/**
 * The processing body of `openmdr normalize`: JSON lines go to worker threads in chunks (built-in
 * sources, `--threads` above 1), output in input order; other inputs (a Zeek TSV log, one JSON
 * document, a custom source) and `--threads 1` are normalised in-process, record by record.
 *
 * @module
 */
import type { CommandIo } from '../command.js';
import { type NormalizeSource, readRecords } from '../commands/normalize.js';
import { createChunkPool } from './chunk-pool.js';
import { CHUNK_BYTES } from './jsonl-chunks.js';
import {
  type NormalizeChunk,
  type NormalizeRecordOptions,
  normalizeChunk,
  normalizeRecord,
} from './normalize-lines.js';
import type { NormalizeWorkerSetup } from './normalize-worker.js';
import { processInOrder, writeWithDrain } from './ordered.js';

/** What `normalize` was asked to do, its input already read. */
export interface NormalizeRun extends NormalizeRecordOptions {
  readonly text: string;
  readonly source: NormalizeSource;
  /** True when workers can find `source` by id among the built-in sources. */
  readonly builtIn: boolean;
  readonly threads: number;
}

/** Normalises the input; resolves to the exit code (1 when a record failed). */
export async function runNormalize(run: NormalizeRun, io: CommandIo): Promise<number> {
  const text = run.text.startsWith('\uFEFF') ? run.text.slice(1) : run.text;
  const options = { includeRawData: run.includeRawData, validate: run.validate };
  if (run.threads > 1 && run.builtIn && isJsonLines(text)) {
    const setup: NormalizeWorkerSetup = { source: run.source.id, ...options };
    const pool = createChunkPool<NormalizeChunk, { out: string; failed: number }>({
      base: import.meta.url,
      worker: 'normalize-worker',
      setup,
      threads: run.threads,
      local: async () => (chunk) => normalizeChunk(run.source, chunk, options),
    });
    let failed = 0;
    try {
      await pool.ready();
      await processInOrder(
        textChunks(text),
        (chunk) => pool.run(chunk),
        async (result) => {
          failed += result.failed;
          await writeWithDrain(io.stdout, result.out);
        },
        run.threads * 2,
      );
    } finally {
      await pool.close();
    }
    return failed > 0 ? 1 : 0;
  }
  let failed = 0;
  let out = '';
  for (const record of readRecords(text)) {
    const result = normalizeRecord(run.source, record, options);
    if (result.failed) failed++;
    out += `${JSON.stringify(result.output)}\n`;
    if (out.length >= CHUNK_BYTES) {
      await writeWithDrain(io.stdout, out);
      out = '';
    }
  }
  await writeWithDrain(io.stdout, out);
  return failed > 0 ? 1 : 0;
}

/**
 * True when `readRecords` reads `text` line by line as JSON: its first non-blank line is JSON
 * (not a Zeek `#separator` header, not the start of a multi-line document).
 */
function isJsonLines(text: string): boolean {
  const match = /[^\s]/.exec(text);
  if (match === null) return false;
  const end = text.indexOf('\n', match.index);
  const first = text.slice(match.index, end < 0 ? text.length : end).replace(/\r$/, '');
  if (first.startsWith('#separator')) return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}

/** `text` in chunks of whole lines, about {@link CHUNK_BYTES} characters each. */
function* textChunks(text: string): Generator<NormalizeChunk> {
  let start = 0;
  let firstLine = 1;
  while (start < text.length) {
    let cut = text.indexOf('\n', Math.min(text.length, start + CHUNK_BYTES));
    if (cut < 0) cut = text.length;
    const chunk = text.slice(start, cut);
    yield { text: chunk, firstLine };
    for (let at = chunk.indexOf('\n'); at >= 0; at = chunk.indexOf('\n', at + 1)) firstLine++;
    firstLine++;
    start = cut + 1;
  }
}
