import type { Sleep } from '../http/sleep.js';

/** A {@link Sleep} that records every requested delay and waits at most `capMs` for real. */
export interface RecordingSleep {
  /** The sleep to inject. */
  sleep: Sleep;
  /** Every delay requested, in ms, in order. */
  readonly delays: number[];
}

/** Creates a {@link RecordingSleep}: tests assert the delays asked for without waiting them out. */
export function createRecordingSleep(capMs = 0): RecordingSleep {
  const delays: number[] = [];
  return {
    delays,
    sleep: (ms, signal) => {
      delays.push(ms);
      const wait = Math.min(ms, capMs);
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        setTimeout(resolve, wait);
      });
    },
  };
}
