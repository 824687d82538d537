import {
  type ActionRequestV1,
  buildActionInput,
  type ConnectorContext,
  ConnectorHttpError,
  type ConnectorInstance,
  type ContextHttpClientOptions,
  createHttpClient,
} from '@openmdr/connector-kit';
import { OpenMdrError } from '@openmdr/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPanosClient,
  generatePanosApiKey,
  PANOS_MAX_TAG_TIMEOUT_SECONDS,
  PanosApiError,
  panosConfigSchema,
  panosConnector,
  panosRequest,
  registerIpTags,
} from './index.js';
import {
  PANOS_ADMIN,
  PANOS_API_KEY,
  type StartedPanosSimulator,
  startPanosSimulator,
} from './simulator/index.js';

const START = Date.UTC(2026, 10, 18, 9, 0);
const running: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const item of running.splice(0).reverse()) await item.close();
});

/** A simulator on a manual clock and an instance connected to it, retries without waiting. */
async function setup(
  options: Parameters<typeof startPanosSimulator>[0] = {},
  config: Record<string, unknown> = {},
) {
  let now = START;
  const simulated = await startPanosSimulator({ now: () => now, ...options });
  running.push(simulated);
  const instance: ConnectorInstance = await panosConnector.connect({
    tenant: 'acme',
    config: { ...simulated.config, ...config },
    secrets: simulated.secrets,
    clock: { now: () => now },
    sleep: async () => {},
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    rateLimit: false,
  });
  running.push(instance);
  return {
    simulated,
    instance,
    firewall: simulated.firewall,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const request = (
  kind: ActionRequestV1['kind'],
  ip: string,
  options?: ActionRequestV1['options'],
): ActionRequestV1 => ({
  kind,
  requestId: `incident-9:${kind}`,
  target: { ip },
  ...(options ? { options } : {}),
});

describe('PAN-OS actions against the simulated firewall', () => {
  it('checks the key with type=version, registers the tag with its timeout and unregisters it', async () => {
    const { instance, firewall, advance } = await setup();
    await expect(instance.check()).resolves.toBeUndefined();
    const output = await instance.runAction('register-ip-tag', {
      ip: '203.0.113.7',
      timeoutSeconds: 120,
    });
    expect(output).toEqual({
      ip: '203.0.113.7',
      tag: 'openmdr-block',
      timeoutSeconds: 120,
      alreadyRegistered: false,
    });
    expect(firewall.registered()).toEqual([
      {
        ip: '203.0.113.7',
        persistent: true,
        tags: [{ tag: 'openmdr-block', expiresAt: START + 120_000 }],
      },
    ]);
    expect(await instance.runAction('unregister-ip-tag', { ip: '203.0.113.7' })).toEqual({
      ip: '203.0.113.7',
      tag: 'openmdr-block',
      wasRegistered: true,
    });
    expect(firewall.tagsOf('203.0.113.7')).toEqual([]);

    // PAN-OS drops a timed-out tag on its own
    await instance.runAction('register-ip-tag', { ip: '2001:DB8::7', timeoutSeconds: 60 });
    expect(firewall.tagsOf('2001:db8::7')).toEqual(['openmdr-block']);
    advance(60_000);
    expect(firewall.tagsOf('2001:db8::7')).toEqual([]);
  });

  it('answers duplicates and unknown mappings as done, as PAN-OS SDKs do', async () => {
    const { instance, firewall } = await setup({}, { defaultTimeoutSeconds: 0, persistent: false });
    await instance.runAction('register-ip-tag', { ip: '192.0.2.9' });
    expect(firewall.registered()).toEqual([
      { ip: '192.0.2.9', persistent: false, tags: [{ tag: 'openmdr-block', expiresAt: null }] },
    ]);
    expect(await instance.runAction('register-ip-tag', { ip: '192.0.2.9' })).toMatchObject({
      alreadyRegistered: true,
      timeoutSeconds: 0,
    });
    await instance.runAction('unregister-ip-tag', { ip: '192.0.2.9' });
    expect(await instance.runAction('unregister-ip-tag', { ip: '192.0.2.9' })).toMatchObject({
      wasRegistered: false,
    });
  });

  it('carries deny_ip and allow_ip: duration, stop time, the 30-day cap, a network', async () => {
    const { instance, firewall } = await setup();
    const { manifest } = panosConnector;
    const run = async (built: { action: string; input: unknown }) =>
      instance.runAction(built.action, built.input);

    const denied = buildActionInput(
      manifest,
      request('deny_ip', '198.51.100.4', { durationMs: 3_600_000 }),
    );
    expect(denied).toEqual({
      action: 'register-ip-tag',
      input: { ip: '198.51.100.4', timeoutSeconds: 3600 },
    });
    expect(await run(denied)).toMatchObject({ timeoutSeconds: 3600 });

    const until = buildActionInput(
      manifest,
      request('deny_ip', '198.51.100.5', { stopTime: START + 90_500 }),
    );
    expect(await run(until)).toMatchObject({ timeoutSeconds: 91 });

    const capped = buildActionInput(
      manifest,
      request('deny_ip', '198.51.100.6', { durationMs: 90 * 86_400_000 }),
    );
    expect(await run(capped)).toMatchObject({ timeoutSeconds: PANOS_MAX_TAG_TIMEOUT_SECONDS });

    expect(await run(buildActionInput(manifest, request('deny_ip', '10.9.8.7/24')))).toMatchObject({
      ip: '10.9.8.0/24',
      timeoutSeconds: 86_400,
    });
    expect(firewall.tagsOf('10.9.8.0/24')).toEqual(['openmdr-block']);

    const allowed = buildActionInput(manifest, request('allow_ip', '198.51.100.4'));
    expect(allowed).toEqual({ action: 'unregister-ip-tag', input: { ip: '198.51.100.4' } });
    await run(allowed);
    expect(firewall.tagsOf('198.51.100.4')).toEqual([]);

    const past = instance.startAction('register-ip-tag', {
      ip: '198.51.100.8',
      expiresAt: START - 1,
    });
    await expect(past).resolves.toMatchObject({ status: 'failed' });
    await expect(instance.runAction('register-ip-tag', { ip: '2001:db8::/64' })).rejects.toThrow();
    expect(firewall.tagsOf('198.51.100.8')).toEqual([]);
  });

  it('registers in the configured vsys', async () => {
    const { instance, firewall } = await setup({}, { vsys: 'vsys2', tag: 'quarantine' });
    await instance.runAction('register-ip-tag', { ip: '192.0.2.30' });
    expect(firewall.tagsOf('192.0.2.30', 'vsys2')).toEqual(['quarantine']);
    expect(firewall.tagsOf('192.0.2.30')).toEqual([]);
  });
});

describe('PAN-OS errors as typed kit errors', () => {
  it('a wrong key is CONNECTOR_AUTH, without the key in the error', async () => {
    const { simulated } = await setup();
    const instance = await panosConnector.connect({
      tenant: 'acme',
      config: simulated.config,
      secrets: { get: async () => 'sim-wrong-panos-key-000000' },
      rateLimit: false,
    });
    running.push(instance);
    const error = await instance.runAction('register-ip-tag', { ip: '192.0.2.1' }).catch((e) => e);
    expect(OpenMdrError.isInstance(error) && error.code).toBe('CONNECTOR_AUTH');
    expect(JSON.stringify((error as OpenMdrError).toJSON())).not.toContain('sim-wrong-panos-key');
    expect(simulated.firewall.registered()).toEqual([]);
  });

  it('status="error" answers are PanosApiError with the firewall code and message', async () => {
    const { simulated } = await setup();
    const tags = Array.from({ length: 33 }, (_, index) => `t${index}`);
    // a client of its own, without retries, for calls the actions do not make
    const config = panosConfigSchema.parse({ ...simulated.config, apiKey: PANOS_API_KEY });
    const direct = createPanosClient(config, {
      createHttpClient: (options: ContextHttpClientOptions) =>
        createHttpClient({ ...options, retry: false }),
    } as ConnectorContext);

    const tooMany = await registerIpTags(direct, [{ ip: '192.0.2.2', tags }]).catch((e) => e);
    expect(tooMany).toBeInstanceOf(PanosApiError);
    expect((tooMany as PanosApiError).code).toBe('CONNECTOR_ACTION');
    expect((tooMany as Error).message).toMatch(/192\.0\.2\.2: t32: 192\.0\.2\.2 has 32 tags/);

    const missing = await panosRequest(direct, 'user-id', { type: 'user-id' }).catch((e) => e);
    expect(missing).toBeInstanceOf(PanosApiError);
    expect(missing).toMatchObject({ panosCode: 400, status: 400 });

    const malformed = await panosRequest(direct, 'user-id', { type: 'user-id', cmd: '<x/>' }).catch(
      (e) => e,
    );
    expect(malformed).toMatchObject({ panosCode: 18, status: 200 });
  });

  it('retries injected 429s and 5xx, then gives up with a retryable ConnectorHttpError', async () => {
    const { simulated, instance, firewall } = await setup({
      faults: [
        { type: 'rate-limit', at: [1], retryAfterSeconds: 1 },
        { type: 'server-error', at: [2] },
      ],
    });
    await instance.runAction('register-ip-tag', { ip: '192.0.2.3' });
    expect(firewall.tagsOf('192.0.2.3')).toEqual(['openmdr-block']);
    expect(simulated.simulator.requests.map((entry) => entry.status)).toEqual([429, 503, 200]);

    simulated.simulator.setFaults([{ type: 'server-error', at: [1, 2, 3], status: 502 }]);
    const error = await instance
      .runAction('unregister-ip-tag', { ip: '192.0.2.3' })
      .catch((e) => e);
    expect(ConnectorHttpError.isInstance(error)).toBe(true);
    expect((error as ConnectorHttpError).isRetryable).toBe(true);
    expect(firewall.tagsOf('192.0.2.3')).toEqual(['openmdr-block']);
  });
});

describe('generatePanosApiKey and the simulated XML API', () => {
  let simulated: StartedPanosSimulator;

  it('generates the key with type=keygen and refuses a wrong password', async () => {
    simulated = await startPanosSimulator();
    running.push(simulated);
    const baseUrl = simulated.config.baseUrl;
    expect(await generatePanosApiKey({ baseUrl, ...PANOS_ADMIN })).toBe(PANOS_API_KEY);
    const refused = await generatePanosApiKey({
      baseUrl,
      username: PANOS_ADMIN.username,
      password: 'sim-wrong-password',
    }).catch((e) => e);
    expect(OpenMdrError.isInstance(refused) && refused.code).toBe('CONNECTOR_AUTH');
  });

  it('accepts the key as a key parameter and lists registered addresses with show object registered-ip', async () => {
    simulated = await startPanosSimulator();
    running.push(simulated);
    simulated.firewall.register([{ ip: '192.0.2.40', tags: ['openmdr-block', 'other'] }]);
    const url = new URL('/api/', simulated.config.baseUrl);
    url.searchParams.set('type', 'op');
    url.searchParams.set(
      'cmd',
      '<show><object><registered-ip><tag><entry name="other"/></tag></registered-ip></object></show>',
    );
    url.searchParams.set('key', PANOS_API_KEY);
    const answer = await fetch(url);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe(
      '<response status="success"><result><entry ip="192.0.2.40" from_agent="0" persistent="1"><tag><member>openmdr-block</member><member>other</member></tag></entry><count>1</count></result></response>',
    );
    url.searchParams.set('key', 'sim-not-the-key');
    const refused = await fetch(url);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<response status="error" code="403">');
  });
});
