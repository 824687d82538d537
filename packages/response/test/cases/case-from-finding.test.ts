import { describe, expect, it } from 'vitest';
import { caseFieldsFromFinding } from '../../src/cases/index.js';

describe('caseFieldsFromFinding', () => {
  it('reads an OCSF Incident Finding: id from metadata.uid, title from its members, times', () => {
    const fields = caseFieldsFromFinding({
      class_uid: 2005,
      severity_id: 5,
      time: 2_000,
      start_time: 1_000,
      finding_info_list: [
        { uid: 'f1', title: 'Encoded PowerShell command launched by Outlook' },
        { uid: 'f2', title: 'LSASS memory dumped via comsvcs.dll' },
      ],
      observables: [{ type_id: 1, name: 'device.hostname', value: 'ws-fin-042', type: 'Hostname' }],
      metadata: { uid: 'incident-000002-7c1d2e3f4a5b', version: '1.8.0' },
    });
    expect(fields).toMatchObject({
      findingId: 'incident-000002-7c1d2e3f4a5b',
      title: 'Encoded PowerShell command launched by Outlook (+1 more)',
      severity: 'critical',
      detectedAt: 2_000,
      firstEventAt: 1_000,
      observables: [{ type: 'Hostname', value: 'ws-fin-042' }],
    });
  });

  it('prefers finding_info on a Detection Finding', () => {
    const fields = caseFieldsFromFinding({
      class_uid: 2004,
      severity_id: 3,
      finding_info: { uid: 'det-1', title: 'Suspicious Outlook Child Process', first_seen_time: 5 },
      metadata: { uid: 'event-1' },
    });
    expect(fields).toMatchObject({
      findingId: 'det-1',
      title: 'Suspicious Outlook Child Process',
      firstEventAt: 5,
    });
  });
});
