import { describe, expect, it } from 'vitest';
import { minimalEvent } from './testing/minimal-instance.js';
import { processActivityEvent } from './testing/realistic-events.js';
import { validateOcsfEvent, validateOcsfObject } from './validate.js';

type Json = Record<string, unknown>;

const clone = <T>(value: T): T => structuredClone(value);
const process = (): Json => clone(processActivityEvent) as Json;
const network = (): Json => minimalEvent('network_activity');
const lenient = (event: unknown) => validateOcsfEvent<Json>(event, { mode: 'lenient' });
const strict = (event: unknown) => validateOcsfEvent<Json>(event, { mode: 'strict' });
const rules = (issues: readonly { path: string; rule: string }[]) =>
  issues.map((issue) => `${issue.path} ${issue.rule}`);

describe('lenient mode is tolerant ingest: what strict refuses becomes a warning', () => {
  it('accepts a missing required attribute of a nested object (device.type_id)', () => {
    const event = process();
    const device = event['device'] as Json;
    delete device['type_id'];
    delete device['type'];
    expect(rules(strict(event).errors)).toEqual(['device.type_id required_missing']);
    const result = lenient(event);
    expect(result.ok).toBe(true);
    expect(result.errors).toEqual([]);
    expect(rules(result.warnings)).toContain('device.type_id required_missing');
  });

  it('accepts an extension without its required version (metadata.extensions[].version)', () => {
    const event = process();
    (event['metadata'] as Json)['extensions'] = [{ name: 'vendor', uid: '999' }];
    expect(rules(strict(event).errors)).toEqual([
      'metadata.extensions[0].version required_missing',
    ]);
    const result = lenient(event);
    expect(result.ok).toBe(true);
    expect(rules(result.warnings)).toContain('metadata.extensions[0].version required_missing');
    expect((result.event['metadata'] as Json)['extensions']).toEqual([
      { name: 'vendor', uid: '999' },
    ]);
  });

  it('accepts connection_info without direction_id, and sets it from its caption when given', () => {
    const event = network();
    event['connection_info'] = { protocol_name: 'tcp' };
    expect(rules(strict(event).errors)).toEqual(['connection_info.direction_id required_missing']);
    const missing = lenient(event);
    expect(missing.ok).toBe(true);
    expect(rules(missing.warnings)).toContain('connection_info.direction_id required_missing');

    event['connection_info'] = { protocol_name: 'tcp', direction: 'outbound' };
    const fromCaption = lenient(event);
    expect(fromCaption.event['connection_info']).toMatchObject({ direction_id: 2 });
    expect(rules(fromCaption.warnings)).toContain('connection_info.direction_id computed');
    expect(rules(fromCaption.warnings)).not.toContain(
      'connection_info.direction_id required_missing',
    );
  });

  it('accepts an unmet at_least_one constraint, reported at the object', () => {
    const event = process();
    (event['actor'] as Json)['idp'] = { domain: 'example.com' };
    expect(rules(strict(event).errors)).toEqual(['actor.idp constraint_at_least_one']);
    const result = lenient(event);
    expect(result.ok).toBe(true);
    expect(result.warnings).toContainEqual({
      path: 'actor.idp',
      rule: 'constraint_at_least_one',
      message: 'at least one of name, uid is required',
    });
  });

  it('moves a scalar given as an object (cloud.region) to unmapped under its path', () => {
    const event = process();
    event['cloud'] = { provider: 'AWS', region: { name: 'eu-west-1' } };
    (event['metadata'] as Json)['profiles'] = ['cloud'];
    expect(rules(strict(event).errors)).toEqual(['cloud.region type_mismatch']);
    const result = lenient(event);
    expect(result.ok).toBe(true);
    expect(result.event['cloud']).toEqual({ provider: 'AWS' });
    expect(result.event['unmapped']).toEqual({ 'cloud.region': { name: 'eu-west-1' } });
    expect(result.warnings).toContainEqual({
      path: 'cloud.region',
      rule: 'moved_to_unmapped',
      message: 'expected string (string_t), got object; moved to unmapped',
    });
  });

  it('coerces numbers given as strings, enum captions given for ids and JSON text for objects', () => {
    const event = network();
    event['src_endpoint'] = { ip: '192.0.2.1', port: '443' };
    event['severity_id'] = 'High';
    event['duration'] = '1500';
    event['metadata'] = JSON.stringify(event['metadata']);
    expect(rules(strict(event).errors)).toEqual(
      expect.arrayContaining([
        'src_endpoint.port type_mismatch',
        'severity_id type_mismatch',
        'duration type_mismatch',
        'metadata type_mismatch',
      ]),
    );
    const result = lenient(event);
    expect(result.ok).toBe(true);
    expect(result.event).toMatchObject({
      src_endpoint: { port: 443 },
      severity_id: 4,
      severity: 'High',
      duration: 1500,
      metadata: { version: '1.8.0' },
    });
    expect(
      result.warnings
        .filter((warning) => warning.rule === 'coerced')
        .map((warning) => warning.path)
        .sort(),
    ).toEqual(['duration', 'metadata', 'severity_id', 'src_endpoint.port']);
  });

  it('converts a date-time without a zone to RFC 3339 in UTC (datetime_t)', () => {
    const event = process();
    event['time_dt'] = '2024-12-30 15:00:00.000000';
    (event['metadata'] as Json)['profiles'] = ['datetime'];
    expect(rules(strict(event).errors)).toEqual(['time_dt regex_mismatch']);
    const result = lenient(event);
    expect(result.event['time_dt']).toBe('2024-12-30T15:00:00.000Z');
    expect(rules(result.warnings)).toContain('time_dt coerced');
  });

  it('moves what no rule can coerce: a bad IP, a second value, a bad array item', () => {
    const event = network();
    event['src_endpoint'] = { ip: '10.0.0.1, 10.0.0.2', port: 53 };
    event['dst_endpoint'] = { ip: '192.0.2.8', port: 53 };
    event['message'] = ['first', 'second'];
    event['observables'] = [
      { type_id: 2, name: 'dst_endpoint.ip', value: '192.0.2.8' },
      'dst_endpoint.ip',
    ];
    expect(rules(strict(event).errors)).toEqual(
      expect.arrayContaining([
        'src_endpoint.ip regex_mismatch',
        'message scalar_expected',
        'observables[1] type_mismatch',
      ]),
    );
    const result = lenient(event);
    expect(result.ok).toBe(true);
    expect(result.event['unmapped']).toEqual({
      'src_endpoint.ip': '10.0.0.1, 10.0.0.2',
      message: ['first', 'second'],
      'observables[1]': 'dst_endpoint.ip',
    });
    expect(result.event['observables']).toHaveLength(1);
    expect(result.event['src_endpoint']).toEqual({ port: 53 });
    expect(
      result.warnings
        .filter((warning) => warning.rule === 'moved_to_unmapped')
        .map((warning) => warning.path)
        .sort(),
    ).toEqual(['message', 'observables[1]', 'src_endpoint.ip']);
    // what is left of src_endpoint no longer meets its at_least_one constraint: reported
    expect(rules(result.warnings)).toContain('src_endpoint constraint_at_least_one');
  });

  it('maps an unknown enum value to 99 (Other) when the enum has a caption, else moves it', () => {
    const event = minimalEvent('http_activity');
    event['severity_id'] = 42;
    event['http_request'] = { http_method: 'FETCH', url: { path: '/' } };
    expect(rules(strict(event).errors)).toEqual([
      'severity_id enum_value_unknown',
      'http_request.http_method enum_value_unknown',
    ]);
    const result = lenient(event);
    expect(result.ok).toBe(true);
    expect(result.event).toMatchObject({ severity_id: 99, severity: '42' });
    expect(result.event['http_request']).toEqual({ url: { path: '/' } });
    expect(result.event['unmapped']).toEqual({ 'http_request.http_method': 'FETCH' });
  });

  it('replaces a category_uid or type_uid that contradicts class_uid and activity_id', () => {
    const event = network();
    event['category_uid'] = 2;
    event['type_uid'] = 400105;
    expect(rules(strict(event).errors)).toEqual([
      'category_uid category_uid_mismatch',
      'type_uid type_uid_mismatch',
    ]);
    const result = lenient(event);
    expect(result.ok).toBe(true);
    expect(result.event).toMatchObject({ category_uid: 4, type_uid: 400101 });
    expect(result.type_uid).toBe(400101);
  });

  it("keeps the producer's unmapped entries when a moved path uses the same key", () => {
    const event = process();
    event['unmapped'] = { vendor_score: 'producer' };
    event['vendor_score'] = 97;
    const result = lenient(event);
    expect(result.event['unmapped']).toEqual({ vendor_score: 'producer', 'vendor_score#2': 97 });
  });

  it('finds the class of an event without a numeric class_uid from type_uid or class_name', () => {
    const { class_uid: _uid, ...event } = network();
    expect(rules(strict(event).errors)).toEqual(['class_uid required_missing']);
    const fromType = lenient(event);
    expect(fromType.ok).toBe(true);
    expect(fromType.event['class_uid']).toBe(4001);
    expect(fromType.warnings).toContainEqual({
      path: 'class_uid',
      rule: 'computed',
      message: 'set from type_uid',
    });
    const { type_uid: _type, ...untyped } = event;
    const fromName = lenient({ ...untyped, class_name: 'Network Activity' });
    expect(fromName).toMatchObject({ ok: true, class_uid: 4001, type_uid: 400101 });
    expect(lenient({ ...untyped, class_uid: 'network_activity' }).event['class_uid']).toBe(4001);
  });

  it('still refuses a non-object, an unknown class and a class contradicting the option', () => {
    expect(rules(lenient('text').errors)).toEqual([' type_mismatch']);
    expect(rules(lenient([network()]).errors)).toEqual([' type_mismatch']);
    expect(rules(lenient({ ...network(), class_uid: 424242 }).errors)).toEqual([
      'class_uid class_uid_unknown',
    ]);
    expect(rules(lenient({ metadata: {} }).errors)).toEqual(['class_uid required_missing']);
    const mismatch = validateOcsfEvent(network(), { mode: 'lenient', class: 'process_activity' });
    expect(rules(mismatch.errors)).toEqual(['class_uid class_uid_mismatch']);
  });

  it('returns what it moved out of a standalone object (validateOcsfObject)', () => {
    const value = { name: 'cmd.exe', type_id: 1, size: 'large', vendor_flag: true };
    const result = validateOcsfObject('file', value, { mode: 'lenient' });
    expect(result.ok).toBe(true);
    expect(result.value).toEqual({ name: 'cmd.exe', type_id: 1, type: 'Regular File' });
    expect(result.unmapped).toEqual({ size: 'large', vendor_flag: true });
    expect(validateOcsfObject('file', value).unmapped).toBeUndefined();
  });

  it('never mutates the input', () => {
    const event = network();
    event['cloud'] = { provider: 'AWS', region: { name: 'eu-west-1' } };
    event['connection_info'] = { protocol_name: 'tcp' };
    event['type_uid'] = 1;
    const frozen = JSON.stringify(event);
    lenient(event);
    expect(JSON.stringify(event)).toBe(frozen);
  });
});
