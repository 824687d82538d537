import * as z from 'zod';
import { notificationFacts } from './format.js';
import { deliveryError, type HttpNotifierTransport, notifierHttpClient } from './http-delivery.js';
import type { Notification, NotificationSeverity, Notifier } from './notification.js';
import { notifierId, parseNotifierConfig, secretUrl } from './notifier-config.js';

const teamsConfigSchema = z.object({
  id: notifierId,
  /** The Workflows (Power Automate) webhook URL of the channel: a secret. */
  webhookUrl: secretUrl,
});

/** Options of {@link createTeamsNotifier}. */
export interface TeamsNotifierOptions extends HttpNotifierTransport {
  /** Unique among the router's notifiers. */
  id: string;
  /** The Workflows (Power Automate) webhook URL of the channel: a secret. */
  webhookUrl: string;
}

const COLOR: Record<NotificationSeverity, string> = {
  info: 'Default',
  low: 'Accent',
  medium: 'Warning',
  high: 'Attention',
  critical: 'Attention',
};

/**
 * The Teams message of a notification: a `message` with one Adaptive Card 1.4 attachment
 * (title, summary, a FactSet, an Open URL action), as the Workflows "post to a channel when a
 * webhook request is received" template expects.
 */
export function teamsMessage(notification: Notification): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    {
      type: 'TextBlock',
      text: notification.title,
      weight: 'Bolder',
      size: 'Medium',
      color: COLOR[notification.severity],
      wrap: true,
    },
    { type: 'TextBlock', text: notification.summary, wrap: true },
    {
      type: 'FactSet',
      facts: notificationFacts(notification).map(([title, value]) => ({ title, value })),
    },
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          ...(notification.url
            ? {
                actions: [
                  { type: 'Action.OpenUrl', title: 'Open in console', url: notification.url },
                ],
              }
            : {}),
        },
      },
    ],
  };
}

/**
 * A Microsoft Teams notifier over a Workflows webhook (answers `202 Accepted`; the retired
 * Office 365 connector webhooks answered `200`). 4xx fail at once, 429 and 5xx are retried by the
 * kit. Default budget: 4 messages per second per webhook.
 */
export function createTeamsNotifier(options: TeamsNotifierOptions): Notifier {
  const config = parseNotifierConfig(teamsConfigSchema, options, 'teams');
  const url = new URL(config.webhookUrl);
  const client = notifierHttpClient('teams', url, options, { requests: 4, perMs: 1_000 });
  return {
    id: config.id,
    kind: 'teams',
    async send(notification) {
      try {
        const response = await client.request({
          method: 'POST',
          path: url.toString(),
          json: teamsMessage(notification),
          responseType: 'text',
        });
        return { notifier: config.id, status: response.status };
      } catch (error) {
        throw deliveryError(config.id, error);
      }
    },
  };
}
