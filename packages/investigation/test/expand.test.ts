import { type ConnectorManifest, defineConnector } from '@openmdr/connector-kit';
import { openStore } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  connectorActionSource,
  connectorSearchSource,
  type ExpansionSource,
  expandInvestigation,
  InvestigationError,
  storeEventSource,
} from '../src/index.js';
import { falconItems, windowsItems } from './real-records.js';

const isEvent = (item: unknown): item is Record<string, unknown> =>
  typeof (item as Record<string, unknown>)['class_uid'] === 'number';
const sysmon = windowsItems().filter(isEvent);
const falcon = falconItems().filter(isEvent);
const window = { from: Date.UTC(2000, 0, 1), to: Date.UTC(2030, 0, 1) };

/** The store's event log as the pipeline's logSink writes it: `{id, event}` envelopes. */
async function eventLog() {
  const store = await openStore({ kind: 'memory' });
  const tenant = store.forTenant('acme');
  await tenant.log.append(
    'events',
    sysmon.map((event, index) => ({ id: `e${index}`, event: event as never })),
  );
  return tenant.log;
}

const manifest = (id: string): ConnectorManifest => ({
  id,
  vendor: 'Toy',
  product: 'Toy EDR',
  category: 'edr',
  version: '1.0.0',
  auth: ['none'],
  regions: { us: { baseUrl: 'https://edr.toy.test' } },
  streams: {},
  actions: {
    'process-tree': {
      description: 'The process tree around processes, as OCSF events.',
      input: z.object({ processes: z.array(z.string()).min(1), hosts: z.array(z.string()) }),
      output: z.object({ events: z.array(z.record(z.string(), z.unknown())) }),
      asynchronous: false,
      requiredPermissions: [],
    },
  },
  rateLimit: { requests: 10, perMs: 1_000 },
  docsUrl: 'https://openmdr.dev/docs/connectors/toy',
});

/** A toy EDR whose process-tree action answers from the Falcon events, or fails. */
async function edr(fail: boolean) {
  const connector = defineConnector({
    manifest: manifest(fail ? 'broken-edr' : 'toy-edr'),
    config: z.object({}),
    createClient: () => null,
    check: async () => {},
    streams: {},
    actions: {
      'process-tree': {
        run: async (input: { processes: string[]; hosts: string[] }) => {
          if (fail) return { status: 'failed', reason: 'the EDR API answered 503' } as const;
          const wanted = new Set(input.processes);
          const events = falcon.filter((event) =>
            JSON.stringify(event)
              .match(/"uid":"([^"]+)"/g)
              ?.some((m) => wanted.has(m.slice(7, -1))),
          );
          return { status: 'completed', output: { events } } as const;
        },
      },
    },
  } as never);
  return connector.connect({ config: {} });
}

const treeInput = (query: { entities: string[] }) => {
  const processes = query.entities
    .filter((id) => id.startsWith('process:'))
    .map((id) => id.slice(8));
  if (processes.length === 0) return undefined;
  return { processes, hosts: query.entities.filter((id) => id.startsWith('host:')) };
};

