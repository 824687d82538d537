import { describe, expect, it } from 'vitest';
import { ocsf } from './builders.js';
import { downConvertOcsf } from './down-convert.js';
import { ocsfSchema110 } from './generated/metadata-1.1.0.js';
import { minimalEvent } from './testing/minimal-instance.js';
import { processActivityEvent } from './testing/realistic-events.js';
import { validateOcsfEvent } from './validate.js';

const metadata = { product: { name: 'Example', vendor_name: 'Example' } };

describe('downConvertOcsf to 1.1.0', () => {
  it('removes what 1.1.0 lacks, reports it, and the result validates as 1.1.0', () => {
    const event = validateOcsfEvent<Record<string, unknown>>(processActivityEvent).event;
    const { event: converted, dropped } = downConvertOcsf(event, '1.1.0');
    expect(converted).toBeDefined();
    expect(converted!['metadata']).toMatchObject({ version: '1.1.0' });
    expect(converted!['launch_type_id']).toBeUndefined();
    expect(dropped).toEqual(
      expect.arrayContaining([
        { path: 'launch_type_id', reason: 'attribute_not_in_target' },
        { path: 'launch_type', reason: 'attribute_not_in_target' },
      ]),
    );
    const result = validateOcsfEvent(converted, { schema: ocsfSchema110 });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('reports a class 1.1.0 does not have', () => {
    const event = validateOcsfEvent<Record<string, unknown>>(minimalEvent('script_activity')).event;
    const result = downConvertOcsf(event, '1.1.0');
    expect(result.event).toBeUndefined();
    expect(result.dropped).toEqual([
      { path: '', reason: 'class_not_in_target', note: 'class_uid 1009' },
    ]);
  });

  it('maps enum values 1.1.0 lacks to 99 (Other) with the caption as label', () => {
    const event = ocsf.authentication({
      activity_id: 7, // Account Switch: added after 1.1.0
      severity_id: 1,
      user: { name: 'alice' },
      service: { name: 'sshd' },
      metadata,
      time: 1,
    });
    const { event: converted, dropped } = downConvertOcsf(event as never, '1.1.0');
    expect(converted).toMatchObject({
      activity_id: 99,
      activity_name: 'Account Switch',
      type_uid: 300299,
      type_name: 'Authentication: Other',
    });
    expect(dropped).toContainEqual({
      path: 'activity_id',
      reason: 'enum_value_not_in_target',
      note: "set to 99 (Other) with label 'Account Switch'",
    });
    expect(validateOcsfEvent(converted, { schema: ocsfSchema110 }).errors).toEqual([]);
  });

  it('drops profiles 1.1.0 does not know', () => {
    const event = {
      ...validateOcsfEvent<Record<string, unknown>>(processActivityEvent).event,
      metadata: { ...processActivityEvent.metadata, profiles: ['host', 'ai_operation'] },
    };
    const { event: converted, dropped } = downConvertOcsf(event, '1.1.0');
    expect(converted!['metadata']).toMatchObject({ profiles: ['host'] });
    expect(dropped).toContainEqual({
      path: 'metadata.profiles[1]',
      reason: 'profile_not_in_target',
    });
  });
});
