import { createRecordingSleep } from '@openmdr/connector-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPagerDutyNotifier,
  createSlackNotifier,
  createTeamsNotifier,
  type Notification,
  NotificationConfigError,
  NotificationDeliveryError,
} from '../../src/notifications/index.js';
import { startVendorEndpoints, type VendorEndpoints } from './vendor-endpoints.js';

const ROUTING_KEY = 'R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY00';
const SLACK_PATH = '/services/T0000SIM/B0000SIM/simulatedSlackToken0123';
const TEAMS_PATH = '/workflows/abc123/triggers/manual/paths/invoke?sig=simulatedTeamsSig0123';

const notification: Notification = {
  tenant: 'acme',
  event: 'incident.created',
  severity: 'critical',
  title: 'Credential dumping on WS-FIN-042',
  summary: 'LSASS memory was dumped with comsvcs.dll <script>alert(1)</script>',
  dedupKey: 'incident:42',
  occurredAt: Date.parse('2026-11-22T09:30:00Z'),
  incidentId: '42',
  url: 'https://console.example/cases/42',
  fields: { host: 'WS-FIN-042', user: 'jdoe' },
};

let endpoints: VendorEndpoints;
beforeAll(async () => {
  endpoints = await startVendorEndpoints();
});
afterAll(() => endpoints.close());

const transport = () => {
  const recording = createRecordingSleep();
  return {
    recording,
    options: {
      sleep: recording.sleep,
      rateLimit: false as const,
      retry: { jitter: 'none' as const },
    },
  };
};

describe('Slack notifier', () => {
  it('posts a Block Kit message with escaped text and a button', async () => {
    const slack = createSlackNotifier({
      id: 'slack',
      webhookUrl: `${endpoints.url}${SLACK_PATH}`,
      ...transport().options,
    });
    const receipt = await slack.send(notification);
    expect(receipt).toMatchObject({ notifier: 'slack', status: 200 });
    const sent = endpoints.received.filter((request) => request.path === SLACK_PATH).at(-1);
    const message = sent?.json as {
      text: string;
      blocks: { type: string; text?: { text: string } }[];
    };
    expect(message.text).toBe('[CRITICAL] Credential dumping on WS-FIN-042');
    expect(message.blocks.map((block) => block.type)).toEqual([
      'header',
      'section',
      'section',
      'actions',
    ]);
    expect(message.blocks[1]?.text?.text).toContain('&lt;script&gt;');
  });

  it('waits for Retry-After on 429 and retries 5xx', async () => {
    const { recording, options } = transport();
    const slack = createSlackNotifier({
      id: 'slack',
      webhookUrl: `${endpoints.url}${SLACK_PATH}`,
      ...options,
    });
    endpoints.fail(
      SLACK_PATH,
      { status: 429, headers: { 'retry-after': '3' }, body: 'rate_limited' },
      { status: 503 },
    );
    const before = endpoints.received.length;
    await expect(slack.send(notification)).resolves.toMatchObject({ status: 200 });
    expect(endpoints.received.length - before).toBe(3);
    expect(recording.delays[0]).toBe(3_000);
    expect(recording.delays).toHaveLength(2);
  });

  it('fails at once on a refused payload, without the webhook URL in the error', async () => {
    const slack = createSlackNotifier({
      id: 'slack',
      webhookUrl: `${endpoints.url}${SLACK_PATH}`,
      ...transport().options,
    });
    endpoints.fail(SLACK_PATH, { status: 410, body: 'channel_is_archived' });
    const error = await slack.send(notification).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotificationDeliveryError);
    expect((error as NotificationDeliveryError).status).toBe(410);
    expect((error as Error).message).toContain('channel_is_archived');
    expect(JSON.stringify(error)).not.toContain('simulatedSlackToken0123');
    expect((error as Error).message).not.toContain('simulatedSlackToken0123');
  });

  it('rejects a bad config naming the key', () => {
    expect(() => createSlackNotifier({ id: 'slack', webhookUrl: 'not a url' })).toThrow(
      NotificationConfigError,
    );
    try {
      createSlackNotifier({ id: 'slack', webhookUrl: 'ftp://x' });
    } catch (error) {
      expect((error as NotificationConfigError).issues[0]?.path).toBe('slack.webhookUrl');
    }
  });
});

