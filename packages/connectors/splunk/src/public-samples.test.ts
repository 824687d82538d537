import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NormalizationError } from '@openmdr/connector-kit';
import { isRecord, type JsonRecord } from '@openmdr/connector-kit/normalize';
import { type OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import {
  normalizeSplunkNotable,
  normalizeSplunkSearchResult,
  splunkNormalizeSources,
} from './index.js';

/**
 * Splunk records published by other projects (see `__fixtures__/public/README.md`), laid out as
 * `<source>/<stream>/<file>`: `notables` are ES notables, `search` results of any search (event
 * searches and reporting searches, whose `stats` rows have no `_time`).
 */
const root = fileURLToPath(new URL('./__fixtures__/public/', import.meta.url));

type Stream = 'notables' | 'search';

/** When the search ran, as the `search` stream passes it for rows without a time. */
const searchTime = Date.parse('2026-03-02T08:00:00Z');

interface Sample {
  /** The file, relative to `public/`. */
  readonly file: string;
  readonly source: string;
  readonly stream: Stream;
  readonly record: JsonRecord;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return filesUnder(path);
      return name.endsWith('.json') ? [path] : [];
    });
}

/**
 * A file's JSON documents: one document, or one per line (`jobs/export` output). A byte-order
 * mark, which some of the files start with, is skipped.
 */
function documents(file: string): unknown[] {
  const text = file.replace(/^\uFEFF/, '');
  try {
    return [JSON.parse(text)];
  } catch {
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as unknown);
  }
}

/**
 * The results a document holds, as the REST API's output modes and the SDKs' test files wrap
 * them: `{results: […]}` (`output_mode=json`, a result maybe under `fields`), `{result: {…}}`
 * (a `jobs/export` line), `{fields: […], rows: […]}` (`output_mode=json_rows`), a bare array, a
 * bare result (an object of strings and lists of strings), or any of these under keys naming
 * Splunk versions and cases.
 */
function resultsOf(value: unknown): JsonRecord[] {
  if (Array.isArray(value)) return value.flatMap(resultsOf);
  if (!isRecord(value)) return [];
  const { fields, rows, results, result } = value;
  if (Array.isArray(fields) && Array.isArray(rows)) {
    return rows
      .filter(Array.isArray)
      .map((row) =>
        Object.fromEntries(fields.map((field, index) => [String(field), row[index]] as const)),
      );
  }
  if (Array.isArray(results)) {
    return results
      .map((item) => (isRecord(item) && isRecord(item['fields']) ? item['fields'] : item))
      .filter(isRecord);
  }
  if (isRecord(result)) return [result];
  if (isRow(value)) return [value];
  return Object.values(value).flatMap(resultsOf);
}

/** A result: every value a string, a number or a list of them (a multi-valued field). */
function isRow(value: JsonRecord): boolean {
  const scalar = (item: unknown) => typeof item === 'string' || typeof item === 'number';
  return Object.values(value).every(
    (item) => scalar(item) || (Array.isArray(item) && item.every(scalar)),
  );
}

function samples(): Sample[] {
  return filesUnder(root).flatMap((path) => {
    const file = relative(root, path);
    const [source, stream] = file.split(sep) as [string, Stream];
    return documents(readFileSync(path, 'utf8'))
      .flatMap(resultsOf)
      .map((record) => ({ file, source, stream, record }));
  });
}

const all = samples();

function normalize(sample: Sample): Record<string, unknown> {
  return sample.stream === 'notables'
    ? normalizeSplunkNotable(sample.record, { webUrl: 'https://es.example.com:8000' })
    : normalizeSplunkSearchResult(sample.record, { searchTime });
}

function only(file: string, predicate: (record: JsonRecord) => boolean = () => true): JsonRecord {
  const found = all.filter((sample) => sample.file.endsWith(file) && predicate(sample.record));
  if (found.length === 0) throw new Error(`no public sample ${file}`);
  return (found[0] as Sample).record;
}

describe('public Splunk samples → OCSF', () => {
  it('has samples from at least two independent sources', () => {
    expect(new Set(all.map((sample) => sample.source)).size).toBeGreaterThanOrEqual(2);
  });

  const groups = new Map<string, Sample[]>();
  for (const sample of all) {
    const key = `${sample.source}/${sample.stream}`;
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }

  for (const [group, list] of groups) {
    it(`${group}: ≥ 90% of ${list.length} records normalise, all strictly valid OCSF`, () => {
      let normalised = 0;
      for (const sample of list) {
        let event: Record<string, unknown>;
        try {
          event = normalize(sample);
        } catch (error) {
          expect(error, `${sample.file}: ${String(error)}`).toBeInstanceOf(NormalizationError);
          expect((error as OpenMdrError).details?.['path'], sample.file).toBeTruthy();
          continue;
        }
        normalised += 1;
        expect(event['class_uid'], sample.file).toBe(sample.stream === 'notables' ? 2004 : 0);
        expect(
          validateOcsfEvent(event, { mode: 'strict' }).errors,
          `${sample.file}: ${JSON.stringify(sample.record).slice(0, 200)}`,
        ).toEqual([]);
      }
      expect(
        normalised / list.length,
        `${group}: ${normalised}/${list.length}`,
      ).toBeGreaterThanOrEqual(0.9);
    });
  }

  it('are told apart by the openmdr normalize sources: notables from event results', () => {
    const notables = splunkNormalizeSources.find((source) => source.id === 'splunk/notables');
    for (const sample of all.filter((item) => '_time' in item.record)) {
      expect(notables?.matches(sample.record), sample.file).toBe(sample.stream === 'notables');
    }
  });

  it('times a reporting row by the search, and without a search time rejects it naming _time', () => {
    const rows = all.filter((sample) => sample.stream === 'search' && !('_time' in sample.record));
    expect(rows.length).toBeGreaterThan(0);
    // an event is timed by its own `_time`, with or without a search time
    for (const sample of all.filter((item) => item.stream === 'search' && '_time' in item.record)) {
      expect(normalizeSplunkSearchResult(sample.record).time, sample.file).not.toBe(searchTime);
    }
    for (const sample of rows) {
      expect(normalizeSplunkSearchResult(sample.record, { searchTime }).time).toBe(searchTime);
      let error: unknown;
      try {
        normalizeSplunkSearchResult(sample.record);
      } catch (caught) {
        error = caught;
      }
      expect(error, sample.file).toBeInstanceOf(NormalizationError);
      expect((error as OpenMdrError).details?.['path'], sample.file).toBe('_time');
    }
  });
});

