import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downConvertOcsf, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import {
  normalizeLakeEvent,
  SECURITYLAKE_UNMAPPED_KEY,
  securitylakeNormalizeSources,
} from './normalize.js';

type OcsfEvent = Record<string, unknown>;
const connectorsDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every golden OCSF event of the connector packages. */
async function goldenEvents(): Promise<OcsfEvent[]> {
  const events: OcsfEvent[] = [];
  for (const pkg of (await readdir(connectorsDir)).sort()) {
    const fixtures = join(connectorsDir, pkg, 'src', '__fixtures__');
    const names = await readdir(fixtures).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.ocsf.json')).sort()) {
      const parsed = JSON.parse(await readFile(join(fixtures, name), 'utf8')) as unknown;
      for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
        if (typeof (item as OcsfEvent | null)?.['class_uid'] === 'number') events.push(item);
      }
    }
  }
  return events;
}

describe('normalizeLakeEvent', () => {
  it('brings OCSF 1.1.0 lake events back to strictly valid OCSF 1.8.0, moving what 1.8.0 refuses to unmapped', async () => {
    const events = await goldenEvents();
    let valid = 0;
    let moved = 0;
    let refused = 0;
    for (const original of events) {
      const stored = downConvertOcsf(original, '1.1.0').event;
      if (stored === undefined) continue;
      let event: OcsfEvent;
      try {
        event = normalizeLakeEvent(stored) as OcsfEvent;
      } catch (error) {
        // only events whose required content OCSF 1.1.0 could not carry are refused
        expect(error).toMatchObject({ code: 'NORMALIZE_FAILED' });
        refused += 1;
        continue;
      }
      expect(validateOcsfEvent(event, { mode: 'strict' }).errors).toEqual([]);
      expect((event['metadata'] as OcsfEvent)['version']).toBe('1.8.0');
      expect(event['class_uid']).toBe(stored['class_uid']);
      expect(event['time']).toBe(stored['time']);
      valid += 1;
      if ((event['unmapped'] as OcsfEvent | undefined)?.[SECURITYLAKE_UNMAPPED_KEY]) moved += 1;
    }
    expect(valid).toBeGreaterThan(900);
    expect(moved).toBeGreaterThan(0);
    expect(refused).toBeLessThan(valid / 20);
  });

  it('moves an evidence item that 1.8.0 refuses (emptied by the down-conversion) to unmapped', () => {
    const event = normalizeLakeEvent({
      class_uid: 2004,
      activity_id: 1,
      severity_id: 3,
      time: 1_772_438_405_000,
      metadata: { version: '1.1.0', product: { name: 'Example', vendor_name: 'Example' } },
      finding_info: { uid: 'f-1', title: 'Example finding' },
      // the first item held only attributes OCSF 1.1.0 lacks: the down-conversion emptied it
      evidences: [{}, { data: { note: 'kept' } }],
    }) as OcsfEvent;
    expect(event['evidences']).toEqual([{ data: { note: 'kept' } }]);
    expect(event['unmapped']).toEqual({ security_lake: { 'evidences[0]': {} } });
    expect(validateOcsfEvent(event, { mode: 'strict' }).ok).toBe(true);
  });

  it('refuses a record that is not an OCSF event, and an event invalid at its root', () => {
    expect(() => normalizeLakeEvent({ time: 1 })).toThrow(/no class_uid/);
    expect(() => normalizeLakeEvent('text')).toThrow(/no class_uid/);
    expect(() =>
      normalizeLakeEvent({ class_uid: 424242, time: 1, metadata: { version: '1.1.0' } }),
    ).toThrow(/not valid OCSF 1\.8\.0/);
  });

  it('is the securitylake/events source, and securitylake picks it by shape', () => {
    expect(securitylakeNormalizeSources.map((source) => source.id)).toEqual([
      'securitylake/events',
      'securitylake',
    ]);
    const any = securitylakeNormalizeSources[1];
    const stored = {
      class_uid: 3002,
      activity_id: 1,
      severity_id: 1,
      time: 1_772_438_405_000,
      metadata: { version: '1.1.0', product: { name: 'Example', vendor_name: 'Example' } },
      user: { name: 'alice' },
      service: { name: 'Example' },
    };
    expect(any?.matches(stored)).toBe(true);
    expect(any?.normalize(stored)).toMatchObject({ class_uid: 3002, type_uid: 300201 });
    expect(any?.matches({ id: 'x' })).toBe(false);
  });
});