describe('Teams notifier', () => {
  it('posts an Adaptive Card message and accepts 202', async () => {
    const teams = createTeamsNotifier({
      id: 'teams',
      webhookUrl: `${endpoints.url}${TEAMS_PATH}`,
      ...transport().options,
    });
    await expect(teams.send(notification)).resolves.toMatchObject({ status: 202 });
    const sent = endpoints.received.filter((request) => request.path === TEAMS_PATH).at(-1);
    if (sent === undefined) throw new Error('nothing sent');
    const card = (
      sent.json as {
        attachments: {
          contentType: string;
          content: {
            type: string;
            version: string;
            body: { type: string; facts?: { title: string; value: string }[] }[];
            actions: unknown[];
          };
        }[];
      }
    ).attachments[0];
    if (card === undefined) throw new Error('no attachment');
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    const facts = card.content.body.find((block) => block.type === 'FactSet')?.facts;
    expect(facts).toContainEqual({ title: 'host', value: 'WS-FIN-042' });
    expect(card.content.actions).toHaveLength(1);
  });
});

describe('PagerDuty notifier', () => {
  const pagerDuty = () =>
    createPagerDutyNotifier({
      id: 'pd',
      routingKey: ROUTING_KEY,
      eventsUrl: `${endpoints.url}/v2/enqueue`,
      ...transport().options,
    });

  it('triggers, acknowledges and resolves one alert by dedup key', async () => {
    const notifier = pagerDuty();
    const trigger = await notifier.send(notification);
    expect(trigger).toMatchObject({ status: 202, id: 'incident:42' });
    await notifier.send({ ...notification, lifecycle: 'acknowledge' });
    await notifier.send({ ...notification, lifecycle: 'resolve' });
    const events = endpoints.received
      .filter((request) => request.path === '/v2/enqueue')
      .slice(-3)
      .map(
        (request) =>
          request.json as {
            event_action: string;
            dedup_key: string;
            payload?: { severity: string; source: string };
          },
      );
    expect(events.map((event) => event.event_action)).toEqual([
      'trigger',
      'acknowledge',
      'resolve',
    ]);
    expect(new Set(events.map((event) => event.dedup_key))).toEqual(new Set(['incident:42']));
    expect(events[0]?.payload).toMatchObject({ severity: 'critical', source: 'WS-FIN-042' });
    expect(events[1]?.payload).toBeUndefined();
  });

  it('reports PagerDuty 400 errors without retrying, and retries 429', async () => {
    const notifier = createPagerDutyNotifier({
      id: 'pd',
      routingKey: 'short-key-123456',
      eventsUrl: `${endpoints.url}/v2/enqueue`,
      ...transport().options,
    });
    const before = endpoints.received.length;
    const error = await notifier.send(notification).catch((caught: unknown) => caught);
    expect((error as NotificationDeliveryError).status).toBe(400);
    expect((error as Error).message).toContain('Invalid routing key');
    expect((error as Error).message).not.toContain('short-key-123456');
    expect(endpoints.received.length - before).toBe(1);

    const { recording, options } = transport();
    const retrying = createPagerDutyNotifier({
      id: 'pd',
      routingKey: ROUTING_KEY,
      eventsUrl: `${endpoints.url}/v2/enqueue`,
      ...options,
    });
    endpoints.fail('/v2/enqueue', { status: 429, body: '' });
    await expect(retrying.send(notification)).resolves.toMatchObject({ status: 202 });
    expect(recording.delays).toHaveLength(1);
  });
});
