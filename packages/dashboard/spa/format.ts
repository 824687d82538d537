/**
 * Formatting helpers of the dashboard: durations, countdowns, times and labels. DOM-free, so they
 * are unit-tested under Node.
 */

/** Case severities, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;

/** A duration as the largest two units: `2d 3h`, `4h 05m`, `12m 30s`, `45s`; `–` for null. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const sign = ms < 0 ? '-' : '';
  const seconds = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days > 0) return `${sign}${days}d ${hours}h`;
  if (hours > 0) return `${sign}${hours}h ${pad(minutes)}m`;
  if (minutes > 0) return `${sign}${minutes}m ${pad(rest)}s`;
  return `${sign}${rest}s`;
}

/**
 * A live countdown to a deadline: `01:02:03` left, `3d 04:05:06` for more than a day, and
 * `overdue 00:00:12` once passed. Whole seconds, rounded so that it changes once a second.
 */
export function formatCountdown(remainingMs: number): string {
  const overdue = remainingMs < 0;
  const total = overdue ? Math.floor(-remainingMs / 1000) : Math.ceil(remainingMs / 1000);
  const days = Math.floor(total / 86_400);
  const clock = `${pad(Math.floor((total % 86_400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  const text = days > 0 ? `${days}d ${clock}` : clock;
  return overdue ? `overdue ${text}` : text;
}

/** An epoch-ms time as `YYYY-MM-DD HH:MM` in UTC; `–` for null. */
export function formatTime(epochMs: number | null | undefined): string {
  if (epochMs === null || epochMs === undefined || !Number.isFinite(epochMs)) return '–';
  const date = new Date(epochMs);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** How long ago, coarse: `just now`, `5m ago`, `3h ago`, `2d ago`; `never` for null. */
export function formatAgo(epochMs: number | null | undefined, now: number): string {
  if (epochMs === null || epochMs === undefined || !Number.isFinite(epochMs)) return 'never';
  const ms = now - epochMs;
  if (ms < 60_000) return 'just now';
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m ago`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)}h ago`;
  return `${Math.floor(ms / 86_400_000)}d ago`;
}

/** An integer with thin grouping: `12 345`. */
export function formatCount(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

/** The label of an SLA metric (`mttd` → `MTTD`, `timeToContain` → `time to contain`). */
export function metricLabel(metric: string): string {
  if (/^mtt[a-z]$/i.test(metric)) return metric.toUpperCase();
  return metric.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Sorts severities most severe first; unknown ones last, alphabetically. */
export function severityRank(severity: string): number {
  const index = (SEVERITIES as readonly string[]).indexOf(severity);
  return index === -1 ? SEVERITIES.length : index;
}

/**
 * A CSS-safe token of a free-form value (a kind, a status) for a class name: lower-case letters,
 * digits and dashes only.
 */
export function cssToken(value: string): string {
  const token = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return token === '' ? 'unknown' : token;
}

/** Truncates to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
