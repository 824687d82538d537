// A loopback server that answers like Slack incoming webhooks, Teams Workflows webhooks and the
// PagerDuty Events API v2, per their documented responses, with scripted failures.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

export interface VendorEndpoints {
  url: string;
  received: ReceivedRequest[];
  /** Answers queued per path before the normal answer (status, headers, body). */
  fail(
    path: string,
    ...answers: { status: number; headers?: Record<string, string>; body?: string }[]
  ): void;
  close(): Promise<void>;
}

function normal(
  path: string,
  json: unknown,
): { status: number; headers: Record<string, string>; body: string } {
  if (path.startsWith('/services/')) {
    // Slack: 200 "ok"; 400 invalid_payload without text/blocks.
    const message = json as { text?: unknown; blocks?: unknown } | undefined;
    if (!message || (message.text === undefined && message.blocks === undefined))
      return { status: 400, headers: { 'content-type': 'text/plain' }, body: 'invalid_payload' };
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
  }
  if (path.startsWith('/workflows/')) {
    const message = json as { type?: unknown; attachments?: unknown[] } | undefined;
    if (message?.type !== 'message' || !Array.isArray(message.attachments))
      return { status: 400, headers: {}, body: '{"error":{"code":"InvalidRequestContent"}}' };
    return { status: 202, headers: {}, body: '' };
  }
  if (path === '/v2/enqueue') {
    const event = json as {
      routing_key?: unknown;
      event_action?: unknown;
      dedup_key?: unknown;
      payload?: { summary?: unknown; source?: unknown; severity?: unknown };
    };
    const errors: string[] = [];
    if (typeof event?.routing_key !== 'string' || event.routing_key.length !== 32)
      errors.push('Invalid routing key');
    if (!['trigger', 'acknowledge', 'resolve'].includes(String(event?.event_action)))
      errors.push('Invalid event_action');
    if (
      event?.event_action === 'trigger' &&
      (!event.payload?.summary ||
        !event.payload.source ||
        !['critical', 'error', 'warning', 'info'].includes(String(event.payload.severity)))
    )
      errors.push('payload is missing or invalid');
    if (event?.event_action !== 'trigger' && typeof event?.dedup_key !== 'string')
      errors.push('dedup_key required');
    if (errors.length > 0)
      return {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          status: 'invalid event',
          message: 'Event object is invalid',
          errors,
        }),
      };
    return {
      status: 202,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        status: 'success',
        message: 'Event processed',
        dedup_key: event.dedup_key ?? 'generated-key',
      }),
    };
  }
  if (path.startsWith('/hooks/')) return { status: 204, headers: {}, body: '' };
  return { status: 404, headers: {}, body: 'no_service' };
}

export async function startVendorEndpoints(): Promise<VendorEndpoints> {
  const received: ReceivedRequest[] = [];
  const queued = new Map<
    string,
    { status: number; headers?: Record<string, string>; body?: string }[]
  >();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '/';
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      received.push({ path, headers: request.headers, body, json });
      const answer = queued.get(path)?.shift() ?? normal(path, json);
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    fail(path, ...answers) {
      queued.set(path, [...(queued.get(path) ?? []), ...answers]);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
