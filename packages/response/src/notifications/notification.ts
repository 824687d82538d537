import type { JsonValue, TenantId } from '@openmdr/core';

/** How urgent a notification is, lowest first. */
export const NOTIFICATION_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;

/** A notification severity. */
export type NotificationSeverity = (typeof NOTIFICATION_SEVERITIES)[number];

/**
 * What happened. The bus events OpenMDR maps (`incident.created`, `approval.requested`,
 * `action.completed`, `sla.at-risk`, `sla.breached`, `regulatory.at-risk`,
 * `regulatory.breached`, `finding.created`) and the case events an embedder sends itself
 * (`case.status-changed`, `case.assigned`, …); any other dotted name is allowed too.
 */
export type NotificationEvent =
  | 'finding.created'
  | 'incident.created'
  | 'incident.updated'
  | 'case.status-changed'
  | 'case.assigned'
  | 'approval.requested'
  | 'approval.decided'
  | 'action.completed'
  | 'sla.at-risk'
  | 'sla.breached'
  | 'regulatory.at-risk'
  | 'regulatory.breached'
  | (string & {});

/** One thing to tell people about. */
export interface Notification {
  /** The tenant it concerns. */
  tenant: TenantId;
  /** What happened. */
  event: NotificationEvent;
  /** How urgent. */
  severity: NotificationSeverity;
  /** One line. */
  title: string;
  /** A few sentences. */
  summary: string;
  /**
   * Identifies the thing notified about (an incident id, an SLA clock): repeated notifications
   * with the same key are throttled by the router, and PagerDuty groups them into one alert.
   */
  dedupKey: string;
  /** When it happened (epoch ms). */
  occurredAt: number;
  /** The case it concerns. */
  caseId?: string;
  /** The incident it concerns. */
  incidentId?: string;
  /** A link to the case or incident in the embedder's console. */
  url?: string;
  /**
   * For incident-paging notifiers (PagerDuty): open, acknowledge or resolve the alert of
   * `dedupKey`. Default `trigger`.
   */
  lifecycle?: 'trigger' | 'acknowledge' | 'resolve';
  /** Extra facts shown as a table (host, user, rule, metric, due time…). */
  fields?: Record<string, string>;
  /** Anything else, passed through to JSON receivers (the generic webhook). */
  details?: Record<string, JsonValue>;
}

/** What a notifier reports after a delivery. */
export interface NotificationReceipt {
  /** The notifier. */
  notifier: string;
  /** HTTP status or SMTP response code. */
  status: number;
  /** The vendor's id of the delivery, when it returns one (PagerDuty dedup key, SMTP message id). */
  id?: string;
  /** Attempts made (retries included). */
  attempts?: number;
}

/** Sends notifications to one destination (a Slack channel, a PagerDuty service, a mailbox…). */
export interface Notifier {
  /** Unique among the router's notifiers. */
  readonly id: string;
  /** `slack`, `teams`, `pagerduty`, `email`, `webhook`, or an embedder's own kind. */
  readonly kind: string;
  /** Delivers one notification; throws a `NotificationDeliveryError` when it cannot. */
  send(notification: Notification): Promise<NotificationReceipt>;
  /** Releases connections. */
  close?(): Promise<void>;
}

/** `true` when `severity` is at least `minimum`. */
export function severityAtLeast(
  severity: NotificationSeverity,
  minimum: NotificationSeverity,
): boolean {
  return NOTIFICATION_SEVERITIES.indexOf(severity) >= NOTIFICATION_SEVERITIES.indexOf(minimum);
}

/** The notification severity of an OCSF `severity_id` (1 informational … 5 critical, 6 fatal). */
export function severityFromOcsf(severityId: unknown): NotificationSeverity {
  const id = typeof severityId === 'number' ? severityId : 0;
  if (id >= 5) return 'critical';
  if (id === 4) return 'high';
  if (id === 3) return 'medium';
  if (id === 2) return 'low';
  return 'info';
}
