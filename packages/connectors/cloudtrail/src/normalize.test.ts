import { readFileSync } from 'node:fs';
import { NormalizationError } from '@openmdr/connector-kit';
import { describeGolden } from '@openmdr/connector-kit/testing';
import { describe, expect, it } from 'vitest';
import {
  cloudtrailNormalizeSources,
  normalizeCloudTrail,
  normalizeCloudTrailFile,
} from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`${name}.json`, fixtures), 'utf8')) as Record<string, unknown>[];
const managementEvents = fixture('management-events');
const signinEvents = fixture('signin-events');
const insightsEvents = fixture('insights-events');
// biome-ignore lint/suspicious/noExplicitAny: assertions walk the built events freely
type Event = Record<string, any>;
const normalize = (record: unknown) => normalizeCloudTrail(record) as Event;
const byName = (records: readonly Record<string, unknown>[], name: string, nth = 0) =>
  records.filter((record) => record['eventName'] === name)[nth] as Record<string, unknown>;

describe('AWS CloudTrail records → OCSF', () => {
  describeGolden(fixtures, 'management-events', normalize);
  describeGolden(fixtures, 'signin-events', normalize);
  describeGolden(fixtures, 'data-events', normalize);
  describeGolden(fixtures, 'insights-events', normalize);

  it('maps an IAM user creation to Account Change: Create, the new user as user', () => {
    const event = normalize(byName(managementEvents, 'CreateUser'));
    expect(event['class_uid']).toBe(3001);
    expect(event['activity_id']).toBe(1);
    expect(event['user']).toMatchObject({
      name: 'svc-reporting',
      uid: 'arn:aws:iam::111122223333:user/svc-reporting',
      uid_alt: 'AIDAQRSTUVWX2EXAMPLE',
    });
    expect(event['actor']['session']).toMatchObject({
      issuer: 'arn:aws:iam::111122223333:role/OrgAdmin',
      is_mfa: true,
    });
    expect(event['actor']['user']).toMatchObject({ name: 'alice@example.com', type_id: 99 });
  });

  it('gives Account Change its OCSF activities: policy attach, disable, password reset, delete', () => {
    expect(normalize(byName(managementEvents, 'AttachUserPolicy'))).toMatchObject({
      class_uid: 3001,
      activity_id: 7,
      policy: { uid: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    });
    expect(normalize(byName(managementEvents, 'AttachGroupPolicy'))).toMatchObject({
      activity_id: 7,
      user: { groups: [{ name: 'developers' }], account: { uid: '111122223333' } },
    });
    expect(normalize(byName(managementEvents, 'UpdateAccessKey'))['activity_id']).toBe(5);
    expect(normalize(byName(managementEvents, 'UpdateLoginProfile'))['activity_id']).toBe(4);
    const denied = normalize(byName(managementEvents, 'DeleteUser'));
    expect(denied).toMatchObject({ activity_id: 6, status_id: 2, status_code: 'AccessDenied' });
    expect(denied['api']['response']['error']).toBe('AccessDenied');
  });

  it('maps other calls to API Activity by verb, with api, cloud, resources and metadata', () => {
    const run = normalize(byName(managementEvents, 'RunInstances'));
    expect(run).toMatchObject({
      class_uid: 6003,
      activity_id: 1,
      status_id: 1,
      cloud: { provider: 'AWS', region: 'eu-west-1', account: { uid: '111122223333' } },
      api: { operation: 'RunInstances', service: { name: 'ec2.amazonaws.com' } },
      metadata: { product: { name: 'CloudTrail', vendor_name: 'AWS' }, event_code: 'AwsApiCall' },
    });
    expect(run['api']['request']['data']['instanceType']).toBe('t3.medium');
    expect(run['api']['response']['data']['instancesSet']).toBeDefined();
    expect(normalize(byName(managementEvents, 'DescribeInstances'))).toMatchObject({
      activity_id: 2,
      status_id: 2,
      status_code: 'Client.UnauthorizedOperation',
    });
    expect(normalize(byName(managementEvents, 'DeleteTrail'))['activity_id']).toBe(4);
    expect(normalize(byName(managementEvents, 'ScheduleKeyDeletion'))['activity_id']).toBe(99);
    expect(normalize(byName(managementEvents, 'Decrypt'))['resources']).toEqual([
      {
        uid: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        type: 'AWS::KMS::Key',
        region: 'us-east-1',
        owner: { account: { uid: '111122223333', type_id: 10, type: 'AWS Account' } },
      },
    ]);
  });

  it('puts an AWS service name given as sourceIPAddress in svc_name, not ip', () => {
    const event = normalize(byName(managementEvents, 'Decrypt'));
    expect(event['src_endpoint']).toEqual({
      svc_name: 's3.amazonaws.com',
      domain: 's3.amazonaws.com',
    });
    expect(event['actor']['invoked_by']).toBe('s3.amazonaws.com');
    const internal = normalize(byName(managementEvents, 'RotateKey'));
    expect(internal['src_endpoint']).toEqual({ name: 'AWS Internal' });
    expect(normalize(byName(managementEvents, 'GetCallerIdentity'))['src_endpoint']).toEqual({
      ip: '10.0.12.34',
      uid: 'vpce-0123456789abcdef0',
    });
  });

  it('keeps the caller account of a cross-account call apart from the recipient', () => {
    const event = normalize(byName(managementEvents, 'DescribeSnapshots'));
    expect(event['cloud']['account']['uid']).toBe('111122223333');
    expect(event['actor']['user']['account']['uid']).toBe('444455556666');
  });

  it('maps a role assumption to Authentication of the assumed session', () => {
    const event = normalize(byName(managementEvents, 'AssumeRole'));
    expect(event).toMatchObject({
      class_uid: 3002,
      activity_id: 1,
      status_id: 1,
      user: {
        uid: 'arn:aws:sts::111122223333:assumed-role/deploy-from-ci/gh-actions-8812',
        name: 'gh-actions-8812',
      },
      actor: { user: { account: { uid: '444455556666' } } },
      service: { name: 'sts.amazonaws.com' },
    });
    expect(normalize(byName(signinEvents, 'AssumeRoleWithSAML'))['auth_protocol_id']).toBe(5);
    expect(normalize(byName(signinEvents, 'AssumeRoleWithWebIdentity'))['auth_protocol_id']).toBe(
      4,
    );
  });

  it('reads console sign-in results and MFA use', () => {
    expect(normalize(byName(signinEvents, 'ConsoleLogin', 0))).toMatchObject({
      class_uid: 3002,
      activity_id: 1,
      status_id: 1,
      is_mfa: true,
    });
    expect(normalize(byName(signinEvents, 'ConsoleLogin', 1))).toMatchObject({
      status_id: 2,
      status_detail: 'Failed authentication',
      is_mfa: false,
    });
    const root = normalize(byName(signinEvents, 'ConsoleLogin', 3));
    expect(root['user']).toMatchObject({ uid: 'arn:aws:iam::111122223333:root', type_id: 2 });
    expect(normalize(byName(signinEvents, 'CheckMfa', 1))['status_id']).toBe(2);
    expect(normalize(byName(signinEvents, 'CredentialVerification'))['status_id']).toBe(2);
    expect(normalize(byName(signinEvents, 'CredentialChallenge'))['status_id']).toBe(1);
    expect(normalize(byName(signinEvents, 'SwitchRole'))['activity_id']).toBe(7);
    expect(normalize(byName(signinEvents, 'Federate'))['class_uid']).toBe(3002);
    expect(normalize(byName(signinEvents, 'PasswordUpdated'))).toMatchObject({
      class_uid: 3001,
      activity_id: 3,
    });
  });

  it('maps Insights to Detection Findings opened by Start and closed by End', () => {
    const [start, end] = insightsEvents.slice(0, 2).map(normalize);
    expect(start).toMatchObject({
      class_uid: 2004,
      activity_id: 1,
      status_id: 1,
      finding_info: {
        title: 'Unusual API call rate: ec2.amazonaws.com RunInstances',
        types: ['ApiCallRateInsight'],
      },
      api: { operation: 'RunInstances', service: { name: 'ec2.amazonaws.com' } },
      evidences: [{ actor: { user: { uid: 'arn:aws:iam::111122223333:user/bob' } } }],
    });
    expect(end).toMatchObject({ class_uid: 2004, activity_id: 3, status_id: 4 });
    expect(end?.['finding_info']['uid']).toBe(start?.['finding_info']['uid']);
    const errors = normalize(
      insightsEvents.find((record) => JSON.stringify(record).includes('ApiErrorRateInsight')),
    );
    expect(errors['api']['response']['error']).toBe('AccessDenied');
  });

  it('unwraps EventBridge events and single-record log files', () => {
    const record = byName(managementEvents, 'RunInstances');
    const direct = normalize(record);
    const envelope = {
      version: '0',
      id: '6f4e0a4c-0000-4000-8000-000000000001',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.ec2',
      account: '111122223333',
      time: '2025-03-05T12:44:18Z',
      region: 'eu-west-1',
      resources: [],
      detail: record,
    };
    expect(normalize(envelope)).toEqual(direct);
    const events = cloudtrailNormalizeSources.find((source) => source.id === 'cloudtrail/events');
    expect(events?.matches(envelope)).toBe(true);
    expect(events?.matches({ Records: [record] })).toBe(true);
    expect(events?.normalize({ Records: [record] })).toEqual(direct);
    expect(normalizeCloudTrailFile({ Records: [record, record] })).toEqual([direct, direct]);
    const lookup = {
      EventId: record['eventID'],
      EventName: 'RunInstances',
      ReadOnly: 'false',
      EventTime: 1741178658,
      EventSource: 'ec2.amazonaws.com',
      CloudTrailEvent: JSON.stringify(record),
    };
    expect(normalize(lookup)).toEqual(direct);
    expect(() => normalize({ ...lookup, CloudTrailEvent: '{' })).toThrow(/CloudTrailEvent/);
  });

  it('refuses a record without eventTime or eventName, naming the field', () => {
    const record = { ...byName(managementEvents, 'RunInstances') };
    delete record['eventTime'];
    expect(() => normalize(record)).toThrow(NormalizationError);
    expect(() => normalize(record)).toThrow(/eventTime/);
    expect(() => normalize({ eventTime: '2025-03-05T12:44:18Z' })).toThrow(/eventName/);
    expect(() => normalize('text')).toThrow(NormalizationError);
  });

  it('is a source of openmdr normalize, per stream and for the connector', () => {
    expect(cloudtrailNormalizeSources.map((source) => source.id)).toEqual([
      'cloudtrail/events',
      'cloudtrail',
    ]);
  });
});
