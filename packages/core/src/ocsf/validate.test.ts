import { describe, expect, it } from 'vitest';
import { processActivityEvent } from './testing/realistic-events.js';
import { assertOcsfEvent, validateOcsfEvent } from './validate.js';

const clone = <T>(value: T): T => structuredClone(value);

describe('validateOcsfEvent', () => {
  it('accepts a realistic event and never mutates the input', () => {
    const input = clone(processActivityEvent);
    const frozen = JSON.stringify(input);
    const result = validateOcsfEvent(input);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.class_uid).toBe(1007);
    expect(result.type_uid).toBe(100701);
    expect(JSON.stringify(input)).toBe(frozen);
    // captions filled in the copy
    expect((result.event as typeof input).actor.process.file).toMatchObject({
      type: 'Regular File',
    });
  });

  it('returns the same object when nothing needs to change', () => {
    const normalised = validateOcsfEvent(clone(processActivityEvent)).event;
    expect(validateOcsfEvent(normalised).event).toBe(normalised);
  });

  it('names nested paths and array indices', () => {
    const event = clone(processActivityEvent) as Record<string, unknown>;
    event['observables'] = [
      { type_id: 1, name: 'device.hostname', value: 'a' },
      { type_id: 2, name: 'device.ip', value: 'b' },
      { type_id: 1000, name: 'x' },
    ];
    (event['process'] as Record<string, unknown>)['file'] = { name: 'a', type_id: 1, path: 7 };
    const result = validateOcsfEvent(event);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'observables[2].type_id', rule: 'enum_value_unknown' }),
        expect.objectContaining({ path: 'process.file.path', rule: 'type_mismatch' }),
      ]),
    );
  });

  it('keeps raw_data and unmapped', () => {
    const event = { ...clone(processActivityEvent), unmapped: { vendor: { a: 1 } } };
    const result = validateOcsfEvent(event);
    expect(result.ok).toBe(true);
    expect(result.event).toMatchObject({
      raw_data: processActivityEvent.raw_data,
      unmapped: { vendor: { a: 1 } },
    });
  });

  it('lets 99 (Other) carry the source label', () => {
    const event = {
      ...clone(processActivityEvent),
      launch_type_id: 99,
      launch_type: 'Vendor Spawn',
    };
    expect(validateOcsfEvent(event).ok).toBe(true);
    const wrong = { ...clone(processActivityEvent), launch_type_id: 1, launch_type: 'Fork' };
    expect(validateOcsfEvent(wrong).errors).toEqual([
      expect.objectContaining({ path: 'launch_type', rule: 'sibling_mismatch' }),
    ]);
  });

  it('checks class_name, type_name and category_name against the class', () => {
    const event = { ...clone(processActivityEvent), type_name: 'Process Activity: Terminate' };
    expect(validateOcsfEvent(event).errors).toEqual([
      expect.objectContaining({ path: 'type_name', rule: 'sibling_mismatch' }),
    ]);
    const mismatch = validateOcsfEvent(clone(processActivityEvent), { class: 'authentication' });
    expect(mismatch.errors[0]).toMatchObject({ path: 'class_uid', rule: 'class_uid_mismatch' });
  });

  it('validates profile attributes when the profile is named, including its requirements', () => {
    const base = clone(processActivityEvent);
    const gated = { ...base, cloud: { provider: 'AWS', region: 'eu-west-1' } };
    expect(validateOcsfEvent(gated).errors).toEqual([
      expect.objectContaining({ path: 'cloud', rule: 'profile_not_enabled' }),
    ]);
    const named = { ...gated, metadata: { ...base.metadata, profiles: ['cloud'] } };
    expect(validateOcsfEvent(named).ok).toBe(true);
    const missing = { ...base, metadata: { ...base.metadata, profiles: ['cloud'] } };
    expect(validateOcsfEvent(missing).errors).toEqual([
      expect.objectContaining({ path: 'cloud', rule: 'required_missing' }),
    ]);
    const unknown = { ...base, metadata: { ...base.metadata, profiles: ['nope'] } };
    expect(validateOcsfEvent(unknown).errors).toEqual([
      expect.objectContaining({ path: 'metadata.profiles[0]', rule: 'profile_unknown' }),
    ]);
    const badValue = { ...named, cloud: { provider: 7 } };
    expect(validateOcsfEvent(badValue).errors).toEqual([
      expect.objectContaining({ path: 'cloud.provider', rule: 'type_mismatch' }),
    ]);
  });

  it('caps recursion depth', () => {
    const event = clone(processActivityEvent) as Record<string, unknown>;
    let process = event['process'] as Record<string, unknown>;
    for (let index = 0; index < 40; index++) {
      const parent = { pid: index + 1 };
      process['parent_process'] = parent;
      process = parent;
    }
    const result = validateOcsfEvent(event);
    expect(result.errors.some((issue) => issue.rule === 'depth_exceeded')).toBe(true);
  });

  it('warns about deprecated attributes and other versions', () => {
    const event = clone(processActivityEvent) as Record<string, unknown>;
    (event['process'] as Record<string, unknown>)['tid'] = 12;
    (event['metadata'] as Record<string, unknown>)['version'] = '1.3.0';
    const result = validateOcsfEvent(event);
    expect(result.ok).toBe(true);
    expect(result.warnings.map((warning) => warning.rule).sort()).toEqual([
      'deprecated',
      'version_mismatch',
    ]);
  });

  it('rejects what is not an event', () => {
    expect(validateOcsfEvent('x').errors[0]?.rule).toBe('type_mismatch');
    expect(validateOcsfEvent({}).errors[0]).toMatchObject({
      path: 'class_uid',
      rule: 'required_missing',
    });
    expect(validateOcsfEvent({ class_uid: 9 }).errors[0]?.rule).toBe('class_uid_unknown');
    expect(() => assertOcsfEvent({ class_uid: 9 })).toThrow(/class_uid_unknown/);
  });
});

