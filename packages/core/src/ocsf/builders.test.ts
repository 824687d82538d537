import { describe, expect, it } from 'vitest';
import { OpenMdrError } from '../errors/openmdr-error.js';
import { ManualClock } from '../runtime/clock.js';
import { buildOcsfEvent, createOcsfBuilders, ocsf } from './builders.js';
import { ocsfBuilderClassNames } from './generated/class-map.js';
import { ocsfSchema180 } from './generated/metadata.js';
import { OcsfValidationError } from './issues.js';
import { OCSF_VERSION } from './validate.js';

const metadata = { product: { name: 'Example EDR', vendor_name: 'Example' } };
const start = Date.UTC(2026, 0, 1);

describe('ocsf builders', () => {
  it('has one builder per class, named in camelCase', () => {
    expect(Object.keys(ocsf)).toHaveLength(Object.keys(ocsfSchema180.classes).length);
    expect(typeof ocsf.processActivity).toBe('function');
    expect(typeof ocsf.authentication).toBe('function');
    expect(typeof ocsf.detectionFinding).toBe('function');
    expect(ocsfBuilderClassNames.registryKeyActivity).toBe('registry_key_activity');
  });

  it('fills ids, names, metadata.version, time and sibling captions', () => {
    const build = createOcsfBuilders({ clock: new ManualClock(start) });
    const event = build.processActivity({
      activity_id: 1,
      severity_id: 4,
      actor: { user: { name: 'alice' } },
      device: { hostname: 'ws-01', type_id: 2 },
      process: { pid: 4242, name: 'powershell.exe' },
      metadata,
    });
    expect(event).toMatchObject({
      class_uid: 1007,
      class_name: 'Process Activity',
      category_uid: 1,
      category_name: 'System Activity',
      type_uid: 100701,
      type_name: 'Process Activity: Launch',
      activity_name: 'Launch',
      severity: 'High',
      time: start,
      metadata: { version: OCSF_VERSION },
      device: { type: 'Desktop' },
    });
  });

  it('computes extension class uids (Windows registry key activity is 201001)', () => {
    const event = ocsf.registryKeyActivity({
      activity_id: 3,
      severity_id: 1,
      actor: { user: { name: 'alice' } },
      device: { hostname: 'ws-01', type_id: 2 },
      reg_key: { path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Run' },
      metadata,
      time: start,
    });
    expect(event.class_uid).toBe(201001);
    expect(event.type_uid).toBe(20100103);
    expect(event.type_name).toBe('Registry Key Activity: Modify');
  });

  it('builds authentication and detection findings', () => {
    const login = ocsf.authentication({
      activity_id: 1,
      severity_id: 1,
      status_id: 2,
      user: { name: 'bob' },
      dst_endpoint: { ip: '10.0.0.5', port: 3389 },
      metadata,
      time: start,
    });
    expect(login.type_uid).toBe(300201);
    expect(login.status).toBe('Failure');
    const finding = ocsf.detectionFinding({
      activity_id: 1,
      severity_id: 5,
      finding_info: { uid: 'f-1', title: 'Encoded PowerShell' },
      metadata,
      time: start,
    });
    expect(finding.type_uid).toBe(200401);
    expect(finding.severity).toBe('Critical');
  });

  it('throws OcsfValidationError naming the path and rule', () => {
    let caught: unknown;
    try {
      buildOcsfEvent('process_activity', {
        activity_id: 1,
        severity_id: 1,
        actor: { user: { name: 'alice' } },
        device: { hostname: 'ws-01', type_id: 2, ip: 'not-an-ip' },
        // @ts-expect-error pid must be a number
        process: { pid: 'x' },
        metadata,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OcsfValidationError);
    expect(OpenMdrError.isInstance(caught)).toBe(true);
    const error = caught as OcsfValidationError;
    expect(error.code).toBe('OCSF_VALIDATION');
    expect(error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'device.ip', rule: 'regex_mismatch' }),
        expect.objectContaining({ path: 'process.pid', rule: 'type_mismatch' }),
      ]),
    );
    expect(error.message).toContain('device.ip');
  });

  it('accepts profile attributes only when the profile is named', () => {
    const input = {
      activity_id: 1,
      severity_id: 1,
      user: { name: 'bob' },
      service: { name: 'sshd' },
      device: { hostname: 'srv-01', type_id: 1 },
      time: start,
    } as const;
    expect(() => ocsf.authentication({ ...input, metadata })).toThrow(/profile_not_enabled/);
    const event = ocsf.authentication({ ...input, metadata: { ...metadata, profiles: ['host'] } });
    expect(event.device?.type).toBe('Server');
  });

  it('in lenient mode moves unknown attributes to unmapped', () => {
    const event = ocsf.authentication(
      {
        activity_id: 1,
        severity_id: 1,
        user: { name: 'bob' },
        service: { name: 'sshd' },
        metadata,
        time: start,
        ...({ vendor_field: 'x' } as object),
      },
      { mode: 'lenient' },
    );
    expect(event.unmapped).toEqual({ vendor_field: 'x' });
  });
});
