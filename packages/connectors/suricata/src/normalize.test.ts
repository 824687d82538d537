import { readFileSync } from 'node:fs';
import { NormalizationError } from '@openmdr/connector-kit';
import { communityId } from '@openmdr/connector-kit/normalize';
import { describeGolden } from '@openmdr/connector-kit/testing';
import { OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import {
  normalizeSuricataEvent,
  parseEveTime,
  suricataHealthOf,
  suricataNormalizeSources,
  suricataSeverityId,
} from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const EVENT_TYPES = [
  'alert',
  'flow',
  'netflow',
  'dns',
  'http',
  'tls',
  'fileinfo',
  'smtp',
  'ssh',
  'anomaly',
  'drop',
] as const;

function load(name: string): Record<string, unknown>[] {
  return JSON.parse(readFileSync(new URL(`${name}.json`, fixtures), 'utf8')) as Record<
    string,
    unknown
  >[];
}

// biome-ignore lint/suspicious/noExplicitAny: reading nested output in assertions
type Loose = any;
const normalize = (record: unknown): Loose => normalizeSuricataEvent(record);

describe('Suricata EVE → OCSF golden outputs', () => {
  for (const name of EVENT_TYPES) describeGolden(fixtures, name, normalize);
});

describe('EVE timestamps', () => {
  it('reads the local offset without a colon, keeping it in timezone_offset and time_dt', () => {
    expect(parseEveTime('2024-03-01T12:00:00.123456-0400')).toEqual({
      ms: Date.parse('2024-03-01T16:00:00.123Z'),
      offsetMinutes: -240,
      rfc3339: '2024-03-01T12:00:00.123-04:00',
    });
    expect(parseEveTime('2024-03-01T12:00:00.5+0530')?.ms).toBe(
      Date.parse('2024-03-01T06:30:00.500Z'),
    );
    expect(parseEveTime('2024-03-01T12:00:00+05:30')?.offsetMinutes).toBe(330);
    expect(parseEveTime('2024-03-01T12:00:00Z')?.ms).toBe(Date.parse('2024-03-01T12:00:00Z'));
    expect(parseEveTime('yesterday')).toBeUndefined();
    const [flow] = load('flow');
    const event = normalize({ ...flow, timestamp: '2024-03-01T12:00:00.999999-0400' });
    expect(event.time).toBe(Date.parse('2024-03-01T16:00:00.999Z'));
    expect(event.timezone_offset).toBe(-240);
    expect(event.time_dt).toBe('2024-03-01T12:00:00.999-04:00');
  });

  it('rejects a record whose timestamp is not an EVE timestamp, naming the field', () => {
    const [flow] = load('flow');
    expect(() => normalize({ ...flow, timestamp: 'Fri Mar  1 12:00:00 2024' })).toThrow(
      /timestamp is not an EVE timestamp/,
    );
    expect(() =>
      normalize({ ...flow, flow: { ...(flow?.['flow'] as object), start: 'soon' } }),
    ).toThrow(/flow.start/);
  });
});

describe('alerts → Detection Finding', () => {
  const alerts = load('alert');

  it('maps the signature, Suricata severity (1 high … 3 low), the rule and the IPS action', () => {
    expect([1, 2, 3, 4, 255, undefined].map((s) => suricataSeverityId(s))).toEqual([
      4, 3, 2, 1, 1, 0,
    ]);
    const event = normalize(alerts[5]);
    expect(event).toMatchObject({
      class_uid: 2004,
      severity_id: 4,
      action_id: 2,
      disposition_id: 2,
      confidence_id: 2,
      finding_info: {
        uid: '2030358:2',
        title: 'ET EXPLOIT Possible Apache log4j RCE Attempt (CVE-2021-44228)',
        analytic: { type_id: 1, uid: '2030358', version: '2' },
      },
    });
    const evidence = event.evidences[0];
    expect(evidence.src_endpoint.ip).toBe(alerts[5]?.['src_ip']);
    expect(evidence.connection_info.uid).toBe(String(alerts[5]?.['flow_id']));
    expect(evidence.http_request.url.path).toBe('/submit.php');
    expect(normalize(alerts[2]).evidences[0].query.hostname).toBe('portal.example.cloud');
  });

  it('turns the ruleset metadata into ATT&CK, pairing tactics and techniques by position', () => {
    expect(normalize(alerts[3]).finding_info.attacks).toEqual([
      {
        tactic: { uid: 'TA0011', name: 'Command And Control' },
        technique: { uid: 'T1071', name: 'Application Layer Protocol' },
      },
    ]);
    expect(normalize(alerts[10]).finding_info.attacks).toEqual([
      {
        tactic: { uid: 'TA0011', name: 'Command And Control' },
        technique: { uid: 'T1071' },
        sub_technique: { uid: 'T1071.001', name: 'Web Protocols' },
      },
      {
        tactic: { uid: 'TA0010', name: 'Exfiltration' },
        technique: { uid: 'T1041', name: 'Exfiltration Over C2 Channel' },
      },
    ]);
    expect(normalize(alerts[0]).finding_info.attacks).toBeUndefined();
  });

  it('rejects an alert without signature_id, naming the field', () => {
    const alert = { ...(alerts[0]?.['alert'] as object), signature_id: undefined };
    let caught: unknown;
    try {
      normalize({ ...alerts[0], alert });
    } catch (error) {
      caught = error;
    }
    expect(OpenMdrError.isInstance(caught)).toBe(true);
    expect((caught as OpenMdrError).details).toMatchObject({ path: 'alert.signature_id' });
  });
});

describe('flows', () => {
  it('keeps flow_id for correlation and the traffic of both directions', () => {
    const [flow] = load('flow');
    const event = normalize(flow);
    const inner = flow?.['flow'] as Record<string, number>;
    expect(event.metadata.correlation_uid).toBe(String(flow?.['flow_id']));
    expect(event.connection_info.uid).toBe(String(flow?.['flow_id']));
    expect(event.traffic).toMatchObject({
      bytes_out: inner['bytes_toserver'],
      bytes_in: inner['bytes_toclient'],
      packets_out: inner['pkts_toserver'],
      packets_in: inner['pkts_toclient'],
    });
    expect(event.end_time - event.start_time).toBe(event.duration);
  });

  it('computes the Community ID when absent, and keeps the sensor one when given', () => {
    expect(
      communityId({
        srcIp: '128.232.110.120',
        srcPort: 34855,
        dstIp: '66.35.250.204',
        dstPort: 80,
        protocol: 'TCP',
      }),
    ).toBe('1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
    const flow = {
      timestamp: '2024-03-01T12:00:00.000000+0000',
      event_type: 'flow',
      flow_id: 1,
      src_ip: '128.232.110.120',
      src_port: 34855,
      dest_ip: '66.35.250.204',
      dest_port: 80,
      proto: 'TCP',
      flow: { pkts_toserver: 1 },
    };
    expect(normalize(flow).connection_info.community_uid).toBe('1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
    const reversed = {
      ...flow,
      src_ip: flow.dest_ip,
      dest_ip: flow.src_ip,
      src_port: 80,
      dest_port: 34855,
    };
    expect(normalize(reversed).connection_info.community_uid).toBe(
      '1:LQU9qZlK+B5F3KDmev6m5PMibrg=',
    );
    expect(normalize({ ...flow, community_id: '1:given=' }).connection_info.community_uid).toBe(
      '1:given=',
    );
    expect(
      (normalizeSuricataEvent(flow, { communityIdSeed: 1 }) as Loose).connection_info.community_uid,
    ).not.toBe('1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
  });
});

describe('dns v1, v2 and v3', () => {
  const dns = load('dns');

  it('reads a v2 query and a v2 answer (detailed answers, rcode, flags)', () => {
    const query = normalize(dns[0]);
    expect(query).toMatchObject({
      class_uid: 4003,
      activity_id: 1,
      query: { hostname: 'www.example.com' },
    });
    const answer = normalize(dns[1]);
    expect(answer).toMatchObject({ activity_id: 2, rcode_id: 0 });
    expect(answer.answers.map((a: Loose) => [a.type, a.rdata, a.ttl])).toEqual([
      ['CNAME', 'edge.example.net', 300],
      ['A', '203.0.113.11', 60],
    ]);
    expect(answer.answers[0].flag_ids).toEqual([3, 4]);
  });

  it('reads v2 grouped answers when there are no detailed ones', () => {
    const grouped = normalize(dns[2]);
    expect(grouped.answers.map((a: Loose) => a.rdata)).toEqual(['203.0.113.42', '203.0.113.43']);
    expect(grouped.answers[0].flag_ids).toEqual([1, 3, 4]);
  });

  it('reads v3 requests and responses (queries[], answers[])', () => {
    const request = normalize(dns[10]);
    expect(request).toMatchObject({ activity_id: 1, query: { hostname: 'login.example.com' } });
    const response = normalize(dns[9]);
    expect(response.activity_id).toBe(2);
    expect(response.query.hostname).toBe('nonexistent.example.com');
    expect(response.answers[0]).toMatchObject({ type: 'AAAA', ttl: 120 });
    expect(normalize(dns[13]).rcode_id).toBe(5);
    expect(normalize(dns[17])).toMatchObject({ rcode_id: 99, rcode: 'BADCOOKIE' });
  });

  it('reads the one answer of a v1 record into answers[], not unmapped', () => {
    const cname = normalize(dns[19]);
    expect(cname).toMatchObject({ activity_id: 2, rcode_id: 0 });
    expect(cname.answers).toEqual([
      {
        rdata: 'web.example.net',
        type: 'CNAME',
        ttl: 3600,
        class: 'IN',
        packet_uid: 30001,
        flag_ids: [3, 4],
        flags: ['Recursion Desired', 'Recursion Available'],
      },
    ]);
    expect(cname.unmapped.dns).toEqual({ flags: '8180' });
    expect(normalize(dns[22]).answers[0]).toMatchObject({ type: 'AAAA', flag_ids: [1, 3, 4] });
    const soa = normalize(dns[23]);
    expect(soa).toMatchObject({ rcode_id: 3, answers: [{ type: 'SOA', ttl: 900 }] });
    expect(JSON.parse(soa.answers[0].rdata)).toMatchObject({ mname: 'ns1.example.org' });
    expect(soa.unmapped.dns).toEqual({ flags: '8183' });
    // An NXDOMAIN without records has no answers, and nothing of the answer is left unmapped.
    expect(normalize(dns[24]).answers).toBeUndefined();
  });

  it('reads structured data (SSHFP) in answers[] and v3 grouped answers', () => {
    const sshfp = JSON.parse(normalize(dns[25]).answers[0].rdata);
    expect(sshfp).toMatchObject({ algo: 4, type: 1 });
    expect(normalize(dns[27]).answers.map((a: Loose) => a.rdata)).toEqual([
      '2001:db8:90::1',
      '2001:db8:90::2',
    ]);
  });
});

describe('http', () => {
  const http = load('http');

  it('builds the URL from the origin, absolute and authority forms of the request target', () => {
    expect(normalize(http[1]).http_request).toMatchObject({
      http_method: 'POST',
      url: {
        hostname: 'intranet.example.com',
        path: '/login.php',
        query_string: 'user=test&next=%2Fhome',
        url_string: 'http://intranet.example.com:8080/login.php?user=test&next=%2Fhome',
      },
    });
    expect(normalize(http[5]).http_request.url).toMatchObject({
      hostname: 'files.example.org',
      path: '/setup.exe',
    });
    expect(normalize(http[9])).toMatchObject({
      activity_id: 1,
      http_request: { url: { hostname: 'files.example.org', port: 443 } },
    });
  });

  it('keeps a method OCSF has no value for as the activity name, the method unmapped', () => {
    const event = normalize(http[11]);
    expect(event).toMatchObject({ activity_id: 99, activity_name: 'PROPFIND' });
    expect(event.http_request.http_method).toBeUndefined();
    expect(event.unmapped.http.http_method).toBe('PROPFIND');
  });
});

describe('stats are sensor health, not events', () => {
  it('summarises capture drops and counters', () => {
    const [, second] = load('stats');
    const health = suricataHealthOf(second);
    expect(health).toMatchObject({
      sensor: 'ids-01.example.com',
      uptimeSeconds: 7200,
      capturedPackets: 2_000_000,
      droppedPackets: 1_500,
      alerts: 24,
      flowMemcapHits: 1,
    });
    expect(health.dropRatio).toBeCloseTo(1_500 / 2_001_500);
  });

  it('is refused by the event normaliser and by the normalize sources', () => {
    const [stats] = load('stats');
    expect(() => normalizeSuricataEvent(stats)).toThrow(NormalizationError);
    expect(suricataNormalizeSources.find((s) => s.id === 'suricata')?.matches(stats)).toBe(false);
  });
});

describe('tolerance: any one field removed normalises or fails typed', () => {
  const all = EVENT_TYPES.flatMap((name) => load(name).slice(0, 4));

  it('removing each top-level and each nested field of every record', () => {
    let normalised = 0;
    let rejected = 0;
    for (const record of all) {
      const variants: unknown[] = [];
      for (const key of Object.keys(record)) {
        const { [key]: _removed, ...rest } = record;
        variants.push(rest);
        const value = record[key];
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          for (const inner of Object.keys(value)) {
            const { [inner]: _gone, ...innerRest } = value as Record<string, unknown>;
            variants.push({ ...record, [key]: innerRest });
          }
        }
      }
      for (const variant of variants) {
        let event: unknown;
        try {
          event = normalizeSuricataEvent(variant);
        } catch (error) {
          expect(error, JSON.stringify(variant).slice(0, 200)).toBeInstanceOf(NormalizationError);
          expect((error as NormalizationError).details?.['path']).toBeTruthy();
          rejected += 1;
          continue;
        }
        expect(validateOcsfEvent(event, { mode: 'strict' }).errors).toEqual([]);
        normalised += 1;
      }
    }
    // Only the fields a record cannot do without (event_type, timestamp, the event's own object
    // and its key field) reject it.
    expect(normalised).toBeGreaterThan(rejected * 4);
  });

  it('maps an application protocol without a mapping of its own to Network Activity', () => {
    const [flow] = load('flow');
    const event = normalize({
      ...flow,
      event_type: 'krb5',
      flow: undefined,
      krb5: { msg_type: 'KRB_AS_REQ', cname: 'alice' },
    });
    expect(event).toMatchObject({
      class_uid: 4001,
      app_protocol_name: 'http',
      unmapped: { krb5: { cname: 'alice' } },
    });
  });
});

describe('normalize sources', () => {
  it('offers suricata/eve and suricata, telling EVE records apart from other JSON', () => {
    expect(suricataNormalizeSources.map((source) => source.id)).toEqual([
      'suricata/eve',
      'suricata',
    ]);
    const any = suricataNormalizeSources[1];
    expect(any?.normalize(load('alert')[0]).class_uid).toBe(2004);
    expect(() => any?.normalize({ something: 'else' })).toThrow(
      /none of the Suricata record shapes/,
    );
  });
});
