/** Notifications: Slack, Teams, PagerDuty, email and signed webhooks, routed per tenant. */
export {
  NOTIFIED_BUS_EVENTS,
  type NotifiedBusEvent,
  notificationFromBusEvent,
} from './bus-notifications.js';
export { createEmailNotifier, type EmailNotifierOptions, emailContent } from './email-notifier.js';
export type { HttpNotifierTransport } from './http-delivery.js';
export {
  NOTIFICATION_SEVERITIES,
  type Notification,
  type NotificationEvent,
  type NotificationReceipt,
  type NotificationSeverity,
  type Notifier,
  severityAtLeast,
  severityFromOcsf,
} from './notification.js';
export { NotificationConfigError, NotificationDeliveryError } from './notification-errors.js';
export {
  type DeliveryOutcome,
  type NotificationDeadLetter,
  NotificationRouter,
  type NotificationRouterOptions,
  type NotificationRule,
} from './notification-router.js';
export {
  createPagerDutyNotifier,
  type PagerDutyNotifierOptions,
  pagerDutyEvent,
} from './pagerduty-notifier.js';
export { createSlackNotifier, type SlackNotifierOptions, slackMessage } from './slack-notifier.js';
export { createTeamsNotifier, type TeamsNotifierOptions, teamsMessage } from './teams-notifier.js';
export {
  createWebhookNotifier,
  type VerifyWebhookOptions,
  verifyWebhookSignature,
  WEBHOOK_HEADERS,
  type WebhookNotifierOptions,
  webhookBody,
} from './webhook-notifier.js';
