import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '@openmdr/core';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../errors/connector-errors.js';
import { createWebhookReceiver, signWebhook, type VerifiedWebhook } from './webhook-receiver.js';

const SECRET = 'webhook-shared-secret-0123456789';
const clock = new ManualClock(1_800_000_000_000);
const now = () => String(Math.floor(clock.now() / 1000));
const receiver = createWebhookReceiver({
  secrets: [SECRET],
  signatureHeader: 'x-vendor-signature',
  signaturePrefix: 'sha256=',
  timestampHeader: 'x-vendor-timestamp',
  toleranceSeconds: 300,
  clock,
  maxBodyBytes: 1_000,
});
const sign = (body: string, timestamp = now(), secret = SECRET) =>
  `sha256=${signWebhook(secret, body, { timestamp })}`;

function rejection(headers: Record<string, string>, body: string) {
  try {
    receiver.verify(headers, body);
  } catch (error) {
    expect(WebhookVerificationError.isInstance(error)).toBe(true);
    return (error as WebhookVerificationError).reason;
  }
  return 'accepted';
}

describe('createWebhookReceiver', () => {
  const body = JSON.stringify({ id: 'evt-1', kind: 'alert' });
  it('accepts a good signature', () => {
    const verified = receiver.verify(
      { 'x-vendor-signature': sign(body), 'x-vendor-timestamp': now() },
      body,
    );
    expect(verified.json).toEqual({ id: 'evt-1', kind: 'alert' });
    expect(verified.timestamp).toBe(clock.now());
    expect(verified.bodyHash).toMatch(/^[0-9a-f]{64}$/);
  });
  it('rejects a bad signature, a tampered body, a missing signature and a wrong prefix', () => {
    expect(
      rejection(
        {
          'x-vendor-signature': sign(body, now(), 'another-secret-xxxxxxxx'),
          'x-vendor-timestamp': now(),
        },
        body,
      ),
    ).toBe('bad-signature');
    expect(
      rejection(
        { 'x-vendor-signature': sign(body), 'x-vendor-timestamp': now() },
        body.replace('alert', 'other'),
      ),
    ).toBe('bad-signature');
    expect(rejection({ 'x-vendor-timestamp': now() }, body)).toBe('missing-signature');
    expect(
      rejection({ 'x-vendor-signature': sign(body).slice(7), 'x-vendor-timestamp': now() }, body),
    ).toBe('bad-signature');
    expect(
      rejection({ 'x-vendor-signature': 'sha256=zz', 'x-vendor-timestamp': now() }, body),
    ).toBe('bad-signature');
  });
  it('rejects replays outside the window, and missing or malformed timestamps', () => {
    const old = String(Math.floor(clock.now() / 1000) - 301);
    expect(
      rejection({ 'x-vendor-signature': sign(body, old), 'x-vendor-timestamp': old }, body),
    ).toBe('stale-timestamp');
    const future = String(Math.floor(clock.now() / 1000) + 301);
    expect(
      rejection({ 'x-vendor-signature': sign(body, future), 'x-vendor-timestamp': future }, body),
    ).toBe('stale-timestamp');
    expect(rejection({ 'x-vendor-signature': sign(body) }, body)).toBe('missing-timestamp');
    expect(
      rejection(
        { 'x-vendor-signature': sign(body, 'yesterday'), 'x-vendor-timestamp': 'yesterday' },
        body,
      ),
    ).toBe('bad-timestamp');
    // the timestamp is signed: moving it forward breaks the signature
    const fresh = now();
    expect(
      rejection({ 'x-vendor-signature': sign(body, old), 'x-vendor-timestamp': fresh }, body),
    ).toBe('bad-signature');
  });
  it('accepts any of several secrets (rotation) and base64 encodings', () => {
    const rotating = createWebhookReceiver({
      secrets: ['old-secret-aaaaaaaa', SECRET],
      encoding: 'base64',
    });
    const signature = signWebhook(SECRET, body, { encoding: 'base64' });
    expect(rotating.verify({ 'x-signature': signature }, body).json).toBeDefined();
  });
  it('keeps the secret out of errors', () => {
    try {
      receiver.verify({ 'x-vendor-signature': 'sha256=00', 'x-vendor-timestamp': now() }, body);
    } catch (error) {
      expect(JSON.stringify((error as WebhookVerificationError).toJSON())).not.toContain(SECRET);
    }
  });
});

describe('webhook handler on node:http', () => {
  let server: Server | undefined;
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  );
  async function start(onEvent: (event: VerifiedWebhook) => void | Promise<void>) {
    server = createServer(receiver.handler(onEvent));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  }
  it('answers 204 to good pushes, 401 to bad ones, 413 to large ones, 500 when the handler fails', async () => {
    const received: unknown[] = [];
    let fail = false;
    const url = await start((event) => {
      if (fail) throw new Error('sink down');
      received.push(event.json);
    });
    const body = JSON.stringify({ id: 'evt-2' });
    const good = await request(url, {
      method: 'POST',
      body,
      headers: { 'x-vendor-signature': sign(body), 'x-vendor-timestamp': now() },
    });
    expect(good.statusCode).toBe(204);
    await good.body.dump();
    const bad = await request(url, {
      method: 'POST',
      body,
      headers: { 'x-vendor-signature': 'sha256=00', 'x-vendor-timestamp': now() },
    });
    expect(bad.statusCode).toBe(401);
    expect(await bad.body.json()).toEqual({
      error: { code: 'WEBHOOK_VERIFICATION', reason: 'bad-signature' },
    });
    const large = 'x'.repeat(2_000);
    const tooLarge = await request(url, {
      method: 'POST',
      body: large,
      headers: { 'x-vendor-signature': sign(large), 'x-vendor-timestamp': now() },
    });
    expect(tooLarge.statusCode).toBe(413);
    await tooLarge.body.dump();
    fail = true;
    const failing = await request(url, {
      method: 'POST',
      body,
      headers: { 'x-vendor-signature': sign(body), 'x-vendor-timestamp': now() },
    });
    expect(failing.statusCode).toBe(500);
    await failing.body.dump();
    expect(received).toEqual([{ id: 'evt-2' }]);
  });
});