describe('public Splunk samples: mapped values', () => {
  it('demisto SplunkPy notable: rule, informational urgency, status, user, domain', () => {
    const notable = only('test_notable_event.json');
    const event = normalizeSplunkNotable(notable);
    expect(event.finding_info.title).toBe('Root user use');
    expect(event.finding_info.analytic?.name).toBe('Root sucess');
    expect(event.finding_info.uid).toBe(
      '5E6DE97D-B137-47AB-8905-8C4F42998937@@notable@@e4f07602f507975e9f7ba47c4ae0c417',
    );
    expect(event.finding_info.types).toEqual(['identity']);
    expect(event.severity_id).toBe(1);
    expect(event.status_id).toBe(1);
    expect(event.status_detail).toBe('New');
    expect(event.activity_id).toBe(1);
    expect(event.time).toBe(Date.parse('2024-06-05T09:15:24.000+00:00'));
    expect(event.assignee).toBeUndefined();
    // the masked `xxx.xxx.x.x` is no address: it is kept as the host's name
    expect(event.device?.hostname).toBe('xxx.xxx.x.x');
    expect(event.device?.ip).toBeUndefined();
    expect(event.evidences?.[0]?.actor?.user?.name).toBe('root');
    // `risk_score: "xx"` is no number: no score, the value stays in unmapped
    expect(event.risk_score).toBeUndefined();
    expect(event.unmapped?.['disposition_label']).toBe('Undetermined');
  });

  it('demisto SplunkPy fetch response: low urgency, asset, risk score, bucket id', () => {
    const notable = only('response_two_events.json');
    const event = normalizeSplunkNotable(notable);
    expect(event.severity_id).toBe(2);
    expect(event.time).toBe(Date.parse('2020-08-24T19:10:17.000Z'));
    expect(event.finding_info.uid).toBe(
      'notable~668~66D21DF4-F4FD-4886-A986-82E72ADCBFE9:668:17198',
    );
    expect(event.finding_info.analytic?.name).toBe('Endpoint - Recurring Malware Infection - Rule');
    expect(event.device).toMatchObject({ hostname: 'ACME-workstation-012', ip: '192.168.3.12' });
    expect(event.evidences?.[0]?.dst_endpoint).toEqual({
      hostname: 'ACME-workstation-012',
      ip: '192.168.3.12',
    });
    expect(event.risk_score).toBe(15680);
    expect(event.status_id).toBe(0);
    expect(event.unmapped?.['dest_asset_tag']).toEqual(['cardholder', 'pci', 'americas']);
  });

  it('splunk-sdk-java results: ISO and zone-name times, host, user, json_rows', () => {
    const pst = normalizeSplunkSearchResult(
      only('export_test_data.json', (record) => record['_cd'] === '1:4419005'),
    );
    expect(pst.time).toBe(Date.parse('2013-02-11T10:43:01.060-08:00'));
    expect(pst.metadata.original_time).toBe('2013-02-11 10:43:01.060 PST');
    expect(pst.device?.hostname).toBe('fross-mbp15.local');
    const access = normalizeSplunkSearchResult(
      only('resultsreader_test_data.json', (record) => record['user'] === 'admin'),
    );
    expect(access.actor?.user?.name).toBe('admin');
    expect(access.metadata.log_name).toBe('_internal');
    expect(access.observables).toContainEqual(
      expect.objectContaining({ name: 'clientip', type_id: 2, value: '127.0.0.1' }),
    );
    const oneshot = normalizeSplunkSearchResult(only('resultsMVOneshot4.json'));
    expect(oneshot.time).toBe(Date.parse('2012-11-16T12:53:04.502-08:00'));
    expect(oneshot.message).toBe('2012-11-16 12:53:04.502 -0800 Interrupt signal received');
    const rows = all.filter((sample) => sample.file.endsWith(`search${sep}results.json`));
    expect(rows.length).toBe(10);
    expect(normalizeSplunkSearchResult((rows[0] as Sample).record).unmapped?.['_si']).toEqual([
      'fross-mbp15.local',
      '_internal',
    ]);
  });
});
