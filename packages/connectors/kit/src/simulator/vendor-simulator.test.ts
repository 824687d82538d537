import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createVendorSimulator, type VendorSimulator } from './vendor-simulator.js';

let simulator: VendorSimulator | undefined;
afterEach(async () => simulator?.close());

describe('createVendorSimulator', () => {
  it('detects clients that exceed the declared rate limit', async () => {
    simulator = await createVendorSimulator({
      rateLimit: { requests: 5, perMs: 60_000 },
      routes: [{ method: 'GET', path: '/x', handle: () => ({ body: {} }) }],
    });
    const statuses = [];
    for (let i = 0; i < 8; i += 1) {
      const response = await request(`${simulator.url}/x`);
      await response.body.dump();
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(simulator.rateLimitViolations).toBe(3);
  });

  it('records requests with credentials redacted, listens on loopback only, and shows its clock offset', async () => {
    simulator = await createVendorSimulator({
      clockOffsetMs: -120_000,
      auth: { type: 'header', header: 'x-api-key', value: 'simulator-key-123456' },
      routes: [
        {
          method: 'POST',
          path: '/items/:id',
          handle: (r) => ({ status: 201, body: { id: r.params['id'] } }),
        },
      ],
    });
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await request(`${simulator.url}/items/a%20b?x=1`, {
      method: 'POST',
      headers: { 'x-api-key': 'simulator-key-123456', 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'hunter2-hunter2', note: 'ok' }),
    });
    expect(response.statusCode).toBe(201);
    expect(await response.body.json()).toEqual({ id: 'a b' });
    const date = Date.parse(String(response.headers['date']));
    expect(Date.now() - date).toBeGreaterThan(100_000);
    const recorded = simulator.requests[0];
    expect(recorded).toMatchObject({
      method: 'POST',
      path: '/items/a%20b',
      query: { x: '1' },
      status: 201,
    });
    expect(recorded?.headers['x-api-key']).toBe('[REDACTED]');
    expect(recorded?.body).toEqual({ password: '[REDACTED]', note: 'ok' });
    const unauthorised = await request(`${simulator.url}/items/1`, { method: 'POST' });
    expect(unauthorised.statusCode).toBe(401);
    await unauthorised.body.dump();
  });

  it('adds late events behind the cursor after the given request', async () => {
    simulator = await createVendorSimulator({
      datasets: [
        {
          path: '/l',
          cursor: 'offset',
          idField: 'id',
          timeField: 't',
          records: [{ id: 'b', t: 20 }],
        },
      ],
      faults: [{ type: 'late-event', afterRequests: 1, record: { id: 'a', t: 10 } }],
    });
    const read = async () => {
      const response = await request(`${simulator?.url}/l`);
      return ((await response.body.json()) as { items: Array<{ id: string }> }).items.map(
        (item) => item.id,
      );
    };
    expect(await read()).toEqual(['b']);
    expect(await read()).toEqual(['a', 'b']);
  });
});
