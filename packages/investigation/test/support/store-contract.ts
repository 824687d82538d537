import { CompareAndSetConflict, type Store } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import {
  buildTimeline,
  createInvestigationStore,
  type InvestigationAssessment,
  type InvestigationGraph,
} from '../../src/index.js';
import { falconItems, windowsItems } from '../real-records.js';

const graphA: InvestigationGraph = {
  nodes: [
    {
      id: 'host:ws-1',
      kind: 'host',
      name: 'WS-1',
      firstSeen: 100,
      lastSeen: 200,
      count: 2,
      attributes: { os: 'Windows' },
    },
    {
      id: 'process:p1',
      kind: 'process',
      uid: 'p1',
      firstSeen: 100,
      lastSeen: 100,
      count: 1,
      attributes: { pid: 4 },
    },
  ],
  edges: [
    {
      id: 'process:p1|executed-on|host:ws-1',
      from: 'process:p1',
      to: 'host:ws-1',
      kind: 'executed-on',
      firstSeen: 100,
      lastSeen: 100,
      count: 1,
      evidence: ['e1'],
    },
  ],
};
const graphB: InvestigationGraph = {
  nodes: [
    {
      id: 'host:ws-1',
      kind: 'host',
      name: 'ws-1',
      firstSeen: 50,
      lastSeen: 150,
      count: 3,
      attributes: { os: 'Linux', domain: 'corp' },
    },
    {
      id: 'ip:10.0.0.1',
      kind: 'ip',
      name: '10.0.0.1',
      firstSeen: 60,
      lastSeen: 60,
      count: 1,
      attributes: {},
    },
  ],
  edges: [
    {
      id: 'process:p1|executed-on|host:ws-1',
      from: 'process:p1',
      to: 'host:ws-1',
      kind: 'executed-on',
      firstSeen: 300,
      lastSeen: 300,
      count: 2,
      evidence: ['e1', 'e2'],
    },
  ],
};

/** The investigation store's behaviour, run on each core store adapter. */
export function describeInvestigationStore(name: string, open: () => Promise<Store>): void {
  describe(`investigation store on ${name}`, () => {
    it('saves, loads and merges graphs with versions, per tenant', async () => {
      const store = await open();
      const acme = createInvestigationStore(store.forTenant('acme'));
      const other = createInvestigationStore(store.forTenant('other'));
      expect(await acme.loadGraph('case-1')).toBeUndefined();
      expect(await acme.saveGraph('case-1', graphA, null)).toBe(1);
      await expect(acme.saveGraph('case-1', graphA, null)).rejects.toSatisfy((error) =>
        CompareAndSetConflict.isInstance(error),
      );
      expect(await acme.loadGraph('case-1')).toEqual({ value: graphA, version: 1 });
      expect(await other.loadGraph('case-1')).toBeUndefined();

      const merged = await acme.mergeGraph('case-1', graphB);
      expect(merged.version).toBe(2);
      const host = merged.value.nodes.find((node) => node.id === 'host:ws-1');
      expect(host).toEqual({
        id: 'host:ws-1',
        kind: 'host',
        name: 'WS-1',
        firstSeen: 50,
        lastSeen: 200,
        count: 5,
        attributes: { os: 'Windows', domain: 'corp' },
      });
      expect(merged.value.nodes.map((node) => node.id)).toEqual([
        'host:ws-1',
        'process:p1',
        'ip:10.0.0.1',
      ]);
      expect(merged.value.edges).toEqual([
        { ...graphA.edges[0], firstSeen: 100, lastSeen: 300, count: 3, evidence: ['e1', 'e2'] },
      ]);
      expect(await acme.loadGraph('case-1')).toEqual(merged);
      // a merge into a case without graph stores the graph
      expect((await other.mergeGraph('case-1', graphB)).version).toBe(1);
      await store.close();
    });

    it('keeps concurrent merges (compare-and-set, retried)', async () => {
      const store = await open();
      const cases = createInvestigationStore(store.forTenant('acme'));
      const one = (id: string): InvestigationGraph => ({
        nodes: [{ id, kind: 'ip', firstSeen: 1, lastSeen: 1, count: 1, attributes: {} }],
        edges: [],
      });
      await Promise.all(
        ['ip:1', 'ip:2', 'ip:3', 'ip:4'].map((id) => cases.mergeGraph('c', one(id))),
      );
      const loaded = await cases.loadGraph('c');
      expect(loaded?.value.nodes.map((node) => node.id).sort()).toEqual([
        'ip:1',
        'ip:2',
        'ip:3',
        'ip:4',
      ]);
      expect(loaded?.version).toBe(4);
      await store.close();
    });

    it('saves the assessment', async () => {
      const store = await open();
      const cases = createInvestigationStore(store.forTenant('acme'));
      const assessment = { scope: { hosts: ['ws-1'] } } as unknown as InvestigationAssessment;
      expect(await cases.saveAssessment('c', assessment)).toBe(1);
      expect(await cases.loadAssessment('c')).toEqual({ value: assessment, version: 1 });
      await store.close();
    });

    it('appends the timeline in bounded chunks and reads it back by window, in order', async () => {
      const store = await open();
      const cases = createInvestigationStore(store.forTenant('acme'), {
        chunkChars: 8_000,
        chunkEntries: 25,
      });
      const entries = buildTimeline([...windowsItems(), ...falconItems()]);
      const half = Math.floor(entries.length / 2);
      // appended out of order: the second half first
      const first = await cases.appendTimeline('c', entries.slice(half));
      const second = await cases.appendTimeline('c', entries.slice(0, half));
      expect(first.entries + second.entries).toBe(entries.length);
      expect(first.chunks).toBeGreaterThan(Math.ceil((entries.length - half) / 25) - 1);
      const all = await cases.readTimeline('c');
      expect(all.map((entry) => entry.id)).toEqual(entries.map((entry) => entry.id));
      expect(all).toEqual(entries);
      const from = (entries[10] as { time: number }).time;
      const to = (entries[40] as { time: number }).time;
      const windowed = await cases.readTimeline('c', { from, to });
      expect(windowed).toEqual(entries.filter((entry) => entry.time >= from && entry.time <= to));
      expect(await createInvestigationStore(store.forTenant('other')).readTimeline('c')).toEqual(
        [],
      );
      await store.close();
    });
  });
}
