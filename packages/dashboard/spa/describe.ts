/**
 * One-line descriptions of case timeline entries and response commands, for the drill-down and
 * the approvals list. DOM-free, so they are unit-tested under Node.
 */
import type { CaseTimelineEntry } from '@openmdr/response';

/** What a timeline entry says, in a sentence fragment (`status new → triage by ana`). */
export function describeTimelineEvent(entry: Pick<CaseTimelineEntry, 'event'>): string {
  const event = entry.event;
  const by = 'by' in event && typeof event.by === 'string' ? ` by ${event.by}` : '';
  switch (event.type) {
    case 'created':
      return `created from ${event.source}${by}`;
    case 'finding':
      return `finding ${event.title ?? event.findingId}`;
    case 'status':
      return `status ${event.from} → ${event.to}${by}${event.reason ? `: ${event.reason}` : ''}`;
    case 'reopened':
      return `reopened${by}${event.reason ? `: ${event.reason}` : ''}`;
    case 'comment':
      return `comment${by}: ${event.text}`;
    case 'assigned':
      return `assigned to ${event.to ?? 'nobody'}${by}`;
    case 'severity':
      return `severity ${event.from} → ${event.to}${by}`;
    case 'priority':
      return `priority ${event.from} → ${event.to}${by}`;
    case 'observable':
      return `observable ${event.observable.type} ${event.observable.value}`;
    case 'technique':
      return `technique ${event.technique}`;
    case 'task.added':
      return `task added: ${event.task.title}`;
    case 'task.completed':
      return `task ${event.taskId} completed${by}`;
    case 'action':
      return `action ${event.action} ${event.status}`;
    case 'hunt':
      return `hunt ${event.name} on ${event.target}: ${event.hits} hit${event.hits === 1 ? '' : 's'}${by}`;
    case 'approval':
      return `approval ${event.decision} for ${event.actionId}${by}`;
    case 'merged':
      return `merged ${event.children.join(', ')}${by}`;
    case 'merged-into':
      return `merged into ${event.survivor}${by}`;
    case 'sla.paused':
      return `SLA paused${by}${event.reason ? `: ${event.reason}` : ''}`;
    case 'sla.resumed':
      return `SLA resumed${by}`;
    case 'regulatory':
      return `reportable breach (${[event.gdpr ? 'GDPR' : '', event.nis2 ? 'NIS2' : ''].filter(Boolean).join(', ') || 'none'})`;
    case 'regulatory.submitted':
      return `${event.clock} notification submitted${by}`;
    case 'verdict':
      return `verdict ${event.verdict} on ${event.subject}${by}: ${event.reason}`;
    case 'feedback':
      return `feedback ${event.score}${by}${event.comment ? `: ${event.comment}` : ''}`;
    case 'lesson':
      return `lesson ${event.title} (${event.status})`;
    case 'review':
      return `review v${event.version} ${event.status}${by}`;
    default:
      return (event as { type?: unknown }).type
        ? String((event as { type: unknown }).type)
        : 'event';
  }
}

/**
 * A response command in one line: `contain device host-7`, `disable er:account alice`. Accepts
 * any value (the API's `command` is validated server-side) and never throws.
 */
export function describeCommand(command: unknown): string {
  if (typeof command !== 'object' || command === null) return 'unknown command';
  const { action, target } = command as { action?: unknown; target?: unknown };
  const verb = typeof action === 'string' ? action : 'unknown';
  if (typeof target !== 'object' || target === null) return verb;
  const [type, value] = Object.entries(target)[0] ?? [];
  if (type === undefined) return verb;
  return `${verb} ${type} ${summarise(value)}`.trim();
}

function summarise(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(summarise).join(', ');
  if (typeof value === 'object' && value !== null) {
    return Object.values(value)
      .filter((part) => typeof part === 'string' || typeof part === 'number')
      .join(' ');
  }
  return '';
}
