/** An epoch-ms time as ISO 8601 UTC with milliseconds, or `—` when it is not a valid time. */
export function formatTime(time: number | null | undefined): string {
  if (time === null || time === undefined || !Number.isFinite(time)) return '—';
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? '—' : date.toISOString();
}
