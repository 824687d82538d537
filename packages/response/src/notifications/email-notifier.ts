import nodemailer from 'nodemailer';
import * as z from 'zod';
import { escapeHtml, notificationFacts } from './format.js';
import type { Notification, Notifier } from './notification.js';
import { NotificationDeliveryError } from './notification-errors.js';
import { notifierId, parseNotifierConfig, secretString } from './notifier-config.js';

const emailConfigSchema = z.object({
  id: notifierId,
  /** SMTP server. */
  host: z.string().min(1),
  /** Port. Default 587 (submission with STARTTLS). */
  port: z.int().min(1).max(65_535).default(587),
  /** TLS from the start (port 465). Default false: STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  /** Refuse to send without STARTTLS. Default true unless `secure`. */
  requireTls: z.boolean().optional(),
  /** SMTP AUTH credentials; the password is a secret. */
  auth: z.object({ user: z.string().min(1), pass: secretString }).optional(),
  /** Sender address. */
  from: z.string().min(3),
  /** Recipients. */
  to: z.array(z.string().min(3)).min(1),
  /** Subject prefix. Default `[OpenMDR]`. */
  subjectPrefix: z.string().default('[OpenMDR]'),
  /** Connection timeout in ms. Default 10 000. */
  timeoutMs: z.int().positive().default(10_000),
});

/** Options of {@link createEmailNotifier}. */
export interface EmailNotifierOptions {
  /** Unique among the router's notifiers. */
  id: string;
  /** SMTP server. */
  host: string;
  /** Port. Default 587 (submission with STARTTLS). */
  port?: number;
  /** TLS from the start (port 465). Default false: STARTTLS when the server offers it. */
  secure?: boolean;
  /** Refuse to send without STARTTLS. Default true unless `secure`. */
  requireTls?: boolean;
  /** SMTP AUTH credentials; the password is a secret. */
  auth?: { user: string; pass: string };
  /** Sender address. */
  from: string;
  /** Recipients. */
  to: string[];
  /** Subject prefix. Default `[OpenMDR]`. */
  subjectPrefix?: string;
  /** Connection timeout in ms. Default 10 000. */
  timeoutMs?: number;
  /** Only for tests against a local server with a self-signed certificate. */
  tls?: { rejectUnauthorized?: boolean };
}

/** The subject, text and HTML bodies of a notification email. */
export function emailContent(
  notification: Notification,
  subjectPrefix = '[OpenMDR]',
): { subject: string; text: string; html: string } {
  const facts = notificationFacts(notification);
  const subject = `${subjectPrefix} ${notification.severity.toUpperCase()}: ${notification.title}`
    .replace(/[\r\n]+/g, ' ')
    .slice(0, 200);
  const text = [
    notification.title,
    '',
    notification.summary,
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    ...(notification.url ? ['', notification.url] : []),
  ].join('\n');
  const rows = facts
    .map(
      ([label, value]) =>
        `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const html = `<!doctype html><html><body style="font-family:sans-serif"><h2>${escapeHtml(notification.title)}</h2><p>${escapeHtml(notification.summary)}</p><table>${rows}</table>${notification.url ? `<p><a href="${escapeHtml(notification.url)}">Open in console</a></p>` : ''}</body></html>`;
  return { subject, text, html };
}

/**
 * An email notifier over SMTP (nodemailer): a text and an HTML part, STARTTLS required by
 * default. SMTP 4xx answers are temporary (the router reports them as retryable), 5xx permanent.
 */
export function createEmailNotifier(options: EmailNotifierOptions): Notifier {
  const config = parseNotifierConfig(emailConfigSchema, options, 'email');
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTls ?? !config.secure,
    ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
    ...(options.tls ? { tls: options.tls } : {}),
  });
  return {
    id: config.id,
    kind: 'email',
    async send(notification) {
      const content = emailContent(notification, config.subjectPrefix);
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: config.to,
          ...content,
          headers: {
            'X-OpenMDR-Tenant': notification.tenant,
            'X-OpenMDR-Event': notification.event,
          },
        });
        const code = Number(/^(\d{3})/.exec(String(info.response))?.[1] ?? 250);
        return { notifier: config.id, status: code, id: String(info.messageId) };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        throw new NotificationDeliveryError(
          config.id,
          `SMTP delivery failed${code ? ` (${code})` : ''}: ${(error as Error).message}`,
          {
            cause: error,
            isRetryable: code === undefined || (code >= 400 && code < 500),
            ...(code === undefined ? {} : { status: code }),
          },
        );
      }
    },
    async close() {
      transport.close();
    },
  };
}
