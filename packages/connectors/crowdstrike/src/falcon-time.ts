/** 100-nanosecond intervals between 1601-01-01 (Windows FILETIME) and the Unix epoch, in ms. */
const FILETIME_EPOCH_MS = 11_644_473_600_000;

/**
 * Epoch milliseconds from any of the time encodings Falcon uses: epoch seconds (`1686839378`,
 * or FDR's `"1625677521.137"` with a fraction), epoch milliseconds (`1686845212400`, FDR's
 * `timestamp` as a string), microseconds, nanoseconds (XDR's `StartTimeEpoch`,
 * `1643317697728000000`), or a Windows FILETIME (`133221234560000000`, the identity-protection
 * `ContextTimeStamp`), told apart by magnitude. `undefined` for anything else, zero and negative values (Falcon writes `0`
 * for "not set").
 */
export function falconTime(value: unknown): number | undefined {
  let number: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value)) number = value;
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) number = Number(value);
  if (number === undefined || number <= 0) return undefined;
  if (number > 1e18) return Math.round(number / 1e6); // epoch nanoseconds (XDR)
  if (number > 1e16) return Math.round(number / 10_000 - FILETIME_EPOCH_MS);
  if (number > 1e14) return Math.round(number / 1000); // epoch microseconds
  if (number > 1e11) return Math.round(number);
  return Math.round(number * 1000);
}
