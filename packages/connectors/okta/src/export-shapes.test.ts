import { readFileSync } from 'node:fs';
import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { oktaEventHookEvents, unwrapOktaRecord } from './log-event.js';
import { deriveOktaEventId, oktaEventId } from './log-event-id.js';
import { DERIVED_UUID_WARNING, normalizeOktaLogEvent } from './normalize.js';
import { isOktaLogEvent } from './normalize-sources.js';

type Fixture = Record<string, unknown>;
const load = (file: string) =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${file}`, import.meta.url), 'utf8')) as Fixture[];
const records = load('logs.json');
const exports = load('deliveries/logs-deliveries.json');

const withoutUuid = (record: Fixture): Fixture => {
  const { uuid: _uuid, ...rest } = record;
  return rest;
};

describe('System Log events without uuid (SIEM and forwarder exports)', () => {
  it('normalise as the API record does, with a derived uid and a debug warning', () => {
    for (const record of records) {
      const expected = normalizeOktaLogEvent(record);
      const event = normalizeOktaLogEvent(withoutUuid(record));
      expect(validateOcsfEvent(event, { mode: 'strict' }).errors).toEqual([]);
      const metadata = event.metadata as Record<string, unknown>;
      const derived = String(metadata['uid']);
      expect(derived).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-/);
      expect(metadata['debug']).toEqual([DERIVED_UUID_WARNING]);
      const { debug: _debug, ...rest } = metadata;
      expect(JSON.stringify({ ...event, metadata: rest })).toBe(
        JSON.stringify(expected).replaceAll(String(record['uuid']), derived),
      );
    }
  });

  it('derive the same id for every delivery of an event, whatever extra fields an export adds', () => {
    const record = withoutUuid(records[0] as Fixture);
    const reexported = { '@timestamp': '2026-03-02T08:01:00Z', host: 'siem-01', ...record };
    expect(deriveOktaEventId(reexported)).toBe(deriveOktaEventId(structuredClone(record)));
    expect(oktaEventId(records[0] as Fixture)).toBe((records[0] as Fixture)['uuid']);
  });

  it('derive distinct ids for the 20 distinct fixture events and for events one field apart', () => {
    const ids = records.map((record) => deriveOktaEventId(withoutUuid(record)));
    expect(new Set(ids).size).toBe(records.length);
    const base = withoutUuid(records[0] as Fixture);
    const variants: Fixture[] = [
      { ...base, published: '2026-03-02T08:00:05.113Z' },
      { ...base, eventType: 'user.session.end' },
      { ...base, actor: { ...(base['actor'] as Fixture), id: '00uOther' } },
      { ...base, outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } },
      { ...base, transaction: { type: 'WEB', id: 'other-transaction' } },
    ];
    const variantIds = variants.map((variant) => deriveOktaEventId(variant));
    expect(new Set([deriveOktaEventId(base), ...variantIds]).size).toBe(variants.length + 1);
  });
});

describe('other delivery shapes of the same event', () => {
  const [bridge, hook] = exports as [Fixture, Fixture];

  it('read an EventBridge (Okta Log Streaming) event from its detail', () => {
    expect(isOktaLogEvent(bridge)).toBe(true);
    const event = normalizeOktaLogEvent(bridge);
    expect(event).toMatchObject({
      class_uid: 3002,
      metadata: { uid: (bridge['detail'] as Fixture)['uuid'] },
    });
    expect(unwrapOktaRecord(bridge)).toBe(bridge['detail']);
    expect(unwrapOktaRecord(records[0])).toBe(records[0]);
  });

  it('unwrap the events of an event hook delivery, each normalised', () => {
    const events = oktaEventHookEvents(hook) ?? [];
    expect(events).toHaveLength(2);
    const normalised = events.map((record) => normalizeOktaLogEvent(record));
    expect(normalised.map((event) => event.class_uid)).toEqual([3002, 3001]);
    for (const event of normalised) {
      expect(validateOcsfEvent(event, { mode: 'strict' }).errors).toEqual([]);
    }
    expect(oktaEventHookEvents(records[0])).toBeUndefined();
    expect(oktaEventHookEvents({ eventType: 'other', data: { events: [] } })).toBeUndefined();
  });
});