describe('lenient mode', () => {
  it('coerces and reports every coercion as a warning', () => {
    const event = clone(processActivityEvent) as Record<string, unknown>;
    event['time'] = '2026-01-01T00:00:00.123Z';
    event['severity_id'] = '4';
    event['timezone_offset'] = '60';
    (event['process'] as Record<string, unknown>)['pid'] = '7344';
    (event['process'] as Record<string, unknown>)['created_time'] = 1767225600;
    (event['device'] as Record<string, unknown>)['is_managed'] = 'true';
    (event['metadata'] as Record<string, unknown>)['event_code'] = 1;
    delete event['severity'];
    const strict = validateOcsfEvent(event);
    expect(strict.ok).toBe(false);
    const result = validateOcsfEvent(event, { mode: 'lenient' });
    expect(result.errors).toEqual([]);
    expect(result.event).toMatchObject({
      time: 1767225600123,
      severity_id: 4,
      severity: 'High',
      timezone_offset: 60,
      process: { pid: 7344, created_time: 1767225600000 },
      device: { is_managed: true },
      metadata: { event_code: '1' },
    });
    expect(
      result.warnings
        .filter((warning) => warning.rule === 'coerced')
        .map((warning) => warning.path)
        .sort(),
    ).toEqual([
      'device.is_managed',
      'metadata.event_code',
      'process.created_time',
      'process.pid',
      'severity_id',
      'time',
      'timezone_offset',
    ]);
  });

  it('moves unknown and profile-gated attributes to unmapped', () => {
    const event = {
      ...clone(processActivityEvent),
      vendor_score: 97,
      cloud: { provider: 'AWS' },
      process: { ...clone(processActivityEvent).process, vendor_flags: ['a'] },
    };
    const result = validateOcsfEvent<Record<string, unknown>>(event, { mode: 'lenient' });
    expect(result.ok).toBe(true);
    expect(result.event['unmapped']).toEqual({
      vendor_score: 97,
      cloud: { provider: 'AWS' },
      'process.vendor_flags': ['a'],
    });
    expect(result.warnings.filter((warning) => warning.rule === 'moved_to_unmapped')).toHaveLength(
      3,
    );
  });

  it('repairs captions, ids from captions and unknown enum values', () => {
    const event = clone(processActivityEvent) as Record<string, unknown>;
    event['severity'] = 'Low'; // severity_id is 1: replaced with 'Informational'
    delete event['launch_type_id']; // recovered from launch_type 'Spawn'
    (event['process'] as Record<string, unknown>)['integrity_id'] = 42; // not an integrity level
    delete (event['process'] as Record<string, unknown>)['integrity'];
    const result = validateOcsfEvent(event, { mode: 'lenient' });
    expect(result.errors).toEqual([]);
    expect(result.event).toMatchObject({
      severity: 'Informational',
      launch_type_id: 1,
      process: { integrity_id: 99, integrity: '42' },
    });
  });

  it('computes category_uid and type_uid when missing', () => {
    const event = clone(processActivityEvent) as Record<string, unknown>;
    delete event['category_uid'];
    delete event['type_uid'];
    expect(validateOcsfEvent(event).ok).toBe(false);
    const result = validateOcsfEvent(event, { mode: 'lenient' });
    expect(result.ok).toBe(true);
    expect(result.event).toMatchObject({ category_uid: 1, type_uid: 100701 });
  });
});
