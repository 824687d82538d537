/**
 * The shared shape of brute force and MFA fatigue: many failures for a key within a window,
 * then a success. Failures and successes are kept (bounded) so that late failures still
 * complete a sequence with a success that arrived before them.
 */

/** Per-key memory. */
export interface SequenceEntry {
  /** Failure times, ascending. */
  failures: number[];
  /** Success times not yet alerted on, ascending. */
  successes: number[];
  /** Success times already alerted on. */
  alerted: number[];
}

/** Options of a failures-then-success detector. */
export interface SequenceOptions {
  /** Failures needed before the success. */
  threshold: number;
  /** Window ending at the success. */
  windowMs: number;
  /** Times kept per key. Default 1000. */
  maxTimes?: number;
}

/** The sequences completed by adding one event. */
export interface SequenceHit {
  /** Time of the success. */
  success: number;
  /** Failures in the window before it. */
  failures: number[];
}

/** Adds a failure or success time to an entry; returns the new entry and completed sequences. */
export function addToSequence(
  held: SequenceEntry | undefined,
  kind: 'failure' | 'success',
  time: number,
  options: SequenceOptions,
): { entry: SequenceEntry; hits: SequenceHit[] } {
  const max = options.maxTimes ?? 1000;
  const entry: SequenceEntry = {
    failures: [...(held?.failures ?? [])],
    successes: [...(held?.successes ?? [])],
    alerted: [...(held?.alerted ?? [])],
  };
  if (kind === 'failure') entry.failures.push(time);
  else entry.successes.push(time);
  entry.failures.sort((left, right) => left - right);
  entry.successes.sort((left, right) => left - right);
  const hits: SequenceHit[] = [];
  for (const success of entry.successes) {
    if (entry.alerted.includes(success)) continue;
    const failures = entry.failures.filter(
      (failure) => failure <= success && failure > success - options.windowMs,
    );
    if (failures.length >= options.threshold) {
      hits.push({ success, failures });
      entry.alerted.push(success);
    }
  }
  const newest = Math.max(time, ...entry.failures, ...entry.successes);
  const horizon = newest - 2 * options.windowMs;
  entry.failures = entry.failures.filter((failure) => failure > horizon).slice(-max);
  entry.successes = entry.successes
    .filter((success) => success > horizon && !entry.alerted.includes(success))
    .slice(-max);
  entry.alerted = entry.alerted.filter((success) => success > horizon).slice(-max);
  return { entry, hits };
}
