import type { Notification } from './notification.js';

/** The facts of a notification as label → value pairs, in a stable order. */
export function notificationFacts(notification: Notification): [string, string][] {
  const facts: [string, string][] = [
    ['Tenant', notification.tenant],
    ['Severity', notification.severity],
    ['Event', notification.event],
  ];
  if (notification.caseId) facts.push(['Case', notification.caseId]);
  if (notification.incidentId) facts.push(['Incident', notification.incidentId]);
  for (const [label, value] of Object.entries(notification.fields ?? {}))
    facts.push([label, value]);
  facts.push(['When', new Date(notification.occurredAt).toISOString()]);
  return facts;
}

/** Escapes `&`, `<` and `>` for Slack mrkdwn and HTML. */
export function escapeMarkup(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Escapes text for HTML content and attributes. */
export function escapeHtml(text: string): string {
  return escapeMarkup(text).replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}
