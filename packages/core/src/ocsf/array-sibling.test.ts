import { describe, expect, it } from 'vitest';
import { validateOcsfEvent } from './validate.js';

/** A Detection Finding whose evidence names a malware with an array enum (`classification_ids`). */
function findingWithMalware(malware: Record<string, unknown>): Record<string, unknown> {
  return {
    class_uid: 2004,
    category_uid: 2,
    type_uid: 200401,
    activity_id: 1,
    severity_id: 4,
    time: 1_700_000_000_000,
    metadata: { version: '1.8.0', product: { name: 'test', vendor_name: 'OpenMDR' } },
    finding_info: { uid: 'f-1', title: 'Malware found' },
    malware: [malware],
  };
}

describe('array enum siblings', () => {
  it('fills the caption array from the id array', () => {
    const result = validateOcsfEvent(
      findingWithMalware({ name: 'Emotet', classification_ids: [1, 3] }),
      { mode: 'strict' },
    );
    expect(result.errors).toEqual([]);
    const malware = (result.event as { malware: Array<{ classifications: unknown }> }).malware[0];
    expect(Array.isArray(malware?.classifications)).toBe(true);
    expect(malware?.classifications).toHaveLength(2);
  });

  it('accepts a correct caption array and rejects a wrong one in strict mode', () => {
    const filled = validateOcsfEvent(
      findingWithMalware({ name: 'Emotet', classification_ids: [1] }),
      { mode: 'strict' },
    );
    const captions = (filled.event as { malware: Array<{ classifications: string[] }> }).malware[0]
      ?.classifications;
    const again = validateOcsfEvent(
      findingWithMalware({ name: 'Emotet', classification_ids: [1], classifications: captions }),
      { mode: 'strict' },
    );
    expect(again.errors).toEqual([]);
    const wrong = validateOcsfEvent(
      findingWithMalware({ name: 'Emotet', classification_ids: [1], classifications: ['Nope'] }),
      { mode: 'strict' },
    );
    expect(wrong.errors.map((error) => error.rule)).toContain('sibling_mismatch');
  });

  it('keeps the source label for Other (99)', () => {
    const result = validateOcsfEvent(
      findingWithMalware({ name: 'X', classification_ids: [99], classifications: ['Stealer'] }),
      { mode: 'strict' },
    );
    expect(result.errors).toEqual([]);
  });
});
