import * as z from 'zod';
import { escapeMarkup, notificationFacts } from './format.js';
import { deliveryError, type HttpNotifierTransport, notifierHttpClient } from './http-delivery.js';
import type { Notification, NotificationSeverity, Notifier } from './notification.js';
import { notifierId, parseNotifierConfig, secretUrl } from './notifier-config.js';

const slackConfigSchema = z.object({
  id: notifierId,
  /** The incoming-webhook URL (`https://hooks.slack.com/services/T…/B…/…`): a secret. */
  webhookUrl: secretUrl,
});

/** Options of {@link createSlackNotifier}. */
export interface SlackNotifierOptions extends HttpNotifierTransport {
  /** Unique among the router's notifiers (letters, digits, `.`, `_`, `-`). */
  id: string;
  /** The incoming-webhook URL (`https://hooks.slack.com/services/T…/B…/…`): a secret. */
  webhookUrl: string;
}

const EMOJI: Record<NotificationSeverity, string> = {
  info: ':information_source:',
  low: ':large_blue_circle:',
  medium: ':large_yellow_circle:',
  high: ':large_orange_circle:',
  critical: ':red_circle:',
};

/** The Slack message (Block Kit) of a notification: header, summary, facts, link. */
export function slackMessage(notification: Notification): Record<string, unknown> {
  const facts = notificationFacts(notification);
  const blocks: Record<string, unknown>[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: notification.title.slice(0, 150), emoji: true },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${EMOJI[notification.severity]} ${escapeMarkup(notification.summary).slice(0, 2900)}`,
      },
    },
    {
      type: 'section',
      fields: facts.slice(0, 10).map(([label, value]) => ({
        type: 'mrkdwn',
        text: `*${escapeMarkup(label)}*\n${escapeMarkup(value)}`.slice(0, 2000),
      })),
    },
  ];
  if (notification.url) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open in console' },
          url: notification.url,
        },
      ],
    });
  }
  // `text` is the fallback shown in notifications and by clients without Block Kit.
  return {
    text: `[${notification.severity.toUpperCase()}] ${escapeMarkup(notification.title)}`,
    blocks,
  };
}

/**
 * A Slack notifier over an incoming webhook. Slack answers `200 ok`; `400 invalid_payload`,
 * `403`, `404 no_service` and `410 channel_is_archived` fail at once; `429` waits for
 * `Retry-After` and 5xx are retried by the kit. Default budget: one message per second per
 * webhook (Slack's documented limit).
 */
export function createSlackNotifier(options: SlackNotifierOptions): Notifier {
  const config = parseNotifierConfig(slackConfigSchema, options, 'slack');
  const url = new URL(config.webhookUrl);
  const client = notifierHttpClient('slack', url, options, { requests: 1, perMs: 1_000 });
  return {
    id: config.id,
    kind: 'slack',
    async send(notification) {
      try {
        const response = await client.request({
          method: 'POST',
          path: url.toString(),
          json: slackMessage(notification),
          responseType: 'text',
        });
        return { notifier: config.id, status: response.status };
      } catch (error) {
        throw deliveryError(config.id, error);
      }
    },
  };
}
