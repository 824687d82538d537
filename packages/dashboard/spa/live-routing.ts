/**
 * Which panels of the page a live event makes stale, and how long to wait before reconnecting the
 * event stream. DOM-free, so it is unit-tested under Node.
 */

/** A panel of the page that loads its data on its own. */
export type Panel =
  | 'overview'
  | 'findings'
  | 'trends'
  | 'cases'
  | 'detail'
  | 'sla'
  | 'approvals'
  | 'connectors'
  | 'runs';

/** Every panel, in the order they load. */
export const ALL_PANELS: readonly Panel[] = [
  'overview',
  'findings',
  'trends',
  'cases',
  'detail',
  'sla',
  'approvals',
  'connectors',
  'runs',
];

/**
 * The panels to refetch after a bus event of type `type` (`finding.created`, `approval.decided`,
 * …). `overflow` (the server dropped events) makes every panel stale; unknown types none.
 */
export function panelsForEvent(type: string): readonly Panel[] {
  if (type === 'overflow') return ALL_PANELS;
  const family = type.split('.')[0] ?? '';
  switch (family) {
    case 'finding':
      return ['findings', 'overview'];
    case 'incident':
    case 'case':
      return ['cases', 'detail', 'overview', 'trends', 'sla'];
    case 'approval':
      return ['approvals', 'overview', 'detail'];
    case 'sla':
    case 'regulatory':
      return ['sla', 'overview', 'cases'];
    case 'action':
    case 'playbook':
      return ['runs', 'detail'];
    case 'event':
    case 'checkpoint':
    case 'stream':
    case 'connector':
    case 'pipeline':
      return ['connectors', 'overview'];
    default:
      return [];
  }
}

/**
 * Delay before reconnect attempt `attempt` (0 for the first): 1 s doubling to at most 30 s, with
 * `jitter` (0–1, e.g. `Math.random()`) spreading it by up to ±20 %.
 */
export function reconnectDelay(attempt: number, jitter: number): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, Math.min(attempt, 10)));
  return Math.round(base * (0.8 + 0.4 * Math.min(1, Math.max(0, jitter))));
}
