/**
 * Test helpers of `openmdr investigate`: the committed excerpt, a run of the command, and the
 * invariants every investigation of Windows records must hold.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { testIo } from '../src/commands/test-io.js';
import { main } from '../src/main.js';

/** The EVTX-ATTACK-SAMPLES excerpt (see test/fixtures/investigate/SOURCES.md). */
export const EXCERPT = fileURLToPath(
  new URL('./fixtures/investigate/evtx-attack-lateral-movement.jsonl', import.meta.url),
);

/** The lines of the excerpt. */
export const excerptLines = (): string[] =>
  readFileSync(EXCERPT, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

/** The JSON document of `openmdr investigate`, loosely typed for assertions. */
export interface InvestigationDocument {
  timeline: {
    id: string;
    time: string | null;
    epoch_ms: number | null;
    source: string;
    host: string | null;
    summary: string;
    entities: string[];
    duplicate_of?: string;
  }[];
  graph: {
    nodes: { id: string; kind: string; uid?: string; name?: string }[];
    edges: { from: string; to: string; kind: string }[];
  };
  scope: { hosts: string[]; users: string[] };
  origin: { evidence: string[] } | null;
  impact: { kind: string; evidence: string[] }[];
  skipped: number;
  notes: string[];
}

/** Runs `openmdr <args>`; resolves to the exit code, stdout, stderr and the parsed document. */
export async function runInvestigate(args: string[], stdin = '') {
  const io = testIo(stdin);
  const code = await main(args, io.io);
  const out = io.out();
  let document: InvestigationDocument | undefined;
  if (code !== 2 && out.startsWith('{')) document = JSON.parse(out) as InvestigationDocument;
  return { code, out, err: io.err(), document: document as InvestigationDocument };
}

type WinRecord = {
  Event?: { System?: Record<string, unknown>; EventData?: Record<string, unknown> };
};

/**
 * The invariants of an investigation of Windows records: one timeline entry per record, in time
 * order, times ISO 8601 UTC with milliseconds; for every Sysmon process creation a `spawned` edge
 * from the node with uid ParentProcessGuid to the node with uid ProcessGuid; every Computer in
 * scope.hosts. Returns how many process creations it checked.
 */
export function expectWindowsInvariants(
  document: InvestigationDocument,
  lines: readonly string[],
): number {
  expect(document.timeline).toHaveLength(lines.length);
  let previous = Number.NEGATIVE_INFINITY;
  let untimed = false;
  for (const entry of document.timeline) {
    if (entry.epoch_ms === null) {
      untimed = true;
      continue;
    }
    expect(untimed).toBe(false); // entries without a time come last
    expect(entry.epoch_ms).toBeGreaterThanOrEqual(previous);
    previous = entry.epoch_ms;
    expect(entry.time).toBe(new Date(entry.epoch_ms).toISOString());
  }
  const byUid = new Map<string, string>();
  for (const node of document.graph.nodes) {
    if (node.kind === 'process' && node.uid !== undefined) byUid.set(node.uid, node.id);
  }
  const spawned = new Set(
    document.graph.edges
      .filter((edge) => edge.kind === 'spawned')
      .map((edge) => `${edge.from}>${edge.to}`),
  );
  const hosts = new Set(document.scope.hosts);
  let creations = 0;
  const missing: string[] = [];
  for (const line of lines) {
    let record: WinRecord;
    try {
      record = JSON.parse(line) as WinRecord;
    } catch {
      continue;
    }
    const system = record.Event?.System;
    const data = record.Event?.EventData;
    const computer = system?.['Computer'];
    if (typeof computer === 'string' && !hosts.has(computer)) missing.push(`host ${computer}`);
    const provider = (system?.['Provider'] as { '#attributes'?: { Name?: string } } | undefined)?.[
      '#attributes'
    ]?.Name;
    if (provider !== 'Microsoft-Windows-Sysmon' || Number(system?.['EventID']) !== 1) continue;
    creations += 1;
    const child = byUid.get(String(data?.['ProcessGuid']));
    const parent = byUid.get(String(data?.['ParentProcessGuid']));
    if (child === undefined || parent === undefined || !spawned.has(`${parent}>${child}`)) {
      missing.push(
        `spawned ${String(data?.['ParentProcessGuid'])} > ${String(data?.['ProcessGuid'])}`,
      );
    }
  }
  expect(missing).toEqual([]);
  return creations;
}
