import { describe, expect, it } from 'vitest';
import { canonicalJson, eventEntryId, recordDigestId } from './event-entry-id.js';

describe('eventEntryId', () => {
  it('uses metadata.uid when present', () => {
    expect(eventEntryId({ class_uid: 1007, metadata: { uid: 'evt-1' } })).toBe('evt-1');
  });

  it('qualifies a log record number by host and log, where it is unique', () => {
    const record = (host: string, log: string) => ({
      class_uid: 1007,
      metadata: { uid: '6575', log_name: log },
      device: { hostname: host },
    });
    expect(eventEntryId(record('IEWIN7', 'Microsoft-Windows-Sysmon/Operational'))).toBe(
      'iewin7/Microsoft-Windows-Sysmon/Operational/6575',
    );
    expect(eventEntryId(record('IEWIN7', 'Security'))).not.toBe(
      eventEntryId(record('MSEDGEWIN10', 'Security')),
    );
  });

  it('uses finding_info.uid for a finding, before metadata.uid', () => {
    expect(
      eventEntryId({ class_uid: 2004, finding_info: { uid: 'f-9' }, metadata: { uid: 'm-1' } }),
    ).toBe('f-9');
  });

  it('digests the canonical JSON otherwise, whatever the key order', () => {
    const a = eventEntryId({ class_uid: 1007, time: 5, process: { pid: 4, name: 'cmd.exe' } });
    const b = eventEntryId({ process: { name: 'cmd.exe', pid: 4 }, time: 5, class_uid: 1007 });
    expect(a).toBe(b);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(
      eventEntryId({ class_uid: 1007, time: 6, process: { pid: 4, name: 'cmd.exe' } }),
    ).not.toBe(a);
  });

  it('ignores an empty uid', () => {
    expect(eventEntryId({ metadata: { uid: '' }, time: 1 })).toMatch(/^sha256:/);
  });

  it('writes canonical JSON with sorted keys and without undefined members', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: undefined, c: 'x' }] })).toBe(
      '{"a":[2,{"c":"x"}],"b":1}',
    );
    expect(recordDigestId({})).toBe(
      'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    );
  });
});
