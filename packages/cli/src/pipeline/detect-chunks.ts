/**
 * Runs the stateless stage of `openmdr detect` over its input in worker threads (or
 * in-process), handing the per-line results on in input order.
 *
 * @module
 */
import { createChunkPool } from './chunk-pool.js';
import {
  createDetectStage,
  type DetectChunk,
  type DetectLineResult,
  type DetectRuleProblem,
  type DetectStageSetup,
} from './detect-stage.js';
import { lineChunks } from './jsonl-chunks.js';
import { processInOrder } from './ordered.js';

/** The stateless stage of `detect` on `threads` threads (1: in-process). */
export interface DetectStagePool {
  /** Rule problems of the setup (from the first worker). */
  problems(): Promise<readonly DetectRuleProblem[]>;
  /**
   * Reads `input` in chunks and calls `each` with every chunk's results, in input order (the
   * next chunks are processed meanwhile, a bounded number at a time).
   */
  process(
    input: AsyncIterable<unknown>,
    each: (results: readonly DetectLineResult[]) => void | Promise<void>,
  ): Promise<void>;
  close(): Promise<void>;
}

/** Starts the stage's workers; each loads and compiles the rules. */
export function createDetectStagePool(setup: DetectStageSetup, threads: number): DetectStagePool {
  const pool = createChunkPool<DetectChunk | 'problems', unknown>({
    base: import.meta.url,
    worker: 'detect-worker',
    setup,
    threads,
    local: async (data) => {
      const stage = await createDetectStage(data as DetectStageSetup);
      return (task) => (task === 'problems' ? stage.problems : stage.run(task));
    },
    transfer: (task) =>
      typeof task === 'object' && typeof task.text === 'object'
        ? [task.text.buffer as ArrayBuffer]
        : [],
  });
  return {
    problems: async () => {
      await pool.ready();
      return (await pool.run('problems')) as DetectRuleProblem[];
    },
    async process(input, each) {
      let firstLine = 1;
      async function* chunks(): AsyncGenerator<DetectChunk> {
        for await (const bytes of lineChunks(input)) {
          const chunk = { text: bytes, firstLine };
          firstLine += newlines(bytes);
          yield chunk;
        }
      }
      await processInOrder(
        chunks(),
        async (chunk) => (await pool.run(chunk)) as DetectLineResult[],
        each,
        Math.max(2, pool.threads * 2),
      );
    },
    close: () => pool.close(),
  };
}

/** The newline bytes in `bytes`. */
function newlines(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 0;
  for (let at = buffer.indexOf(10); at >= 0; at = buffer.indexOf(10, at + 1)) count++;
  return count;
}
