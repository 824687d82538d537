import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeWindowsEvent } from '@openmdr/connector-windows';

/** One Windows record in the EVTX export shape (`{Event: {System, EventData}}`). */
export interface WindowsRecord {
  Event: {
    System: {
      Provider: { '#attributes': { Name: string } };
      EventID: number;
      EventRecordID: number;
      Computer: string;
    };
    EventData?: Record<string, unknown>;
  };
}

/** The records of a sample and their OCSF events (records the normaliser rejects are left out). */
export interface NormalisedSample {
  records: WindowsRecord[];
  events: Record<string, unknown>[];
}

/** The directory of the committed EVTX-ATTACK-SAMPLES excerpts. */
export const SAMPLES_DIR = join(import.meta.dirname, 'fixtures', 'evtx-attack-samples');

/** The sample names (file names without `.jsonl`). */
export function sampleNames(): string[] {
  return readdirSync(SAMPLES_DIR)
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => name.slice(0, -'.jsonl'.length))
    .sort();
}

/** Reads JSON lines of Windows records and normalises them with @openmdr/connector-windows. */
export function normaliseLines(text: string): NormalisedSample {
  const records: WindowsRecord[] = [];
  const events: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as WindowsRecord;
    try {
      events.push(normalizeWindowsEvent(record) as Record<string, unknown>);
      records.push(record);
    } catch {
      // Records the normaliser cannot map (MsiInstaller without a product) are not events.
    }
  }
  return { records, events };
}

/** Loads one committed sample. */
export function loadSample(name: string): NormalisedSample {
  return normaliseLines(readFileSync(join(SAMPLES_DIR, `${name}.jsonl`), 'utf8'));
}

/** Whether a record is a Sysmon process creation (EventID 1). */
export function isSysmonProcessCreate(record: WindowsRecord): boolean {
  const system = record.Event.System;
  return system.Provider['#attributes'].Name === 'Microsoft-Windows-Sysmon' && system.EventID === 1;
}

/** What the invariants require of a graph and scope built from Windows records. */
export interface InvariantReport {
  /** Sysmon EventID 1 records seen. */
  processCreations: number;
  /** `spawned` edges `process:<ParentProcessGuid>` → `process:<ProcessGuid>` that are missing. */
  missingSpawned: string[];
  /** Process nodes of a ProcessGuid whose `uid` is not that guid. */
  wrongUid: string[];
  /** `Computer` values absent from `scope.hosts`. */
  missingHosts: string[];
}

/** Checks the invariants over records and the graph/scope built from their events. */
export function checkInvariants(
  records: readonly WindowsRecord[],
  graph: {
    nodes: ReadonlyArray<{ id: string; uid?: string }>;
    edges: ReadonlyArray<{ id: string }>;
  },
  hosts: readonly string[],
): InvariantReport {
  const edgeIds = new Set(graph.edges.map((edge) => edge.id));
  const uids = new Map(graph.nodes.map((node) => [node.id, node.uid]));
  const hostSet = new Set(hosts);
  const report: InvariantReport = {
    processCreations: 0,
    missingSpawned: [],
    wrongUid: [],
    missingHosts: [],
  };
  const missingHosts = new Set<string>();
  for (const record of records) {
    const computer = record.Event.System.Computer;
    if (!hostSet.has(computer)) missingHosts.add(computer);
    if (!isSysmonProcessCreate(record)) continue;
    report.processCreations += 1;
    const data = record.Event.EventData ?? {};
    const parent = String(data.ParentProcessGuid);
    const child = String(data.ProcessGuid);
    const id = `process:${parent}|spawned|process:${child}`;
    if (!edgeIds.has(id)) report.missingSpawned.push(id);
    for (const guid of [parent, child]) {
      if (uids.get(`process:${guid}`) !== guid) report.wrongUid.push(guid);
    }
  }
  report.missingHosts = [...missingHosts];
  return report;
}
