import { describeGolden } from '@openmdr/connector-kit/testing';
import { describe, expect, it } from 'vitest';
import {
  darktraceNormalizeSources,
  darktraceSeverity,
  normalizeDarktraceIncident,
  normalizeDarktraceModelBreach,
} from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);

describe('Darktrace → OCSF Detection Finding', () => {
  describeGolden(fixtures, 'model-breaches', (record) => normalizeDarktraceModelBreach(record), 15);
  describeGolden(
    fixtures,
    'ai-analyst-incidents',
    (record) => normalizeDarktraceIncident(record),
    10,
  );

  it('maps a breach: severity band, device, ATT&CK, acknowledged status', () => {
    const event = normalizeDarktraceModelBreach({
      pbid: 42,
      time: 1_736_935_200_000,
      score: 0.93,
      acknowledged: true,
      // biome-ignore lint/suspicious/noThenProperty: Darktrace names the historic model `then`
      model: { then: { name: 'Compromise::Beaconing', tags: ['T1071.001', 'AP: C2 Comms'] } },
      device: { did: 7, ip: '10.0.0.7', hostname: 'ws-7', macaddress: '00-50-56-A1-00-07' },
    });
    expect(event.severity_id).toBe(5);
    expect(event.status_id).toBe(4);
    expect(event.finding_info.uid).toBe('42');
    expect(event.finding_info.types).toEqual(['AP: C2 Comms']);
    expect(event.finding_info.attacks?.[0]?.technique?.uid).toBe('T1071');
    expect(event.device).toMatchObject({ uid: '7', ip: '10.0.0.7', mac: '00:50:56:a1:00:07' });
  });

  it('reads the flat model of historicmodelonly=true', () => {
    const event = normalizeDarktraceModelBreach({
      pbid: 43,
      time: 1_736_935_200_000,
      score: 0.1,
      model: { name: 'Device::Network Scan', category: 'Suspicious' },
    });
    expect(event.finding_info.title).toBe('Device::Network Scan');
    expect(event.severity_id).toBe(1);
  });

  it('names the field a record it cannot map lacks', () => {
    expect(() => normalizeDarktraceModelBreach({ time: 1 })).toThrow(/\bpbid\b/);
    expect(() => normalizeDarktraceModelBreach({ pbid: 1 })).toThrow(/\btime\b/);
    expect(() => normalizeDarktraceIncident({ title: 'no id', createdAt: 1 })).toThrow(/\bid\b/);
    expect(() => normalizeDarktraceIncident({ id: 'a' })).toThrow(/\bcreatedAt\b/);
  });

  it('bands scores into severities', () => {
    expect([undefined, 0.05, 0.2, 0.4, 0.7, 0.9].map(darktraceSeverity)).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
  });

  it('is a source of openmdr normalize, per stream and for the connector', () => {
    expect(darktraceNormalizeSources.map((source) => source.id)).toEqual([
      'darktrace/model-breaches',
      'darktrace/ai-analyst-incidents',
      'darktrace',
    ]);
  });
});
