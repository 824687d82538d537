import { CompareAndSetConflict, type JsonValue, type TenantStore } from '@openmdr/core';
import type { InvestigationAssessment } from '../assessment/assessment-types.js';
import { InvestigationError } from '../error-codes.js';
import type { InvestigationGraph } from '../graph/graph-types.js';
import { checkWindow, compareEntries, type TimeWindow } from '../timeline/build-timeline.js';
import type { TimelineEntry } from '../timeline/timeline-types.js';
import { type MergeGraphsOptions, mergeInvestigationGraphs } from './merge-graphs.js';

/** Options of {@link createInvestigationStore}. */
export interface InvestigationStoreOptions {
  /** A timeline chunk (one append-log entry) holds at most this many characters of JSON; default 262 144. */
  chunkChars?: number;
  /** …and at most this many entries; default 1 000. */
  chunkEntries?: number;
  /** How many times `mergeGraph` retries after a concurrent write; default 5. */
  mergeRetries?: number;
  /** Evidence limit of merged edges; default 20. */
  evidenceLimit?: number;
}

/** A stored value and its version (the state store's: 1 on the first write, +1 per write). */
export interface Versioned<T> {
  value: T;
  version: number;
}

/** What {@link InvestigationStore.appendTimeline} wrote. */
export interface AppendTimelineResult {
  /** Entries written. */
  entries: number;
  /** Chunks (append-log entries) they took. */
  chunks: number;
}

/**
 * Per case: the investigation graph, the assessment and the timeline, in a tenant's store. The
 * graph and the assessment are versioned state values (compare-and-set); the timeline is an
 * append-only stream of chunks bounded in size, each with the time range it covers.
 */
export interface InvestigationStore {
  /**
   * Replaces the case's graph. With `expectedVersion` (`null`: only when absent), only when the
   * stored version is that one (`CompareAndSetConflict` otherwise).
   * @returns the new version.
   */
  saveGraph(
    caseId: string,
    graph: InvestigationGraph,
    expectedVersion?: number | null,
  ): Promise<number>;
  /** The case's graph and its version, or `undefined`. */
  loadGraph(caseId: string): Promise<Versioned<InvestigationGraph> | undefined>;
  /**
   * Merges `graph` into the stored one (by node and edge ids: counts added, first/last widened),
   * atomically against concurrent merges (compare-and-set, retried).
   * @returns the merged graph and its new version.
   */
  mergeGraph(caseId: string, graph: InvestigationGraph): Promise<Versioned<InvestigationGraph>>;
  /** Replaces the case's assessment (same versioning as {@link InvestigationStore.saveGraph}). */
  saveAssessment(
    caseId: string,
    assessment: InvestigationAssessment,
    expectedVersion?: number | null,
  ): Promise<number>;
  /** The case's assessment and its version, or `undefined`. */
  loadAssessment(caseId: string): Promise<Versioned<InvestigationAssessment> | undefined>;
  /** Appends timeline entries, in chunks bounded by the size limits, in one atomic append. */
  appendTimeline(caseId: string, entries: readonly TimelineEntry[]): Promise<AppendTimelineResult>;
  /**
   * The case's timeline entries whose time lies in the window (both ends inclusive; no window:
   * all, entries without time included), in timeline order. Chunks outside the window are skipped.
   */
  readTimeline(caseId: string, window?: TimeWindow): Promise<TimelineEntry[]>;
}

interface StoredChunk {
  /** Format of the chunk. */
  v: 1;
  /** Smallest and largest finite time of the chunk's entries (null: none has a time). */
  from: number | null;
  to: number | null;
  /** Whether some entry has no time. */
  untimed: boolean;
  entries: TimelineEntry[];
}

const caseKey = (caseId: string, part: string) => `investigation:${caseId}:${part}`;
const PAGE = 64;

function checkCaseId(caseId: string): void {
  if (typeof caseId !== 'string' || caseId.length === 0 || caseId.length > 256) {
    throw new InvestigationError(
      'INVESTIGATION_INVALID',
      'a case id must be a string of 1 to 256 characters',
    );
  }
}

function toChunk(entries: TimelineEntry[]): StoredChunk {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  let untimed = false;
  for (const entry of entries) {
    if (Number.isFinite(entry.time)) {
      if (entry.time < from) from = entry.time;
      if (entry.time > to) to = entry.time;
    } else untimed = true;
  }
  return {
    v: 1,
    from: Number.isFinite(from) ? from : null,
    to: Number.isFinite(to) ? to : null,
    untimed,
    entries,
  };
}

function revive(entry: TimelineEntry): TimelineEntry {
  if (entry.time === null) entry.time = Number.NaN;
  if (entry.reportedTime === null) entry.reportedTime = Number.NaN;
  return entry;
}

