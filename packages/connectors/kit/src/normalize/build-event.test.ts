import { OcsfValidationError } from '@openmdr/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { NormalizationError } from '../errors/normalization-error.js';
import { buildEvent } from './build-event.js';

const product = { name: 'Example EDR', vendor_name: 'Example' };

function finding(extra: Record<string, unknown> = {}) {
  return {
    activity_id: 1,
    severity_id: 4,
    status_id: 1,
    time: 1_767_225_600_000,
    finding_info: { uid: 'a-1', title: 'Suspicious PowerShell', desc: '' },
    metadata: { product, uid: 'a-1', original_time: null },
    ...extra,
  };
}

describe('buildEvent', () => {
  it('prunes, builds and types the event as its class', () => {
    const event = buildEvent('detection_finding', finding(), { source: 'Example alert' });
    expectTypeOf(event.finding_info.uid).toEqualTypeOf<string>();
    expect(event).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      type_uid: 200401,
      severity: 'High',
      finding_info: { uid: 'a-1', title: 'Suspicious PowerShell' },
      metadata: { product, uid: 'a-1', version: '1.8.0' },
    });
    expect(event.finding_info).not.toHaveProperty('desc');
    expect(event.metadata).not.toHaveProperty('original_time');
    expect(event).not.toHaveProperty('raw_data');
  });

  it('names the profiles the attributes need after those the event names', () => {
    const gated = buildEvent('detection_finding', finding({ action_id: 2, verdict_id: 2 }), {
      source: 'Example alert',
    });
    expect(gated.metadata.profiles).toEqual(['incident', 'security_control']);
    const named = buildEvent(
      'detection_finding',
      finding({ action_id: 2, metadata: { product, profiles: ['host'] } }),
      { source: 'Example alert' },
    );
    expect(named.metadata.profiles).toEqual(['host', 'security_control']);
    // risk_level_id is a Detection Finding's own attribute: no profile is needed for it.
    const native = buildEvent('detection_finding', finding({ risk_level_id: 0 }), {
      source: 'Example alert',
    });
    expect(native.metadata.profiles).toBeUndefined();
    expect(native.risk_level).toBe('Info');
    // …but an Authentication has it only through security_control.
    const login = buildEvent(
      'authentication',
      {
        activity_id: 1,
        severity_id: 1,
        time: 1_767_225_600_000,
        user: { name: 'alice' },
        service: { name: 'VPN' },
        risk_level_id: 3,
        metadata: { product },
      },
      { source: 'Example sign-in' },
    );
    expect(login.metadata.profiles).toEqual(['security_control']);
  });

  it('keeps the raw record as JSON text when asked to', () => {
    const record = { id: 'a-1', severity: 'high' };
    const event = buildEvent('detection_finding', finding(), {
      source: 'Example alert',
      record,
      options: { includeRawData: true },
    });
    expect(event.raw_data).toBe(JSON.stringify(record));
  });

  it('throws a NormalizationError naming the invalid OCSF attribute', () => {
    let caught: unknown;
    try {
      buildEvent(
        'detection_finding',
        finding({ device: { hostname: 'ws-01', type_id: 2, ip: 'not-an-ip' } }),
        { source: 'Example alert' },
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NormalizationError);
    const error = caught as NormalizationError;
    expect(error.code).toBe('NORMALIZE_FAILED');
    expect(error.path).toBe('device.ip');
    expect(error.message).toMatch(
      /^Example alert record does not make a valid OCSF detection_finding/,
    );
    expect(error.cause).toBeInstanceOf(OcsfValidationError);
  });
});
