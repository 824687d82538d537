import type { Source, SourceBatch } from '../../src/pipeline/index.js';

/** Event of the deterministic test source. */
export interface NumberedEvent {
  n: number;
}

/**
 * A deterministic source of events 1..count in batches of `batchSize`; its position is the last
 * number read, so a restart resumes right after the committed one.
 */
export function numberedSource(options: {
  tenant: string;
  count: number;
  batchSize: number;
  name?: string;
  /** Called before each batch is yielded (to slow the source, or fail it). */
  beforeBatch?: (first: number) => Promise<void> | void;
}): Source<NumberedEvent, number> & { reads: number[] } {
  const reads: number[] = [];
  return {
    name: options.name ?? 'numbers',
    reads,
    async *read({ checkpoint, signal }): AsyncGenerator<SourceBatch<NumberedEvent, number>> {
      let next = (checkpoint ?? 0) + 1;
      reads.push(next);
      while (next <= options.count && !signal.aborted) {
        await options.beforeBatch?.(next);
        const last = Math.min(options.count, next + options.batchSize - 1);
        const events = [];
        for (let n = next; n <= last; n++) {
          events.push({ tenant: options.tenant, id: `event-${n}`, event: { n } });
        }
        yield { events, position: last };
        next = last + 1;
      }
    },
  };
}
