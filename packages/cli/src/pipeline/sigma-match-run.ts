/**
 * The processing body of `openmdr sigma match`: rules compiled in worker threads (or
 * in-process with one thread), JSON-lines chunks matched there, matches written in input order.
 *
 * @module
 */
import { createSigmaWorkerPool } from '@openmdr/detections';
import { type CommandIo, UsageError } from '../command.js';
import type { Progress } from '../io/progress.js';
import { lineChunks } from './jsonl-chunks.js';
import { processInOrder, writeWithDrain } from './ordered.js';

/** What `sigma match` was asked to do. */
export interface SigmaMatchRun {
  readonly rules: readonly string[];
  /** A file, or `-` for standard input. */
  readonly events: string;
  readonly input: string;
  /** Worker threads; 1 matches in-process. */
  readonly threads: number;
  /** Opens the events (a file, `-` for standard input; gzip decoded, counted for progress). */
  readonly open: (events: string) => Promise<NodeJS.ReadableStream>;
  /** Writes a line that `--quiet` drops (the inert-rule warnings). */
  readonly note: (line: string) => void;
  /** The progress line (rules loaded). */
  readonly progress: Progress;
}

/** Runs `sigma match`; resolves to the exit code (1 when a rule or an event line failed). */
export async function runSigmaMatch(run: SigmaMatchRun, io: CommandIo): Promise<number> {
  const pool = createSigmaWorkerPool({ rules: run.rules, input: run.input, threads: run.threads });
  try {
    const report = await pool.ready();
    let failures = 0;
    let errors = '';
    for (const problem of report.errors) {
      failures++;
      errors += `${JSON.stringify({ rule_error: problem })}\n`;
    }
    if (errors !== '') io.stderr.write(errors);
    // Inert rules (placeholders without values) load but never match: said, not a failure.
    for (const warning of report.warnings) run.note(JSON.stringify({ rule_warning: warning }));
    run.progress.rules(report.rules.length);
    const stream = await run.open(run.events);
    let offset = 0;
    const chunks = readOrFail(lineChunks(stream), run.events);
    await processInOrder(
      chunks,
      (chunk) => pool.matchLines(chunk),
      async (result) => {
        let out = '';
        let problems = '';
        for (const line of result.results) {
          const event = offset + line.line;
          if ('error' in line) {
            failures++;
            problems += `${JSON.stringify({ event, error: line.error })}\n`;
            continue;
          }
          for (const match of line.matches) {
            out += `${JSON.stringify({ event, rule_id: match.ruleId ?? null, title: match.title, level: match.level ?? null })}\n`;
          }
        }
        offset += result.lines;
        if (problems !== '') io.stderr.write(problems);
        await writeWithDrain(io.stdout, out);
      },
      Math.max(2, pool.threads * 2),
    );
    return failures > 0 ? 1 : 0;
  } finally {
    await pool.close();
  }
}

/** The chunks of `source`; a read failure becomes a usage error naming the input. */
async function* readOrFail(
  source: AsyncIterable<Uint8Array>,
  events: string,
): AsyncGenerator<Uint8Array> {
  try {
    yield* source;
  } catch (readError) {
    throw new UsageError(`cannot read events from ${events}: ${(readError as Error).message}`);
  }
}
