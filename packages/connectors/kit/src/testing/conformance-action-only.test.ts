import { describe, expect, it, type RunnerTask } from 'vitest';
import * as z from 'zod';
import { defineConnector, secret, staticToken } from '../index.js';
import type { VendorSimulatorOptions } from '../simulator/simulator-types.js';
import { ACTION_ONLY_SKIP_REASON, describeConnectorConformance } from './conformance.js';
import { dataConformanceCases, transportConformanceCases } from './conformance-cases.js';
import type { ConformanceOptions } from './conformance-options.js';

// A tiny action-only connector: no streams, one action that blocks an address.
const TOKEN = 'tiny-firewall-token-0123456789';

const firewallConnector = defineConnector({
  manifest: {
    id: 'tiny-firewall',
    vendor: 'Tiny',
    product: 'Tiny Firewall',
    category: 'ndr',
    version: '0.1.0',
    auth: ['static-token'],
    regions: {},
    streams: {},
    actions: {
      block: {
        description: 'Block an address',
        input: z.object({ ip: z.string() }),
        output: z.object({ blocked: z.string() }),
        asynchronous: false,
        requiredPermissions: [],
      },
    },
    rateLimit: { requests: 100, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/tiny-firewall',
  },
  config: z.object({ baseUrl: z.url(), token: secret({ name: 'tiny_firewall_token' }) }),
  createClient: (config, context) =>
    context.createHttpClient({
      baseUrl: config.baseUrl,
      auth: staticToken({ token: config.token }),
    }),
  check: async ({ client }) => {
    await client.request({ path: '/api/status' });
  },
  streams: {},
  actions: {
    block: {
      run: async ({ ip }, { client }) => {
        await client.request({ method: 'POST', path: '/api/blocks', json: { ip } });
        return { status: 'completed', output: { blocked: ip } };
      },
    },
  },
});

const blocked: string[] = [];

function simulator(): VendorSimulatorOptions {
  return {
    auth: { type: 'header', header: 'authorization', value: `Bearer ${TOKEN}` },
    routes: [
      { method: 'GET', path: '/api/status', handle: () => ({ body: { ok: true } }) },
      {
        method: 'POST',
        path: '/api/blocks',
        handle: (request) => {
          blocked.push(String((request.json as { ip?: unknown }).ip));
          return { body: {} };
        },
      },
    ],
  };
}

const options: ConformanceOptions<never> = {
  name: 'tiny-firewall',
  create: () => firewallConnector,
  simulator,
  config: (running) => ({ baseUrl: running.url }),
  secrets: { tiny_firewall_token: TOKEN },
  badConfigs: (running) => [
    {
      name: 'wrong token',
      config: { baseUrl: running.url },
      secrets: { tiny_firewall_token: 'tiny-wrong-token-zzzzzzzz' },
      code: 'CONNECTOR_AUTH',
    },
  ],
  streams: {},
  actions: [
    {
      name: 'block',
      input: { ip: '203.0.113.7' },
      expectedRequest: { method: 'POST', path: '/api/blocks', body: { ip: '203.0.113.7' } },
    },
  ],
  capabilities: { tokenRefresh: false },
};

describeConnectorConformance(options);

describe('describeConnectorConformance of an action-only connector', () => {
  it('ran the connector cases and reported every stream case skipped with its reason', ({
    task,
  }) => {
    const suite = task.file.tasks.find(
      (child) => child.name === 'connector conformance: tiny-firewall',
    );
    expect(suite?.type).toBe('suite');
    const names = new Map<string, string | undefined>();
    const walk = (node: RunnerTask, prefix: string) => {
      if (node.type === 'test') {
        names.set(`${prefix}${node.name}`, node.mode === 'skip' ? 'skipped' : node.result?.state);
        return;
      }
      for (const child of node.tasks)
        walk(child, child.type === 'suite' ? `${prefix}${child.name} › ` : prefix);
    };
    if (suite) walk(suite, '');
    expect(Object.fromEntries(names)).toEqual({
      manifest: 'pass',
      'config-schema': 'pass',
      'check-good': 'pass',
      'check-bad': 'pass',
      actions: 'pass',
      ...Object.fromEntries(
        [...dataConformanceCases, ...transportConformanceCases].map((name) => [
          `streams › ${name} — skipped: ${ACTION_ONLY_SKIP_REASON}`,
          'skipped',
        ]),
      ),
    });
    expect(blocked).toEqual(['203.0.113.7']);
  });

  it.each([
    [
      'a manifest with neither streams nor actions',
      {
        create: () => ({
          ...firewallConnector,
          manifest: { ...firewallConnector.manifest, actions: {} },
        }),
      },
      /declares neither streams nor actions/,
    ],
    [
      'an override of a stream case',
      { overrides: { 'fault-5xx': { skip: 'no reader' } } },
      /overrides: no case named fault-5xx/,
    ],
  ])('rejects %s before registering any case', (_what, change, message) => {
    const invalid = { ...options, ...change } as unknown as ConformanceOptions<string>;
    expect(() => describeConnectorConformance(invalid)).toThrow(message);
  });
});
