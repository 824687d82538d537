/**
 * Order statistics and moments for the network analytics: robust ones (median, quartiles,
 * median absolute deviation, Bowley skewness) that a few outliers do not move, next to the
 * classical mean, standard deviation and coefficient of variation for the explanations.
 */

/** Quantile `q` (0–1) of ascending `sorted` values, linear between order statistics. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  return low + ((sorted[upper] as number) - low) * (position - lower);
}

/** Summary of a sample. */
export interface SampleSummary {
  /** Values summarised. */
  readonly count: number;
  /** The median (second quartile). */
  readonly median: number;
  /** First quartile. */
  readonly q1: number;
  /** Third quartile. */
  readonly q3: number;
  /** Median absolute deviation from the median (unscaled). */
  readonly mad: number;
  /**
   * Bowley (quartile) skewness, `(q3 + q1 − 2·median) / (q3 − q1)`, in −1…1; 0 for a symmetric
   * sample and when `q3 = q1`.
   */
  readonly skewness: number;
  /** Arithmetic mean. */
  readonly mean: number;
  /** Population standard deviation. */
  readonly stdDev: number;
  /** `stdDev / mean` (0 when the mean is 0). */
  readonly cv: number;
}

/** Summarises `values` (any order; not modified). */
export function summarise(values: readonly number[]): SampleSummary {
  const sorted = [...values].sort((left, right) => left - right);
  const count = sorted.length;
  const median = quantile(sorted, 0.5);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const deviations = sorted.map((value) => Math.abs(value - median)).sort((l, r) => l - r);
  const mad = quantile(deviations, 0.5);
  let sum = 0;
  for (const value of sorted) sum += value;
  const mean = count === 0 ? Number.NaN : sum / count;
  let squares = 0;
  for (const value of sorted) squares += (value - mean) ** 2;
  const stdDev = count === 0 ? Number.NaN : Math.sqrt(squares / count);
  const spread = q3 - q1;
  return {
    count,
    median,
    q1,
    q3,
    mad,
    skewness: spread > 0 ? (q3 + q1 - 2 * median) / spread : 0,
    mean,
    stdDev,
    cv: mean > 0 ? stdDev / mean : 0,
  };
}

/** Clamps to 0–1. */
export function clamp01(value: number): number {
  return Math.max(0, Math.min(1, value));
}

/** Rounds to `digits` decimals (for evidence and messages). */
export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
