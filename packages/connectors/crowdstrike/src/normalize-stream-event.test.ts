import { readFileSync } from 'node:fs';
import { describeGolden } from '@openmdr/connector-kit/testing';
import { OpenMdrError } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import {
  crowdstrikeNormalizeSources,
  falconTime,
  isKnownCrowdStrikeStreamEventType,
  normalizeCrowdStrikeStreamEvent,
} from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
type Rec = Record<string, unknown>;
const events = JSON.parse(readFileSync(new URL('stream-events.json', fixtures), 'utf8')) as Rec[];
const byType = (type: string, nth = 0) =>
  events.filter((event) => (event['metadata'] as Rec)['eventType'] === type)[nth];
// biome-ignore lint/suspicious/noExplicitAny: assertions walk the built events freely
type Loose = Record<string, any>;
const normalize = (record: unknown) => normalizeCrowdStrikeStreamEvent(record) as unknown as Loose;

describe('CrowdStrike Event Streams → OCSF', () => {
  describeGolden(fixtures, 'stream-events', (record) => normalizeCrowdStrikeStreamEvent(record));

  it('maps a detection summary: id, severity, disposition, process and parent, host', () => {
    const event = normalize(byType('DetectionSummaryEvent'));
    expect(event).toMatchObject({
      class_uid: 2004,
      severity_id: 4,
      disposition_id: 2,
      finding_info: {
        uid: 'ldt:ec86abd353824e96765ecbe18eb4f0b4:38655257584',
        title: 'Process Terminated',
      },
      device: { uid: 'ec86abd353824e96765ecbe18eb4f0b4', hostname: 'alice-laptop' },
      metadata: {
        sequence: 294564,
        event_code: 'DetectionSummaryEvent',
        log_name: 'Event Streams',
      },
    });
    const process = event['evidences'][0].process;
    expect(process).toMatchObject({
      uid: '38684386611',
      cmd_line: 'C:\\Windows\\Explorer.EXE',
      file: { path: '\\Device\\HarddiskVolume1\\Windows\\explorer.exe', name: 'explorer.exe' },
      parent_process: { uid: '38682494050' },
    });
    expect(process.created_time).toBe(1536846339000);
  });

  it('reads "would have been blocked" as detected only, and network accesses as evidence', () => {
    const event = normalize(byType('DetectionSummaryEvent', 1));
    expect(event['disposition_id']).toBe(15);
    expect(event['evidences']).toContainEqual(
      expect.objectContaining({
        dst_endpoint: { ip: '203.0.113.7', port: 443 },
        connection_info: expect.objectContaining({ protocol_name: 'tcp' }),
      }),
    );
  });

  it('maps the EPP detection (1–100 severity, CompositeId) and tolerates the event-type case', () => {
    const linux = normalize(byType('EppDetectionSummaryEvent'));
    expect(linux['finding_info'].uid).toMatch(/:ind:c8d1292a8a904216aa25ab728f4b45fd:/);
    expect(linux['severity_id']).toBe(4);
    expect(linux['evidences'][0].process.parent_process.file.path).toBe('/usr/bin/bash');
    const scan = normalize(byType('EPPDetectionSummaryEvent'));
    expect(scan).toMatchObject({
      class_uid: 2004,
      finding_info: { types: ['ods', 'EPPDetectionSummaryEvent'] },
    });
  });

  it('converts the identity-protection FILETIME timestamps and keeps the source account', () => {
    const event = normalize(byType('IdpDetectionSummaryEvent'));
    expect(new Date(event['finding_info'].first_seen_time).toISOString()).toBe(
      '2023-06-15T16:52:55.567Z',
    );
    expect(event['evidences']).toContainEqual(
      expect.objectContaining({
        user: expect.objectContaining({ name: 'johnb', domain: 'CORP.EXAMPLE.COM' }),
        src_endpoint: expect.objectContaining({ ip: '192.0.2.81' }),
      }),
    );
  });

  it('reads XDR detections: nanosecond times, comma-separated ATT&CK lists, hosts', () => {
    const event = normalize(byType('XdrDetectionSummaryEvent'));
    expect(event).toMatchObject({
      severity_id: 5,
      finding_info: {
        first_seen_time: 1643317697728,
        last_seen_time: 1643317927664,
        data_sources: ['Falcon', 'Corelight'],
        attacks: [
          { tactic: { uid: 'TA0001' }, sub_technique: { uid: 'T1566.001' } },
          { tactic: { uid: 'TA0002' }, technique: { uid: 'T1203' } },
        ],
      },
    });
    expect(event['evidences'][0]).toEqual({
      name: 'host',
      device: { hostname: 'XDR-WIN10', type_id: 0, type: 'Unknown' },
    });
  });

  it('maps an identity-protection incident to an Incident Finding', () => {
    expect(normalize(byType('IdentityProtectionEvent'))).toMatchObject({
      class_uid: 2005,
      status_id: 1,
      severity_id: 1,
      finding_info_list: [{ uid: 'INC-123', title: 'CrowdStrike incident: UNUSUAL_ENDPOINT_USE' }],
    });
  });

  it('maps an incident summary to an Incident Finding', () => {
    const event = normalize(byType('IncidentSummaryEvent'));
    expect(event).toMatchObject({
      class_uid: 2005,
      status_id: 1,
      severity_id: 1,
      finding_info_list: [
        { uid: 'inc:4c2e0a1b2c3d4e5f60718293a4b5c6d7:9f0e1d2c3b4a59687766554433221100' },
      ],
    });
  });

  it('maps auth audit: stream start/stop, MFA failure, and account administration', () => {
    expect(normalize(byType('AuthActivityAuditEvent', 0))).toMatchObject({
      class_uid: 3002,
      activity_id: 1,
      session: { uid: 'openmdr' },
    });
    expect(normalize(byType('AuthActivityAuditEvent', 1))['activity_id']).toBe(2);
    expect(normalize(byType('AuthActivityAuditEvent', 2))).toMatchObject({
      class_uid: 3001,
      activity_id: 2,
      user: { name: 'user@example.com' },
      actor: { user: { uid: 'admin@example.com' } },
      src_endpoint: { ip: '192.0.2.100' },
    });
    expect(normalize(byType('AuthActivityAuditEvent', 3))).toMatchObject({
      class_uid: 3002,
      status_id: 2,
      is_mfa: true,
    });
  });

  it('maps user and API activity audit to API Activity', () => {
    expect(normalize(byType('UserActivityAuditEvent'))).toMatchObject({
      class_uid: 6003,
      activity_id: 3,
      api: { operation: 'detection_update', service: { name: 'detections' } },
      unmapped: { attributes: { new_state: 'in_progress' } },
    });
    expect(normalize(byType('APIActivityAuditEvent'))).toMatchObject({
      class_uid: 6003,
      activity_id: 2,
      status_id: 2,
      api: { response: { code: 401 } },
      actor: { app_uid: 'cccccccccccccccccccccccccccccccc' },
      src_endpoint: { ip: '198.51.100.20' },
    });
  });

  it('maps Real Time Response sessions and firewall matches', () => {
    expect(normalize(byType('RemoteResponseSessionEndEvent'))).toMatchObject({
      class_uid: 3002,
      activity_id: 2,
      dst_endpoint: { hostname: 'WS-FIN-014' },
    });
    expect(normalize(byType('FirewallMatchEvent'))).toMatchObject({
      class_uid: 4001,
      action_id: 2,
      src_endpoint: { ip: '203.0.113.56', port: 54952 },
      dst_endpoint: { ip: '10.10.10.10', port: 445 },
      time: Date.parse('2020-07-20T12:41:44Z'),
    });
  });

  it('keeps documented and unknown event types as Base Event with the body', () => {
    const unknown = normalize(byType('SomeFutureEvent'));
    expect(unknown).toMatchObject({
      class_uid: 0,
      activity_name: 'SomeFutureEvent',
      unmapped: { event: { Field: 'value', Count: 3 } },
    });
    expect(isKnownCrowdStrikeStreamEventType('SomeFutureEvent')).toBe(false);
    expect(isKnownCrowdStrikeStreamEventType('ReconNotificationSummaryEvent')).toBe(true);
    expect(isKnownCrowdStrikeStreamEventType('eppdetectionsummaryevent')).toBe(true);
  });

  it('keeps an event too sparse for its class as Base Event, with the reason', () => {
    // a firewall match without addresses, device or process is no Network Activity: kept whole
    const event = normalize({
      metadata: { customerIDString: 'c', offset: 7, eventType: 'FirewallMatchEvent' },
      event: { RuleName: 'r' },
    });
    expect(event).toMatchObject({ class_uid: 0, activity_name: 'FirewallMatchEvent' });
    expect(event['status_detail']).toMatch(/not mapped to its OCSF class/);
  });

  it('rejects records without an event type or body with a typed error naming the field', () => {
    for (const [record, path] of [
      [{ metadata: { offset: 1 }, event: {} }, 'metadata.eventType'],
      [{ metadata: { eventType: 'DetectionSummaryEvent' }, event: 'x' }, 'event'],
    ] as const) {
      const error = (() => {
        try {
          normalizeCrowdStrikeStreamEvent(record);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(OpenMdrError.isInstance(error)).toBe(true);
      expect((error as OpenMdrError).details).toMatchObject({ path });
    }
    expect(() => normalizeCrowdStrikeStreamEvent('{"not":"parsed"}')).toThrow(/JSON object/);
  });

  it('is picked by shape under the connector id', () => {
    const any = crowdstrikeNormalizeSources.find((source) => source.id === 'crowdstrike');
    expect(any?.normalize(byType('IncidentSummaryEvent')).class_uid).toBe(2005);
  });
});

describe('falconTime', () => {
  it('reads seconds, milli-, micro- and nanoseconds and FILETIME; rejects zero and text', () => {
    expect(falconTime(1686839378)).toBe(1686839378000);
    expect(falconTime('1625677521.137')).toBe(1625677521137);
    expect(falconTime('1625677521162')).toBe(1625677521162);
    expect(falconTime(133313215755670000)).toBe(1686847975567);
    expect(falconTime(1643317697728000000)).toBe(1643317697728);
    expect(falconTime(1643317697728123)).toBe(1643317697728);
    expect(falconTime(0)).toBeUndefined();
    expect(falconTime('yesterday')).toBeUndefined();
  });
});
