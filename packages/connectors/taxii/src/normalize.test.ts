import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NormalizationError } from '@openmdr/connector-kit';
import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import {
  normalizeTaxiiIndicator,
  normalizeTaxiiObject,
  taxiiNormalizeSources,
} from './normalize.js';
import { tlpOfMarkings } from './stix-values.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const objects = JSON.parse(readFileSync(new URL('objects.json', fixtures), 'utf8')) as Array<
  Record<string, unknown>
>;
const served = objects.map(({ date_added: _, ...object }) => object);
const byId = (id: string) =>
  served.find((object) => object['id'] === id) as Record<string, unknown>;

describe('TAXII objects fixtures', () => {
  const events = served.flatMap((object) => normalizeTaxiiObject(object));

  it('give one OSINT Inventory Info event per indicator and none for other objects', () => {
    expect(events).toHaveLength(served.filter((object) => object['type'] === 'indicator').length);
    for (const [index, event] of events.entries()) {
      const result = validateOcsfEvent(event, { mode: 'strict' });
      expect(result.errors, `event ${index}`).toEqual([]);
    }
  });

  it('match objects.ocsf.json (-u to rewrite)', async () => {
    await expect(`${JSON.stringify(events, null, 2)}\n`).toMatchFileSnapshot(
      fileURLToPath(new URL('objects.ocsf.json', fixtures)),
    );
  });
});

describe('normalizeTaxiiIndicator', () => {
  it('maps a single-comparison pattern to its value, type, TLP and confidence', () => {
    const event = normalizeTaxiiIndicator(byId('indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'));
    expect(event).toMatchObject({
      class_uid: 5021,
      activity_id: 2,
      confidence_score: 85,
      osint: [
        {
          uid: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
          value: '198.51.100.23',
          type_id: 1,
          tlp: 'GREEN',
          confidence_id: 3,
          detection_pattern: "[ipv4-addr:value = '198.51.100.23']",
          detection_pattern_type_id: 1,
          expiration_time: Date.parse('2026-06-01T00:00:00Z'),
          labels: ['malicious-activity'],
        },
      ],
    });
  });

  it('keeps a compound pattern whole and types it by its first object', () => {
    const event = normalizeTaxiiIndicator(byId('indicator--0d1e4f7b-9a3c-4d22-8e5f-6b7a8c9d0e1f'));
    expect(event.osint[0]).toMatchObject({ type_id: 5, confidence_id: 1 });
    expect(event.osint[0]?.value).toContain(' OR ');
  });

  it('names a hash and a YARA rule', () => {
    const hash = normalizeTaxiiIndicator(byId('indicator--c7f3e1de-8f6e-4c4b-9c8e-3b3c1d2a9e11'));
    expect(hash.osint[0]).toMatchObject({ type_id: 4, value: expect.stringMatching(/^aec0/) });
    const yara = normalizeTaxiiIndicator(byId('indicator--5b6c7d8e-1f2a-4b3c-9d4e-5f6a7b8c9d0e'));
    expect(yara.osint[0]).toMatchObject({ detection_pattern_type_id: 6, type_id: 0 });
  });

  it('refuses what is not an indicator with a typed error naming the field', () => {
    expect(() => normalizeTaxiiIndicator({ type: 'indicator', id: 'indicator--x' })).toThrow(
      NormalizationError,
    );
    expect(() => normalizeTaxiiObject({ id: 'x' })).toThrow(/type/);
    expect(normalizeTaxiiObject(byId('identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01'))).toEqual(
      [],
    );
  });

  it('picks the most restrictive TLP of several markings', () => {
    expect(
      tlpOfMarkings([
        'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
        'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
      ]),
    ).toBe('RED');
    expect(tlpOfMarkings(['marking-definition--unknown'])).toBeUndefined();
  });

  it('is offered to openmdr normalize for indicators only', () => {
    const [objectsSource] = taxiiNormalizeSources;
    expect(objectsSource?.id).toBe('taxii/objects');
    expect(objectsSource?.matches(byId('indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'))).toBe(
      true,
    );
    expect(objectsSource?.matches(byId('identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01'))).toBe(
      false,
    );
  });
});
