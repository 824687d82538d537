/**
 * Notifications for the quickstart: a local HTTP receiver stands in for the SOC's chat bridge; the
 * tenant's router sends incident, approval and SLA events to it through the HMAC-signed webhook
 * notifier, and the receiver verifies every signature before accepting a delivery.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenMdrBus } from '@openmdr/core';
import {
  createWebhookNotifier,
  NotificationRouter,
  verifyWebhookSignature,
} from '@openmdr/response';

/** The running receiver and router. */
export interface Notifications {
  url: string;
  router: NotificationRouter;
  /** Waits for deliveries in flight. */
  settle(): Promise<void>;
  summary(): { sent: number; verified: number; events: string[] };
  close(): Promise<void>;
}

/** Starts the receiver and subscribes the tenant's router to the bus. */
export async function startNotifications(options: {
  tenant: string;
  bus: OpenMdrBus;
}): Promise<Notifications> {
  const secret = randomBytes(32).toString('hex');
  const received: string[] = [];
  let rejected = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        verifyWebhookSignature({ secret, headers: request.headers, body });
        received.push((JSON.parse(body) as { event?: string }).event ?? '?');
        response.writeHead(204).end();
      } catch {
        rejected += 1;
        response.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/soc-chat`;
  const router = new NotificationRouter({
    notifiers: [createWebhookNotifier({ id: 'soc-chat', url, secret })],
    rules: [
      {
        id: 'acme-soc',
        tenants: [options.tenant],
        events: ['incident.created', 'approval.requested', 'action.completed', 'case.*', 'sla.*'],
        minSeverity: 'info',
        notifiers: ['soc-chat'],
      },
    ],
  });
  const unsubscribe = router.subscribe(options.bus);
  return {
    url,
    router,
    settle: () => router.settle(),
    summary: () => ({
      sent: received.length + rejected,
      verified: received.length,
      events: received,
    }),
    async close() {
      unsubscribe();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
