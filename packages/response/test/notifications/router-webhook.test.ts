import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenMdrBus, ManualClock } from '@openmdr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWebhookNotifier,
  type Notification,
  NotificationConfigError,
  NotificationRouter,
  type Notifier,
  verifyWebhookSignature,
  WEBHOOK_HEADERS,
} from '../../src/notifications/index.js';

const SECRET = 'webhook-shared-secret-0123456789';
const deliveries: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let url = '';
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    deliveries.push({ headers: request.headers, body });
    try {
      verifyWebhookSignature({ secret: SECRET, headers: request.headers, body });
      response.writeHead(204).end();
    } catch {
      response.writeHead(401).end();
    }
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const base: Notification = {
  tenant: 'acme',
  event: 'incident.created',
  severity: 'high',
  title: 'Incident: encoded PowerShell',
  summary: 'Outlook started PowerShell with an encoded command.',
  dedupKey: 'incident:7',
  occurredAt: Date.parse('2026-11-22T09:00:00Z'),
};

describe('webhook notifier and verifyWebhookSignature', () => {
  it('signs deliveries the receiver verifies; a tampered body or an old timestamp is refused', async () => {
    const webhook = createWebhookNotifier({ id: 'hook', url, secret: SECRET, rateLimit: false });
    const receipt = await webhook.send(base);
    expect(receipt.status).toBe(204);
    const delivery = deliveries.at(-1);
    if (!delivery) throw new Error('no delivery');
    expect(String(delivery.headers[WEBHOOK_HEADERS.signature])).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(JSON.parse(delivery.body)).toMatchObject({
      tenant: 'acme',
      event: 'incident.created',
      id: receipt.id,
    });

    const verified = verifyWebhookSignature({
      secret: SECRET,
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(verified.json).toMatchObject({ dedupKey: 'incident:7' });
    const tampered = delivery.body.replace('encoded PowerShell', 'nothing to see');
    expect(() =>
      verifyWebhookSignature({ secret: SECRET, headers: delivery.headers, body: tampered }),
    ).toThrow(/signature/i);
    expect(() =>
      verifyWebhookSignature({
        secret: 'another-secret-0123456789',
        headers: delivery.headers,
        body: delivery.body,
      }),
    ).toThrow();
    const later = new ManualClock(Date.now() + 10 * 60_000);
    expect(() =>
      verifyWebhookSignature({
        secret: SECRET,
        headers: delivery.headers,
        body: delivery.body,
        clock: later,
      }),
    ).toThrow(/timestamp|window|old|replay/i);
  });
});

function recorder(id: string, fail = false): Notifier & { sent: Notification[] } {
  const sent: Notification[] = [];
  return {
    id,
    kind: 'test',
    sent,
    async send(notification) {
      if (fail) throw new Error(`${id} is down`);
      sent.push(notification);
      return { notifier: id, status: 200 };
    },
  };
}

describe('NotificationRouter', () => {
  it('routes by tenant, event pattern and minimum severity; all-match sends each notifier once', async () => {
    const pager = recorder('pager');
    const chat = recorder('chat');
    const globex = recorder('globex-chat');
    const router = new NotificationRouter({
      notifiers: [pager, chat, globex],
      rules: [
        { id: 'page', minSeverity: 'critical', notifiers: ['pager', 'chat'] },
        {
          id: 'acme',
          tenants: ['acme'],
          events: ['incident.created', 'sla.*'],
          minSeverity: 'medium',
          notifiers: ['chat'],
        },
        { id: 'globex', tenants: ['globex'], notifiers: ['globex-chat'] },
      ],
    });
    await router.dispatch(base);
    await router.dispatch({ ...base, event: 'sla.at-risk', dedupKey: 'sla:1' });
    await router.dispatch({ ...base, event: 'approval.requested', dedupKey: 'approval:1' });
    await router.dispatch({ ...base, severity: 'low', dedupKey: 'incident:8' });
    const critical = await router.dispatch({
      ...base,
      severity: 'critical',
      dedupKey: 'incident:9',
    });
    await router.dispatch({ ...base, tenant: 'globex', severity: 'info', dedupKey: 'incident:10' });
    expect(chat.sent.map((item) => item.dedupKey)).toEqual(['incident:7', 'sla:1', 'incident:9']);
    expect(pager.sent.map((item) => item.dedupKey)).toEqual(['incident:9']);
    expect(globex.sent.map((item) => item.tenant)).toEqual(['globex']);
    expect(critical.map((outcome) => [outcome.notifier, outcome.rule, outcome.status])).toEqual([
      ['pager', 'page', 'sent'],
      ['chat', 'page', 'sent'],
    ]);
  });

  it('first-match mode, throttling per dedup key, and lifecycle changes pass the throttle', async () => {
    const clock = new ManualClock(Date.parse('2026-11-22T09:00:00Z'));
    const a = recorder('a');
    const b = recorder('b');
    const router = new NotificationRouter({
      notifiers: [a, b],
      rules: [
        { id: 'first', events: ['incident.*'], notifiers: ['a'] },
        { id: 'second', notifiers: ['b'] },
      ],
      match: 'first',
      throttleMs: 60_000,
      clock,
    });
    expect(router.matchingRules(base)).toEqual(['first']);
    await router.dispatch(base);
    const repeat = await router.dispatch(base);
    expect(repeat[0]?.status).toBe('throttled');
    await router.dispatch({ ...base, lifecycle: 'resolve' });
    clock.advance(61_000);
    await router.dispatch(base);
    expect(a.sent.map((item) => item.lifecycle ?? 'trigger')).toEqual([
      'trigger',
      'resolve',
      'trigger',
    ]);
    expect(b.sent).toHaveLength(0);
  });

  it('a failing notifier does not stop the others and is dead-lettered with its reason', async () => {
    const down = recorder('down', true);
    const up = recorder('up');
    const router = new NotificationRouter({
      notifiers: [down, up],
      rules: [{ id: 'all', notifiers: ['down', 'up'] }],
    });
    const outcomes = await router.dispatch(base);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['failed', 'sent']);
    expect(up.sent).toHaveLength(1);
    expect(router.deadLetters).toEqual([
      expect.objectContaining({
        notifier: 'down',
        rule: 'all',
        error: expect.objectContaining({
          code: 'NOTIFY_DELIVERY_FAILED',
          message: 'down: down is down',
        }),
      }),
    ]);
  });

  it('rejects rules naming unknown notifiers or bad severities, with the key', () => {
    const error = (() => {
      try {
        new NotificationRouter({
          notifiers: [recorder('a')],
          rules: [{ id: 'r', notifiers: ['nope'] }],
        });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })() as NotificationConfigError;
    expect(error).toBeInstanceOf(NotificationConfigError);
    expect(error.issues[0]?.path).toBe('router.rules.0.notifiers');
    expect(
      () =>
        new NotificationRouter({
          notifiers: [recorder('a')],
          rules: [{ id: 'r', notifiers: ['a'], minSeverity: 'urgent' as never }],
        }),
    ).toThrow(/router\.rules\.0\.minSeverity/);
  });

  it('turns bus events into notifications: incidents, approvals, SLA and regulatory clocks', async () => {
    const chat = recorder('chat');
    const router = new NotificationRouter({
      notifiers: [chat],
      rules: [{ id: 'all', notifiers: ['chat'] }],
    });
    const bus = createOpenMdrBus();
    const stop = router.subscribe(bus);
    bus.emit('incident.created', {
      tenant: 'acme',
      id: 'inc-1',
      incident: { severity_id: 5, finding_info: { title: 'Credential dumping', uid: 'inc-1' } },
    });
    bus.emit('approval.requested', {
      tenant: 'acme',
      id: 'ap-1',
      actionId: 'cmd-1',
      reason: 'disable_account needs a SOC lead',
    });
    bus.emit('sla.breached', {
      tenant: 'acme',
      incidentId: 'case-1',
      metric: 'mttc',
      dueAt: 0,
      at: 1,
    });
    bus.emit('regulatory.at-risk', {
      tenant: 'acme',
      incidentId: 'case-1',
      clock: 'gdpr.art33-notification',
      regulation: 'gdpr',
      dueAt: 0,
      at: 1,
    });
    await router.settle();
    stop();
    bus.emit('approval.requested', {
      tenant: 'acme',
      id: 'ap-2',
      actionId: 'cmd-2',
      reason: 'after unsubscribe',
    });
    await router.settle();
    expect(chat.sent.map((item) => [item.event, item.severity])).toEqual([
      ['incident.created', 'critical'],
      ['approval.requested', 'high'],
      ['sla.breached', 'critical'],
      ['regulatory.at-risk', 'critical'],
    ]);
    expect(chat.sent[0]?.title).toBe('Incident: Credential dumping');
  });
});
