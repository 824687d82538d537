/**
 * A deterministic stream of real-shaped OCSF events for the multi-process detection test and
 * benchmark: the committed Windows recordings (OTRF Security-Datasets, EVTX-ATTACK-SAMPLES)
 * normalised with the Windows connector, repeated over many hosts and users with increasing
 * times, and the rules and correlations that fire on them.
 *
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { normalizeWindowsEvent } from '@openmdr/connectors/windows';
import type { JsonValue } from '@openmdr/core';

const repository = fileURLToPath(new URL('../../../../', import.meta.url));

/** The Sigma rules (31 SigmaHQ rules that fire on the recordings) of the fixture. */
export const STREAM_RULES_DIR = fileURLToPath(
  new URL('../fixtures/stream-workers/rules', import.meta.url),
);
/** Two correlations over those rules, grouped by host (`Computer`): event_count and value_count. */
export const STREAM_CORRELATIONS_FILE = fileURLToPath(
  new URL('../fixtures/stream-workers/correlations.yml', import.meta.url),
);

function recordsOf(): unknown[] {
  const records: unknown[] = [];
  const recordings = join(repository, 'packages/connectors/windows/fixtures/recordings');
  for (const file of readdirSync(recordings)
    .filter((name) => name.endsWith('.jsonl.gz'))
    .sort())
    for (const line of gunzipSync(readFileSync(join(recordings, file)))
      .toString()
      .split('\n'))
      if (line.trim() !== '') records.push(JSON.parse(line));
  const samples = join(repository, 'packages/investigation/test/fixtures/evtx-attack-samples');
  for (const file of readdirSync(samples)
    .filter((name) => name.endsWith('.jsonl'))
    .sort())
    for (const line of readFileSync(join(samples, file), 'utf8').split('\n'))
      if (line.trim() !== '') records.push(JSON.parse(line));
  return records;
}

let templates: string[] | undefined;

/** The normalised recordings, as JSON text (1,946 events). */
export function streamTemplates(): readonly string[] {
  templates ??= recordsOf().map((record) => JSON.stringify(normalizeWindowsEvent(record)));
  return templates;
}

/** A deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Account names left as they are (machine and service accounts that rules look for). */
const SERVICE_ACCOUNT = /system|service|\$$|^-$|^$/i;

function renameUser(holder: unknown, name: string): void {
  const user = (holder as { user?: { name?: unknown } } | undefined)?.user;
  if (user === undefined || typeof user.name !== 'string' || SERVICE_ACCOUNT.test(user.name))
    return;
  user.name = name;
}

/** Options of {@link streamEvents}. */
export interface StreamEventsOptions {
  /** How many events. */
  readonly count: number;
  /** The seed of the hosts and users. Defaults to 21. */
  readonly seed?: number;
  /** How many hosts. Defaults to 24. */
  readonly hosts?: number;
  /** How many users. Defaults to 12. */
  readonly users?: number;
  /** The first event time (epoch ms). Defaults to 2026-01-05T08:00:00Z. */
  readonly start?: number;
  /** Milliseconds between consecutive events. Defaults to 1,000. */
  readonly stepMs?: number;
}

/**
 * The events, in time order: the templates in turn, each on a host and (for non-service
 * accounts) a user drawn from the seed, at `start + index × stepMs`, with a unique
 * `metadata.uid`.
 */
export function* streamEvents(options: StreamEventsOptions): Generator<Record<string, JsonValue>> {
  const all = streamTemplates();
  const next = random(options.seed ?? 21);
  const hosts = options.hosts ?? 24;
  const users = options.users ?? 12;
  const start = options.start ?? Date.UTC(2026, 0, 5, 8);
  const step = options.stepMs ?? 1_000;
  for (let index = 0; index < options.count; index++) {
    const event = JSON.parse(all[index % all.length] as string) as Record<string, JsonValue>;
    const host = `ws-${String(Math.floor(next() * hosts)).padStart(3, '0')}.corp.example`;
    const user = `user${Math.floor(next() * users)}`;
    event['time'] = start + index * step;
    delete event['time_dt'];
    const metadata = (event['metadata'] ?? {}) as Record<string, JsonValue>;
    metadata['uid'] = `stream-${index}`;
    event['metadata'] = metadata;
    const device = (event['device'] ?? {}) as Record<string, JsonValue>;
    device['hostname'] = host;
    delete device['name'];
    event['device'] = device;
    renameUser(event, user);
    renameUser(event['actor'], user);
    renameUser(event['process'], user);
    yield event;
  }
}