describe('expandInvestigation', () => {
  it('pulls from two sources breadth-first; a failing source is reported, the other used', async () => {
    const log = await eventLog();
    const broken = await edr(true);
    const result = await expandInvestigation({
      seed: 'process:{365ABB72-7C01-5CC4-0000-00102B3E0C00}',
      sources: [
        storeEventSource(log, 'events'),
        connectorActionSource(broken, { action: 'process-tree', input: treeInput }),
      ],
      bounds: { depth: 1, window, maxEvents: 10_000 },
    });
    expect(result.stoppedBy).toBe('depth');
    expect(result.depth).toBe(1);
    const [store, failing] = result.sources;
    expect(store).toMatchObject({ name: 'store:events', queries: 1, errors: [] });
    expect(store?.added).toBe(result.events.length);
    // depth 1: exactly the events that touch the seed process
    const touching = sysmon.filter((event) =>
      JSON.stringify(event).includes('{365ABB72-7C01-5CC4-0000-00102B3E0C00}'),
    );
    expect(result.events).toHaveLength(touching.length);
    expect(failing).toMatchObject({ name: 'broken-edr:process-tree', queries: 1, returned: 0 });
    expect(failing?.errors).toHaveLength(1);
    expect(failing?.errors[0]).toMatchObject({ depth: 1, code: 'CONNECTOR_ACTION' });
    expect(failing?.errors[0]?.message).toContain('503');
    expect(result.entities).toContain('host:iewin7');
  });

  it('goes deeper round by round until nothing new is reached', async () => {
    const log = await eventLog();
    const shallow = await expandInvestigation({
      seed: 'process:{365ABB72-7C01-5CC4-0000-00102B3E0C00}',
      sources: [storeEventSource(log, 'events')],
      bounds: { depth: 1, window, maxEvents: 10_000 },
    });
    const deep = await expandInvestigation({
      seed: 'process:{365ABB72-7C01-5CC4-0000-00102B3E0C00}',
      sources: [storeEventSource(log, 'events')],
      bounds: { depth: 50, window, maxEvents: 10_000 },
    });
    expect(deep.events.length).toBeGreaterThan(shallow.events.length);
    expect(deep.stoppedBy).toBe('exhausted');
    expect(deep.depth).toBeGreaterThan(1);
    // the host links everything on IEWIN7 in the end
    const onHost = sysmon.filter(
      (event) => (event['device'] as { hostname?: string })?.hostname === 'IEWIN7',
    );
    expect(deep.events.length).toBeGreaterThanOrEqual(onHost.length);
  });

  it('uses a working EDR action beside the store, and a finding as seed', async () => {
    const log = await eventLog();
    const working = await edr(false);
    const seed = {
      class_uid: 2004,
      time: 1,
      finding_info: { uid: 'f-1', title: 'Suspicious cmd' },
      evidences: [{ process: { uid: '289748810026' } }],
    };
    const result = await expandInvestigation({
      seed,
      sources: [
        storeEventSource(log, 'events'),
        connectorActionSource(working, { action: 'process-tree', input: treeInput }),
      ],
      bounds: { depth: 2, window, maxEvents: 10_000 },
    });
    expect(result.events[0]).toBe(seed);
    const edrReport = result.sources[1];
    expect(edrReport?.errors).toEqual([]);
    expect(edrReport?.added).toBeGreaterThan(0);
    expect(
      result.events.some(
        (event) =>
          (event['metadata'] as { product?: { name?: string } })?.product?.name === 'Falcon',
      ),
    ).toBe(true);
  });

  it('stops at maxEvents, at the query budget, at the deadline and on abort', async () => {
    const log = await eventLog();
    const sources = [storeEventSource(log, 'events')];
    const seed = 'host:iewin7';
    const capped = await expandInvestigation({
      seed,
      sources,
      bounds: { depth: 5, window, maxEvents: 7 },
    });
    expect(capped.stoppedBy).toBe('max-events');
    expect(capped.events).toHaveLength(7);
    const budgeted = await expandInvestigation({
      seed,
      sources,
      bounds: { depth: 50, window, maxEvents: 10_000 },
      budget: { maxQueries: 1 },
    });
    expect(budgeted.stoppedBy).toBe('budget');
    expect(budgeted.queries).toBe(1);
    let clock = 0;
    const slow: ExpansionSource = {
      name: 'slow',
      async *related() {
        clock += 1_000;
        yield* [];
      },
    };
    const late = await expandInvestigation({
      seed,
      sources: [slow],
      bounds: { depth: 50, window, maxEvents: 10 },
      budget: { deadline: 500 },
      now: () => clock,
    });
    expect(late.stoppedBy).toBe('deadline');
    const controller = new AbortController();
    controller.abort();
    const aborted = await expandInvestigation({
      seed,
      sources,
      bounds: { depth: 5, window, maxEvents: 10 },
      signal: controller.signal,
    });
    expect(aborted.stoppedBy).toBe('aborted');
    expect(aborted.queries).toBe(0);
  });

  it('refuses unusable seeds and bounds', async () => {
    const bounds = { depth: 1, window, maxEvents: 1 };
    await expect(
      expandInvestigation({ seed: 'nonsense', sources: [], bounds }),
    ).rejects.toBeInstanceOf(InvestigationError);
    await expect(
      expandInvestigation({ seed: 'host:a', sources: [], bounds: { ...bounds, depth: -1 } }),
    ).rejects.toThrow(/depth/);
    await expect(
      expandInvestigation({
        seed: 'host:a',
        sources: [],
        bounds: { ...bounds, window: { from: 2, to: 1 } },
      }),
    ).rejects.toThrow(/window/);
  });

  it('searches a SIEM connector through its search capability', async () => {
    const queries: string[] = [];
    const instance = {
      manifest: manifest('toy-siem'),
      search: {
        languages: ['splunk'],
        async *runQuery(query: string) {
          queries.push(query);
          yield* falcon.slice(0, 3);
        },
      },
    } as never;
    const source = connectorSearchSource(instance, {
      query: (q) =>
        `search ${q.entities.map((id) => `"${id.slice(id.indexOf(':') + 1)}"`).join(' OR ')}`,
    });
    const result = await expandInvestigation({
      seed: 'ip:10.0.5.21',
      sources: [source],
      bounds: { depth: 1, window, maxEvents: 100 },
    });
    expect(queries).toEqual(['search "10.0.5.21"']);
    expect(result.sources[0]).toMatchObject({ name: 'toy-siem:search', returned: 3, added: 3 });
  });
});
