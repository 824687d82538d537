/**
 * Measures how a set of Windows recordings normalises: how many records land in OCSF Base Event
 * (class 0), which provider/EventID pairs they are, and whether every output is strictly valid
 * OCSF. Used by `scripts/class-share.ts` and the recordings test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { validateOcsfEvent } from '@openmdr/core';
import { normalizeWindowsEvent } from '../src/index.js';

/** What {@link measureRecordings} counted. */
export interface ClassShare {
  /** Records read (lines that are JSON objects). */
  total: number;
  /** Records normalised to class 0 (Base Event). */
  baseEvents: number;
  /** `baseEvents / total` (0 when there are no records). */
  share: number;
  /** Records the normaliser rejected, with the first error of each kind. */
  failed: number;
  /** Records whose OCSF output is not strictly valid. */
  invalid: number;
  /** `provider|EventID` of the Base Events, most frequent first. */
  baseEventIds: [string, number][];
  /** Records per `class_uid`. */
  classes: Record<number, number>;
  /** Distinct error messages (normaliser and validator), with counts. */
  errors: [string, number][];
}

/** Recording files under `path` (a file, or a folder searched recursively): `.json`, `.jsonl`, `.jsonl.gz`. */
export function recordingFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => recordingFiles(join(path, name)))
    .filter((file) => /\.(json|jsonl)(\.gz)?$/.test(file));
}

function lines(file: string): string[] {
  const bytes = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  return text.split('\n').filter((line) => line.trim() !== '');
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Normalises and validates every record of `files`; see {@link ClassShare}. */
export function measureRecordings(files: readonly string[]): ClassShare {
  let total = 0;
  let baseEvents = 0;
  let failed = 0;
  let invalid = 0;
  const ids = new Map<string, number>();
  const classes: Record<number, number> = {};
  const errors = new Map<string, number>();
  for (const file of files) {
    for (const line of lines(file)) {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        continue;
      }
      if (typeof record !== 'object' || record === null) continue;
      total += 1;
      let event: Record<string, unknown>;
      try {
        event = normalizeWindowsEvent(record);
      } catch (error) {
        failed += 1;
        bump(errors, `normalise: ${(error as Error).message}`);
        continue;
      }
      const classUid = event.class_uid as number;
      classes[classUid] = (classes[classUid] ?? 0) + 1;
      const result = validateOcsfEvent(event, { mode: 'strict' });
      if (result.errors.length > 0) {
        invalid += 1;
        const [first] = result.errors;
        bump(errors, `invalid class ${classUid}: ${first?.path} ${first?.message}`);
      }
      if (classUid === 0) {
        baseEvents += 1;
        const metadata = event.metadata as { log_provider?: string; event_code?: string };
        bump(ids, `${metadata.log_provider}|${metadata.event_code}`);
      }
    }
  }
  const byCount = <K>(map: Map<K, number>): [K, number][] => [...map].sort((a, b) => b[1] - a[1]);
  return {
    total,
    baseEvents,
    share: total === 0 ? 0 : baseEvents / total,
    failed,
    invalid,
    baseEventIds: byCount(ids),
    classes,
    errors: byCount(errors),
  };
}
