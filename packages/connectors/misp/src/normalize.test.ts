import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NormalizationError } from '@openmdr/connector-kit';
import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { mispIndicatorValue, mispTlp, normalizeMispAttribute } from './normalize.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const attributes = JSON.parse(readFileSync(new URL('attributes.json', fixtures), 'utf8')) as Array<
  Record<string, unknown>
>;
const byType = (type: string) =>
  attributes.find((attribute) => attribute['type'] === type) as Record<string, unknown>;

describe('MISP attribute fixtures', () => {
  const events = attributes.map((attribute) => normalizeMispAttribute(attribute));

  it('are strictly valid OSINT Inventory Info events', () => {
    for (const [index, event] of events.entries()) {
      expect(event.class_uid).toBe(5021);
      expect(validateOcsfEvent(event, { mode: 'strict' }).errors, `event ${index}`).toEqual([]);
    }
  });

  it('match attributes.ocsf.json (-u to rewrite)', async () => {
    await expect(`${JSON.stringify(events, null, 2)}\n`).toMatchFileSnapshot(
      fileURLToPath(new URL('attributes.ocsf.json', fixtures)),
    );
  });
});

describe('normalizeMispAttribute', () => {
  it('maps value, type, TLP, labels, threat level and time', () => {
    expect(normalizeMispAttribute(byType('ip-dst'))).toMatchObject({
      time: 1_772_352_000_000,
      osint: [
        {
          uid: '5f1c8a2e-3b4d-4e5f-8a9b-0c1d2e3f4a01',
          value: '198.51.100.23',
          type_id: 1,
          tlp: 'GREEN',
          severity_id: 4,
          category: 'Network activity',
          desc: 'C2 address',
          name: 'Phishing campaign against finance teams',
          labels: ['misp-galaxy:threat-actor="Example Actor"'],
        },
      ],
      unmapped: { to_ids: true, deleted: false },
    });
  });

  it('takes the indicator part of composite values', () => {
    expect(normalizeMispAttribute(byType('filename|sha256')).osint[0]).toMatchObject({
      type_id: 4,
      value: 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f',
    });
    expect(mispIndicatorValue('ip-dst|port', '203.0.113.7|8443')).toBe('203.0.113.7');
    expect(mispIndicatorValue('regkey|value', 'HKLM\\Run|x.exe')).toBe('HKLM\\Run|x.exe');
  });

  it('reads amber+strict and the most restrictive TLP', () => {
    expect(mispTlp(['tlp:amber+strict'])).toBe('AMBER STRICT');
    expect(mispTlp(['tlp:clear', 'TLP:RED'])).toBe('RED');
    expect(mispTlp(['misp:confidence'])).toBeUndefined();
  });

  it('refuses an attribute without uuid or timestamp with a typed error naming the field', () => {
    const { uuid: _, ...noUuid } = byType('url');
    expect(() => normalizeMispAttribute(noUuid)).toThrow(NormalizationError);
    expect(() => normalizeMispAttribute({ ...byType('url'), timestamp: 'soon' })).toThrow(
      /timestamp/,
    );
  });
});
