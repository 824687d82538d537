import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEmailNotifier,
  type Notification,
  NotificationDeliveryError,
} from '../../src/notifications/index.js';

// A local SMTP server (smtp-server) with AUTH PLAIN; it parses what arrives with mailparser.
const PASSWORD = 'smtp-test-password-0123';
const received: { envelope: { from: string; to: string[] }; mail: ParsedMail }[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'openmdr' && auth.password === PASSWORD)
        callback(null, { user: 'openmdr' });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@blocked.example')) {
        const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
      } else callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            },
            mail,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const notification: Notification = {
  tenant: 'acme',
  event: 'sla.breached',
  severity: 'critical',
  title: 'SLA breached: MTTC on case 42',
  summary: 'The contain target passed at 10:30 & nobody <b>acted</b>.',
  dedupKey: 'sla:42:mttc',
  occurredAt: Date.parse('2026-11-22T10:31:00Z'),
  caseId: '42',
  url: 'https://console.example/cases/42',
  fields: { Metric: 'mttc' },
};

const notifier = (to: string[], pass = PASSWORD) =>
  createEmailNotifier({
    id: 'soc-mail',
    host: '127.0.0.1',
    port,
    requireTls: false,
    auth: { user: 'openmdr', pass },
    from: 'OpenMDR <alerts@mssp.example>',
    to,
  });

describe('email notifier (local SMTP server)', () => {
  it('delivers a text and HTML message to every recipient', async () => {
    const receipt = await notifier(['soc@acme.example', 'lead@mssp.example']).send(notification);
    expect(receipt).toMatchObject({ notifier: 'soc-mail', status: 250 });
    const last = received.at(-1);
    expect(last?.envelope).toEqual({
      from: 'alerts@mssp.example',
      to: ['soc@acme.example', 'lead@mssp.example'],
    });
    expect(last?.mail.subject).toBe('[OpenMDR] CRITICAL: SLA breached: MTTC on case 42');
    expect(last?.mail.text).toContain('The contain target passed at 10:30 & nobody <b>acted</b>.');
    expect(last?.mail.text).toContain('Metric: mttc');
    expect(last?.mail.html).toContain('nobody &lt;b&gt;acted&lt;/b&gt;');
    expect(last?.mail.html).toContain('href="https://console.example/cases/42"');
    expect(last?.mail.headers.get('x-openmdr-tenant')).toBe('acme');
  });

  it('reports a rejected recipient (550) as permanent and bad credentials without the password', async () => {
    const rejected = await notifier(['ghost@blocked.example'])
      .send(notification)
      .catch((error: unknown) => error);
    expect(rejected).toBeInstanceOf(NotificationDeliveryError);
    expect((rejected as NotificationDeliveryError).status).toBe(550);
    expect((rejected as NotificationDeliveryError).isRetryable).toBe(false);

    const wrong = await notifier(['soc@acme.example'], 'wrong-password-987654')
      .send(notification)
      .catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(NotificationDeliveryError);
    expect(JSON.stringify(wrong)).not.toContain('wrong-password-987654');
    expect((wrong as Error).message).not.toContain('wrong-password-987654');
  });
});
