import * as z from 'zod';
import { deliveryError, type HttpNotifierTransport, notifierHttpClient } from './http-delivery.js';
import type { Notification, NotificationSeverity, Notifier } from './notification.js';
import { notifierId, parseNotifierConfig, secretString } from './notifier-config.js';

const pagerDutyConfigSchema = z.object({
  id: notifierId,
  /** The integration's routing key (Events API v2): a secret. */
  routingKey: secretString,
  /** Events API endpoint. Default `https://events.pagerduty.com/v2/enqueue` (EU: `events.eu.pagerduty.com`). */
  eventsUrl: z.url({ protocol: /^https?$/ }).default('https://events.pagerduty.com/v2/enqueue'),
  /** `payload.source` when the notification names no host. Default `openmdr`. */
  source: z.string().min(1).default('openmdr'),
});

/** Options of {@link createPagerDutyNotifier}. */
export interface PagerDutyNotifierOptions extends HttpNotifierTransport {
  /** Unique among the router's notifiers. */
  id: string;
  /** The integration's routing key (Events API v2): a secret. */
  routingKey: string;
  /** Events API endpoint. Default `https://events.pagerduty.com/v2/enqueue` (EU: `events.eu.pagerduty.com`). */
  eventsUrl?: string;
  /** `payload.source` when the notification names no host. Default `openmdr`. */
  source?: string;
}

/** PagerDuty's four severities. */
const SEVERITY: Record<NotificationSeverity, 'critical' | 'error' | 'warning' | 'info'> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'info',
  info: 'info',
};

/**
 * The Events API v2 event of a notification: `trigger` with a payload (summary ≤ 1024
 * characters, source, severity, timestamp, class, group, custom details), or `acknowledge` /
 * `resolve` of the alert with the same `dedup_key`.
 */
export function pagerDutyEvent(
  notification: Notification,
  routingKey: string,
  source = 'openmdr',
): Record<string, unknown> {
  const action = notification.lifecycle ?? 'trigger';
  const event: Record<string, unknown> = {
    routing_key: routingKey,
    event_action: action,
    dedup_key: notification.dedupKey.slice(0, 255),
  };
  if (action !== 'trigger') return event;
  event.payload = {
    summary: `${notification.title}: ${notification.summary}`.slice(0, 1024),
    source: notification.fields?.['host'] ?? notification.fields?.['Host'] ?? source,
    severity: SEVERITY[notification.severity],
    timestamp: new Date(notification.occurredAt).toISOString(),
    component: notification.event,
    group: notification.tenant,
    class: notification.event,
    custom_details: {
      tenant: notification.tenant,
      ...(notification.caseId ? { case: notification.caseId } : {}),
      ...(notification.incidentId ? { incident: notification.incidentId } : {}),
      ...notification.fields,
    },
  };
  if (notification.url) event.links = [{ href: notification.url, text: 'Open in console' }];
  return event;
}

/**
 * A PagerDuty notifier (Events API v2): POSTs to `/v2/enqueue`; `202 {status: "success",
 * dedup_key}` is a delivery (the receipt's `id` is PagerDuty's dedup key); `400 invalid event`
 * fails at once with PagerDuty's errors; `429` and 5xx are retried by the kit. Use the
 * notification's `lifecycle` to acknowledge or resolve. Default budget: 120 events per minute
 * per routing key.
 */
export function createPagerDutyNotifier(options: PagerDutyNotifierOptions): Notifier {
  const config = parseNotifierConfig(pagerDutyConfigSchema, options, 'pagerduty');
  const url = new URL(config.eventsUrl);
  const client = notifierHttpClient('pagerduty', url, options, { requests: 120, perMs: 60_000 });
  return {
    id: config.id,
    kind: 'pagerduty',
    async send(notification) {
      try {
        const response = await client.request<{ status?: string; dedup_key?: string }>({
          method: 'POST',
          path: url.toString(),
          json: pagerDutyEvent(notification, config.routingKey, config.source),
        });
        return {
          notifier: config.id,
          status: response.status,
          ...(response.data?.dedup_key ? { id: response.data.dedup_key } : {}),
        };
      } catch (error) {
        throw deliveryError(config.id, error);
      }
    },
  };
}