/**
 * The investigation store of one tenant: graph, assessment and timeline per case, over the core
 * `TenantStore` (memory, PGlite, PostgreSQL or Redis alike), so a case of one tenant is never
 * read from another's. Keys: state `investigation:<case>:graph` and `…:assessment`, stream
 * `investigation:<case>:timeline`.
 */
export function createInvestigationStore(
  store: TenantStore,
  options: InvestigationStoreOptions = {},
): InvestigationStore {
  const chunkChars = options.chunkChars ?? 262_144;
  const chunkEntries = options.chunkEntries ?? 1_000;
  const retries = options.mergeRetries ?? 5;
  const mergeOptions: MergeGraphsOptions =
    options.evidenceLimit === undefined ? {} : { evidenceLimit: options.evidenceLimit };

  async function save(
    key: string,
    value: unknown,
    expected: number | null | undefined,
  ): Promise<number> {
    const json = value as unknown as JsonValue;
    return expected === undefined
      ? store.state.set(key, json)
      : store.state.compareAndSet(key, expected, json);
  }
  async function load<T>(key: string): Promise<Versioned<T> | undefined> {
    const found = await store.state.get(key);
    return found === undefined
      ? undefined
      : { value: found.value as unknown as T, version: found.version };
  }

  return {
    async saveGraph(caseId, graph, expectedVersion) {
      checkCaseId(caseId);
      return save(caseKey(caseId, 'graph'), graph, expectedVersion);
    },
    async loadGraph(caseId) {
      checkCaseId(caseId);
      return load<InvestigationGraph>(caseKey(caseId, 'graph'));
    },
    async mergeGraph(caseId, graph) {
      checkCaseId(caseId);
      const key = caseKey(caseId, 'graph');
      for (let attempt = 0; ; attempt += 1) {
        const current = await load<InvestigationGraph>(key);
        const merged =
          current === undefined
            ? mergeInvestigationGraphs([graph], mergeOptions)
            : mergeInvestigationGraphs([current.value, graph], mergeOptions);
        try {
          const version = await store.state.compareAndSet(
            key,
            current?.version ?? null,
            merged as unknown as JsonValue,
          );
          return { value: merged, version };
        } catch (error) {
          if (!CompareAndSetConflict.isInstance(error) || attempt >= retries) throw error;
        }
      }
    },
    async saveAssessment(caseId, assessment, expectedVersion) {
      checkCaseId(caseId);
      return save(caseKey(caseId, 'assessment'), assessment, expectedVersion);
    },
    async loadAssessment(caseId) {
      checkCaseId(caseId);
      return load<InvestigationAssessment>(caseKey(caseId, 'assessment'));
    },
    async appendTimeline(caseId, entries) {
      checkCaseId(caseId);
      const chunks: StoredChunk[] = [];
      let current: TimelineEntry[] = [];
      let size = 0;
      for (const entry of entries) {
        const length = JSON.stringify(entry).length + 1;
        if (current.length > 0 && (size + length > chunkChars || current.length >= chunkEntries)) {
          chunks.push(toChunk(current));
          current = [];
          size = 0;
        }
        current.push(entry);
        size += length;
      }
      if (current.length > 0) chunks.push(toChunk(current));
      if (chunks.length > 0) {
        await store.log.append(caseKey(caseId, 'timeline'), chunks as unknown as JsonValue[]);
      }
      return { entries: entries.length, chunks: chunks.length };
    },
    async readTimeline(caseId, window) {
      checkCaseId(caseId);
      const { from, to } = checkWindow(window);
      const bounded = window !== undefined;
      const stream = caseKey(caseId, 'timeline');
      const out: { entry: TimelineEntry; order: number }[] = [];
      let next = 1;
      let order = 0;
      for (;;) {
        const page = await store.log.read<JsonValue>(stream, { from: next, limit: PAGE });
        for (const logEntry of page) {
          const chunk = logEntry.data as unknown as StoredChunk;
          const overlaps =
            !bounded ||
            (chunk.from !== null && chunk.to !== null && chunk.to >= from && chunk.from <= to);
          if (!overlaps) {
            order += chunk.entries.length;
            continue;
          }
          for (const stored of chunk.entries) {
            const entry = revive(stored);
            order += 1;
            if (bounded && !(entry.time >= from && entry.time <= to)) continue;
            out.push({ entry, order });
          }
        }
        if (page.length < PAGE) break;
        next = (page[page.length - 1]?.sequence ?? next) + 1;
      }
      out.sort((a, b) => compareEntries(a.entry, b.entry, a.order, b.order));
      return out.map(({ entry }) => entry);
    },
  };
}
