/** `metadata.product` of every Microsoft Sentinel event. */
export const SENTINEL_PRODUCT = {
  name: 'Microsoft Sentinel',
  vendor_name: 'Microsoft',
} as const;

/** OCSF `verdict_id` of a Sentinel classification; 0 (Unknown) when absent or undetermined. */
export function sentinelVerdictId(classification: string | undefined): number {
  switch (classification?.toLowerCase()) {
    case undefined:
    case 'undetermined':
      return 0;
    case 'falsepositive':
      return 1;
    case 'truepositive':
      return 2;
    case 'benignpositive':
      return 5;
    default:
      return 99;
  }
}

/** The epoch ms of an ISO time, NaN when absent or unparseable. */
export function msOf(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}
