import { describe, expect, it } from 'vitest';
import {
  buildTimeline,
  InvestigationError,
  rawTimelineEntry,
  type TimelineEntry,
  type TimelineItem,
  timelineEntry,
} from '../src/index.js';
import { evtxRecords, falconItems, fdrRecords, windowsItems } from './real-records.js';

const isOrdered = (entries: readonly TimelineEntry[]) =>
  entries.every((entry, index) => {
    const previous = entries[index - 1];
    if (previous === undefined) return true;
    if (Number.isNaN(entry.time)) return true;
    return previous.time <= entry.time;
  });

describe('the super-timeline over real records (EVTX-ATTACK-SAMPLES and CrowdStrike FDR)', () => {
  const items: TimelineItem[] = [...windowsItems(), ...falconItems()];

  it('gives one entry per input record, time-ordered, with a summary each', () => {
    const entries = buildTimeline(items, { duplicates: 'mark' });
    expect(entries).toHaveLength(evtxRecords.length + fdrRecords.length);
    expect(isOrdered(entries)).toBe(true);
    for (const entry of entries) {
      expect(entry.summary.trim().length).toBeGreaterThan(0);
      expect(entry.source.length).toBeGreaterThan(0);
    }
    const sources = new Set(entries.map((entry) => entry.source));
    expect(sources).toContain('Microsoft-Windows-Sysmon/Operational');
    expect(sources).toContain('Falcon Data Replicator');
    expect(sources).toContain('Security');
  });

  it('drops or marks the records shipped twice (four pairs in the excerpt)', () => {
    const marked = buildTimeline(items, { duplicates: 'mark' });
    const duplicates = marked.filter((entry) => entry.duplicateOf !== undefined);
    expect(duplicates).toHaveLength(4);
    for (const duplicate of duplicates) {
      const kept = marked.find(
        (entry) =>
          entry.id === duplicate.duplicateOf &&
          entry.duplicateOf === undefined &&
          entry.host === duplicate.host &&
          entry.reportedTime === duplicate.reportedTime,
      );
      expect(kept?.summary).toBe(duplicate.summary);
    }
    const dropped = buildTimeline(items);
    expect(dropped).toHaveLength(marked.length - 4);
  });

  it('keeps two records of one uid from other hosts or times (Windows EventRecordIDs repeat)', () => {
    const record = (host: string, time: number) => ({
      class_uid: 1007,
      activity_id: 1,
      time,
      metadata: { uid: '6577', log_name: 'Microsoft-Windows-Sysmon/Operational' },
      device: { hostname: host },
    });
    expect(
      buildTimeline([record('A', 1), record('B', 1), record('A', 2), record('A', 1)]),
    ).toHaveLength(3);
  });

  it('writes readable summaries for the classes the connectors emit', () => {
    const entries = buildTimeline(items);
    const summaries = entries.map((entry) => entry.summary);
    const has = (pattern: RegExp) =>
      expect(summaries.some((summary) => pattern.test(summary))).toBe(true);
    has(
      /^Process created: "C:\\Users\\IEUser\\Downloads\\Flash_update\.exe" +\(parent explorer\.exe\)$/,
    );
    has(/^Process terminated: C:\\Users\\IEUser\\Downloads\\Flash_update\.exe \(pid 2680\)$/);
    has(/^File create: C:\\Users\\IEUser\\Downloads\\Flash_update\.exe by Explorer\.EXE$/);
    has(
      /^Registry value set: HKU\\.*\\CurrentVersion\\Run\\360v = C:\\Users\\IEUser\\AppData\\Roaming\\svchost\.exe by NvSmart\.exe$/,
    );
    has(/^Logon success: .* \(Remote Interactive\) from 10\.0\.5\.21 on /);
    has(/^DNS query: update\.example\.net \(A\) → 192\.0\.2\.10, 192\.0\.2\.11$/);
    has(/^Network open: 10\.20\.0\.14:59926 → 203\.0\.113\.14:80 \(tcp\)/);
    has(
      /^Microsoft-Windows-Windows Defender EventID 1116: ThreatName=Trojan:PowerShell\/Powersploit\.M, Path=/,
    );
    has(/^MsiInstaller EventID 1040 \(not normalised: /);
    const launch = entries.find((entry) => entry.summary.includes('Flash_update.exe" '));
    expect(launch).toMatchObject({
      host: 'IEWIN7',
      user: 'IEUser',
      className: 'Process Activity',
      classUid: 1007,
      type: 'event',
      techniques: ['T1036'],
    });
    expect(launch?.entities).toEqual(
      expect.arrayContaining([
        'host:iewin7',
        'process:{365ABB72-7C01-5CC4-0000-00102B3E0C00}',
        'process:{365ABB72-7ACC-5CC4-0000-0010B2470300}',
        'user:ieuser',
      ]),
    );
  });

  it('applies a per-source clock offset and keeps the reported time', () => {
    const offset = -2 * 3_600_000;
    const plain = buildTimeline(items);
    const skewed = buildTimeline(items, {
      clockSkew: [{ source: 'Falcon Data Replicator', offsetMs: offset }],
    });
    expect(isOrdered(skewed)).toBe(true);
    const falcon = skewed.filter((entry) => entry.source === 'Falcon Data Replicator');
    expect(falcon.length).toBeGreaterThan(20);
    for (const entry of falcon) expect(entry.time).toBe(entry.reportedTime + offset);
    for (const entry of skewed.filter((e) => e.source !== 'Falcon Data Replicator')) {
      if (!Number.isNaN(entry.time)) expect(entry.time).toBe(entry.reportedTime);
    }
    expect(plain.map((entry) => entry.id).sort()).toEqual(skewed.map((entry) => entry.id).sort());
  });

  it('filters by window and by entity', () => {
    const all = buildTimeline(items);
    const from = Date.parse('2019-04-27T15:57:53.000Z');
    const to = Date.parse('2019-04-27T15:57:54.000Z');
    const windowed = buildTimeline(items, { window: { from, to } });
    expect(windowed.length).toBeGreaterThan(0);
    expect(windowed).toEqual(all.filter((entry) => entry.time >= from && entry.time <= to));
    const process = 'process:{365ABB72-7C01-5CC4-0000-00102B3E0C00}';
    const touching = buildTimeline(items, { entities: [process] });
    expect(touching.length).toBeGreaterThan(1);
    for (const entry of touching) expect(entry.entities).toContain(process);
    expect(() => buildTimeline(items, { window: { from: to, to: from } })).toThrow(
      InvestigationError,
    );
  });

  it('orders equal times by source, then by record order', () => {
    const event = (uid: string, product: string) => ({
      class_uid: 1007,
      activity_id: 1,
      time: 1_000,
      metadata: { uid, product: { name: product } },
      process: { cmd_line: uid },
    });
    const entries = buildTimeline([
      event('b1', 'zz'),
      event('a1', 'aa'),
      event('b2', 'zz'),
      event('a2', 'aa'),
    ]);
    expect(entries.map((entry) => entry.id)).toEqual(['a1', 'a2', 'b1', 'b2']);
  });

  it('treats records without uid as duplicates by source, time, summary and host', () => {
    const event = {
      class_uid: 4001,
      activity_id: 1,
      time: 5,
      device: { hostname: 'H' },
      src_endpoint: { ip: '10.0.0.1', port: 1 },
      dst_endpoint: { ip: '10.0.0.2', port: 443 },
    };
    const again = { ...event, unmapped: { extra: 'field' } };
    const other = { ...event, time: 6 };
    expect(buildTimeline([event, again, other])).toHaveLength(2);
  });
});

describe('rawTimelineEntry', () => {
  it('reads the time of the usual raw shapes', () => {
    expect(
      rawTimelineEntry(
        { Event: { System: { TimeCreated: { SystemTime: '2020-01-02T03:04:05.1234567Z' } } } },
        'x',
      ).time,
    ).toBe(Date.parse('2020-01-02T03:04:05.123Z'));
    expect(rawTimelineEntry({ '@timestamp': '2020-01-02T03:04:05.000Z' }, 'x').time).toBe(
      Date.parse('2020-01-02T03:04:05Z'),
    );
    expect(rawTimelineEntry({ ts: 1_600_000_000.25 }, 'x').time).toBe(1_600_000_000_250);
    expect(rawTimelineEntry({ timestamp: '1600000000123' }, 'x').time).toBe(1_600_000_000_123);
    expect(rawTimelineEntry({ nothing: true }, 'x').time).toBeNaN();
  });

  it('names the provider and EventID and the reason', () => {
    const entry = rawTimelineEntry(evtxRecords[evtxRecords.length - 1], 'names no product');
    expect(entry.summary).toBe('MsiInstaller EventID 1042 (not normalised: names no product)');
    expect(entry.source).toBe('Application');
    expect(entry.host).toBe('User-PC');
    expect(entry.time).toBe(Date.parse('2019-03-19T13:05:42.000Z'));
  });
});

describe('timelineEntry', () => {
  it('summarises API calls, findings and DNS answers', () => {
    expect(
      timelineEntry({
        class_uid: 6003,
        activity_id: 2,
        time: 1,
        api: { operation: 'DeleteTrail', service: { name: 'cloudtrail.amazonaws.com' } },
        actor: { user: { name: 'alice' } },
        resources: [{ name: 'management-trail' }],
        status: 'Success',
      }).summary,
    ).toBe(
      'API call: DeleteTrail (cloudtrail.amazonaws.com) by alice on management-trail — success',
    );
    const finding = timelineEntry({
      class_uid: 2004,
      time: 2,
      severity: 'High',
      finding_info: {
        uid: 'f1',
        title: 'Encoded PowerShell',
        attacks: [{ technique: { uid: 'T1059' }, sub_technique: { uid: 'T1059.001' } }],
      },
      device: { hostname: 'WS-1' },
    });
    expect(finding).toMatchObject({
      id: 'f1',
      type: 'finding',
      severity: 'High',
      summary: 'Finding: Encoded PowerShell (High) on WS-1',
      techniques: ['T1059', 'T1059.001'],
    });
    expect(finding.entities).toEqual(['host:ws-1', 'finding:f1']);
  });
});
