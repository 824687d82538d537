import { readFileSync } from 'node:fs';
import { NormalizationError } from '@openmdr/connector-kit';
import { describeGolden } from '@openmdr/connector-kit/testing';
import { OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { normalizeOktaLogEvent } from './normalize.js';
import { isOktaLogEvent, oktaNormalizeSources } from './normalize-sources.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const records = JSON.parse(readFileSync(new URL('logs.json', fixtures), 'utf8')) as Array<
  Record<string, unknown>
>;

describe('Okta System Log fixtures', () => {
  it('hold at least 15 distinct records of distinct event types', () => {
    expect(records.length).toBeGreaterThanOrEqual(15);
    expect(new Set(records.map((record) => record['uuid'])).size).toBe(records.length);
    expect(new Set(records.map((record) => record['eventType'])).size).toBeGreaterThanOrEqual(15);
  });

  describeGolden(fixtures, 'logs', (record) => normalizeOktaLogEvent(record));

  it('covers every class the stream declares', () => {
    const classes = new Set(records.map((record) => normalizeOktaLogEvent(record)['class_uid']));
    expect([...classes].sort()).toEqual([0, 2004, 3001, 3002, 3004, 3005]);
  });
});

describe('normalizeOktaLogEvent', () => {
  const byType = (eventType: string, index = 0) =>
    records.filter((record) => record['eventType'] === eventType)[index] as Record<string, unknown>;

  it('maps a password sign-on: user, source IP, geolocation, user agent, factor, result', () => {
    const event = normalizeOktaLogEvent(byType('user.session.start'));
    expect(event).toMatchObject({
      class_uid: 3002,
      activity_id: 1,
      status_id: 1,
      user: { uid: '00u8k2m4xqAbCdEf1d7', name: 'alice.nguyen@example.com' },
      src_endpoint: {
        ip: '198.51.100.24',
        location: { city: 'San Francisco', region: 'California', country: 'United States' },
        autonomous_system: { number: 7922 },
      },
      http_request: { user_agent: expect.stringContaining('Mac OS X') },
      auth_factors: [{ factor_type_id: 11 }],
      session: { uid: '102Zb8Xk2vYQ2qK0cJY7cXh1A' },
      metadata: { uid: '1f3b2c4e-0a11-11f1-9a3c-3f5e7d9b1a01', event_code: 'user.session.start' },
    });
    expect(event['is_mfa']).toBeUndefined();
  });

  it('keeps the failure reason of a failed sign-on', () => {
    const event = normalizeOktaLogEvent(byType('user.session.start', 1));
    expect(event).toMatchObject({
      status_id: 2,
      status: 'Failure',
      status_detail: 'INVALID_CREDENTIALS',
    });
    expect(event['risk_level_id']).toBe(2);
  });

  it('marks an MFA verification with its push factor', () => {
    const event = normalizeOktaLogEvent(byType('user.authentication.auth_via_mfa'));
    expect(event).toMatchObject({
      is_mfa: true,
      auth_factors: [{ factor_type_id: 5, provider: 'Okta Verify' }],
    });
  });

  it('maps SSO to the target app as the service', () => {
    const event = normalizeOktaLogEvent(byType('user.authentication.sso'));
    expect(event['service']).toEqual({ name: 'Salesforce.com', uid: '0oa5sf0rce1Salesf1d7' });
  });

  it('maps a DENY policy decision to failure and denied', () => {
    const event = normalizeOktaLogEvent(byType('policy.evaluate_sign_on'));
    expect(event).toMatchObject({ status_id: 2, action_id: 2, risk_level_id: 3, activity_id: 99 });
  });

  it('maps lifecycle, privilege and threat events to their classes', () => {
    expect(normalizeOktaLogEvent(byType('user.lifecycle.suspend'))).toMatchObject({
      class_uid: 3004,
      activity_id: 12,
      entity: { type_id: 2, user: { uid: '00u8k2n7yrGhIjKl1d7' } },
      actor: { user: { name: 'it.admin@example.com' } },
    });
    expect(normalizeOktaLogEvent(byType('user.account.privilege.grant'))).toMatchObject({
      class_uid: 3005,
      privileges: ['Super administrator', 'Read-only administrator'],
    });
    expect(normalizeOktaLogEvent(byType('security.threat.detected'))).toMatchObject({
      class_uid: 2004,
      finding_info: { title: 'Request from suspicious actor', types: ['security.threat.detected'] },
      evidences: [{ src_endpoint: { ip: '185.220.101.9' } }],
    });
    expect(normalizeOktaLogEvent(byType('user.account.update_password'))).toMatchObject({
      class_uid: 3001,
      activity_id: 3,
      src_endpoint: { ip: '2001:db8:85a3::8a2e:370:7334' },
    });
  });

  it('keeps vendor fields without an OCSF place in unmapped', () => {
    const event = normalizeOktaLogEvent(byType('user.session.start'));
    expect(event['unmapped']).toMatchObject({
      legacyEventType: 'core.user_auth.login_success',
      debugContext: { debugData: { deviceFingerprint: 'b3f1d6c0a9e84b7c6d5e4f3a2b1c0d9e' } },
      authenticationContext: { authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER' },
    });
  });

  it('keeps the original record in raw_data when asked', () => {
    const record = byType('user.session.end');
    const event = normalizeOktaLogEvent(record, { includeRawData: true });
    expect(JSON.parse(String(event['raw_data']))).toEqual(record);
  });

  it.each([
    ['not an object', [1, 2], ''],
    ['no published', { uuid: 'x', eventType: 'user.session.start' }, 'published'],
    ['no eventType', { uuid: 'x', published: '2026-03-02T08:00:00Z' }, 'eventType'],
    [
      'a bad time',
      { uuid: 'x', eventType: 'user.session.start', published: 'yesterday' },
      'published',
    ],
    [
      'an account change without a user',
      { uuid: 'x', eventType: 'user.lifecycle.create', published: '2026-03-02T08:00:00Z' },
      'target',
    ],
    [
      'a sign-on without a user',
      {
        uuid: 'x',
        eventType: 'user.session.start',
        published: '2026-03-02T08:00:00Z',
        actor: null,
      },
      'actor',
    ],
  ])('rejects %s with a typed error naming the field', (_name, record, path) => {
    let caught: unknown;
    try {
      normalizeOktaLogEvent(record);
    } catch (error) {
      caught = error;
    }
    expect(NormalizationError.isInstance(caught)).toBe(true);
    expect((caught as NormalizationError).code).toBe('NORMALIZE_FAILED');
    expect((caught as NormalizationError).path).toBe(path);
  });

  it('drops an invalid client IP instead of failing (lenient)', () => {
    const record = structuredClone(byType('user.session.start'));
    (record['client'] as Record<string, unknown>)['ipAddress'] = 'not-an-ip';
    const event = normalizeOktaLogEvent(record);
    expect(validateOcsfEvent(event, { mode: 'strict' }).ok).toBe(true);
    expect((event['src_endpoint'] as Record<string, unknown>)['ip']).toBeUndefined();
  });

  it('never crashes: every fixture with any one field removed, nulled or retyped normalises or fails typed', () => {
    const mutations: Array<(value: Record<string, unknown>, key: string) => void> = [
      (value, key) => {
        delete value[key];
      },
      (value, key) => {
        value[key] = null;
      },
      (value, key) => {
        value[key] = 42;
      },
      (value, key) => {
        value[key] = ['unexpected'];
      },
    ];
    const paths = (value: unknown, prefix: string[] = []): string[][] =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value).flatMap(([key, child]) => [
            [...prefix, key],
            ...paths(child, [...prefix, key]),
          ])
        : [];
    let normalised = 0;
    let rejected = 0;
    for (const record of records) {
      for (const path of paths(record)) {
        for (const mutate of mutations) {
          const copy = structuredClone(record);
          let parent: Record<string, unknown> = copy;
          for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
          mutate(parent, path.at(-1) as string);
          try {
            const event = normalizeOktaLogEvent(copy);
            const result = validateOcsfEvent(event, { mode: 'strict' });
            expect(result.errors, `${path.join('.')}: ${JSON.stringify(result.errors)}`).toEqual(
              [],
            );
            normalised += 1;
          } catch (error) {
            expect(OpenMdrError.isInstance(error), `${path.join('.')}: ${String(error)}`).toBe(
              true,
            );
            expect((error as OpenMdrError).code).toBe('NORMALIZE_FAILED');
            rejected += 1;
          }
        }
      }
    }
    expect(normalised).toBeGreaterThan(rejected);
  });
});

describe('oktaNormalizeSources', () => {
  it('offers okta/logs and okta, telling System Log events by shape', () => {
    expect(oktaNormalizeSources.map((source) => source.id)).toEqual(['okta/logs', 'okta']);
    expect(records.every(isOktaLogEvent)).toBe(true);
    expect(
      isOktaLogEvent({ createdDateTime: '2026-03-02T08:00:00Z', userPrincipalName: 'x' }),
    ).toBe(false);
    const source = oktaNormalizeSources[1];
    expect(source?.normalize(records[0])['class_uid']).toBe(3002);
  });
});
