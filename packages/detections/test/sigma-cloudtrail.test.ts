import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compileSigmaRules,
  createFlatFieldMapping,
  isCloudTrailLogsource,
  loadSigmaRules,
  ocsfCloudTrailFieldGetter,
  ocsfFieldMapping,
  type SigmaEngine,
  type SigmaMatch,
  type SigmaRule,
} from '../src/index.js';
import { ACTIVE_RULE_FOLDERS, HAS_SIGMA_CORPUS, SIGMA_DIR } from './shared-dir.js';
import {
  baseRecord,
  flattenRecord,
  matchingRecords,
  NO_MATCH,
  nearMisses,
  setPath,
  toOcsf,
} from './sigma-cloudtrail-records.js';

/**
 * SigmaHQ's CloudTrail rules (`product: aws, service: cloudtrail`) on CloudTrail records: raw
 * (CloudTrail's own field names, nested or flattened to dotted keys) and as OCSF (API Activity,
 * Authentication, Account Change with `metadata.product.name` `CloudTrail`). The records are
 * generated from each rule's detection (`sigma-cloudtrail-records.ts`): a positive record per
 * way to meet the condition, and near misses (a changed required value, each filter met). The
 * engine holds the whole active corpus, so every case also shows that no other rule reaches a
 * CloudTrail record.
 */

const where = (file: string | undefined) => (file ?? '?').replace(`${SIGMA_DIR}/sigmahq/`, '');

/**
 * Rules that cannot fire on a CloudTrail record, and why. They compile and route, but a field
 * they need is not part of CloudTrail's record format.
 */
const UNMATCHABLE: Readonly<Record<string, string>> = {
  'rules/cloud/aws/cloudtrail/aws_delete_saml_provider.yml':
    "`status: 'success'`: CloudTrail records have no `status` field (success is the absence of `errorCode`)",
};

/** Real records: Stratus Red Team detonations (`fixtures/sigma-cloudtrail/README.md`). */
const STRATUS_DIR = fileURLToPath(new URL('./fixtures/sigma-cloudtrail/', import.meta.url));

/**
 * The CloudTrail rules each Stratus Red Team technique's records fire (the rule file names, in
 * record order; `aws_sts_assumerole_misuse` fires on every call of an assumed-role session and
 * is left out). `cloudtrail-event-selectors` fires none: no SigmaHQ rule selects
 * `PutEventSelectors`.
 */
const STRATUS_EXPECTED: Readonly<Record<string, readonly (readonly string[])[]>> = {
  'aws.defense-evasion.cloudtrail-delete.json': [['aws_cloudtrail_disable_logging']],
  'aws.defense-evasion.cloudtrail-event-selectors.json': [[]],
  'aws.defense-evasion.cloudtrail-stop.json': [['aws_cloudtrail_disable_logging']],
  'aws.defense-evasion.vpc-remove-flow-logs.json': [['aws_cloudtrail_vpc_flow_logs_deleted']],
  'aws.exfiltration.ec2-security-group-open-port-22-ingress.json': [
    ['aws_cloudtrail_security_group_change_ingress_egress'],
  ],
  'aws.exfiltration.ec2-share-ebs-snapshot.json': [['aws_snapshot_backup_exfiltration']],
  'aws.initial-access.console-login-without-mfa.json': [
    ['aws_cloudtrail_console_login_success_without_mfa'],
  ],
  'aws.persistence.iam-backdoor-user.json': [['aws_iam_backdoor_users_keys']],
  'aws.persistence.lambda-layer-extension.json': [['aws_new_lambda_layer_attached']],
  'aws.privilege-escalation.iam-update-user-login-profile.json': [['aws_update_login_profile']],
};

/** Rules that need placeholder values (`%Legitimate_Countries%`…): inert without them. */
const PLACEHOLDER_RULES = [
  'rules-placeholder/cloud/aws/cloudtrail/aws_cloudtrail_console_login_success_from_susp_locations.yml',
];

describe.skipIf(!HAS_SIGMA_CORPUS)('SigmaHQ CloudTrail rules on CloudTrail records', () => {
  let cloudtrail: SigmaRule[];
  let engine: SigmaEngine;
  beforeAll(async () => {
    const loaded = await loadSigmaRules(ACTIVE_RULE_FOLDERS);
    cloudtrail = loaded.rules.filter((rule) => isCloudTrailLogsource(rule.logsource));
    engine = compileSigmaRules(loaded.rules);
  }, 120_000);

  /** The rule files of the matches; every match must be a CloudTrail rule. */
  const filesOf = (matches: readonly SigmaMatch[]): string[] => {
    const other = matches.filter((match) => !isCloudTrailLogsource(match.rule.logsource));
    expect(other.map((match) => match.title)).toEqual([]);
    return matches.map((match) => where(match.rule.source.file));
  };

  /** The rules with generated cases: every CloudTrail rule but the unmatchable and placeholder ones. */
  const covered = () =>
    cloudtrail.filter((rule) => {
      const file = where(rule.source.file);
      return UNMATCHABLE[file] === undefined && !PLACEHOLDER_RULES.includes(file);
    });

  it('every CloudTrail rule loads and compiles; the placeholder rule is inert', () => {
    const compiled = new Set(engine.rules);
    for (const rule of cloudtrail) expect(compiled.has(rule), where(rule.source.file)).toBe(true);
    expect(cloudtrail.length).toBeGreaterThanOrEqual(58);
    const inert = engine.warnings.map((warning) => where(warning.file));
    for (const file of PLACEHOLDER_RULES) expect(inert).toContain(file);
    const files = new Set(cloudtrail.map((rule) => where(rule.source.file)));
    for (const file of [...Object.keys(UNMATCHABLE), ...PLACEHOLDER_RULES]) {
      expect(files).toContain(file);
    }
    console.log(
      [
        `SigmaHQ CloudTrail rules (active): ${cloudtrail.length}; covered by generated cases: ${covered().length}`,
        ...Object.entries(UNMATCHABLE).map(([file, why]) => `  cannot match: ${file} — ${why}`),
        ...PLACEHOLDER_RULES.map((file) => `  needs placeholders: ${file}`),
      ].join('\n'),
    );
  });

  it('covers every CloudTrail rule that can match and needs no placeholder (56)', () => {
    expect(covered().length).toBe(cloudtrail.length - 2);
    expect(covered().length).toBeGreaterThanOrEqual(56);
  });

  it('the generated cases of every covered rule fire raw, flattened and as OCSF; near misses do not', () => {
    const failures: string[] = [];
    const check = (rule: string, label: string, files: string[], expected: boolean) => {
      if (files.includes(rule) !== expected) failures.push(`${rule}: ${label}`);
    };
    for (const rule of covered()) {
      const file = where(rule.source.file);
      const matches = matchingRecords(rule);
      expect(matches.length, file).toBeGreaterThan(0);
      for (const [n, record] of matches.entries()) {
        check(file, `match #${n} (raw)`, filesOf(engine.match(record)), true);
        check(file, `match #${n} (flattened)`, filesOf(engine.match(flattenRecord(record))), true);
        const ocsf = engine.match(toOcsf(record), { input: 'ocsf' });
        check(file, `match #${n} (OCSF)`, filesOf(ocsf), true);
      }
      const misses = nearMisses(rule);
      expect(misses.length, file).toBeGreaterThan(0);
      for (const miss of misses) {
        check(file, `${miss.why} (raw)`, filesOf(engine.match(miss.record)), false);
        const ocsf = engine.match(toOcsf(miss.record), { input: 'ocsf' });
        check(file, `${miss.why} (OCSF)`, filesOf(ocsf), false);
      }
    }
    expect(failures).toEqual([]);
  });

  it('the unmatchable rule does not fire on a real DeleteSAMLProvider record', () => {
    const [file] = Object.keys(UNMATCHABLE) as [string];
    const record = {
      ...baseRecord(),
      eventSource: 'iam.amazonaws.com',
      eventName: 'DeleteSAMLProvider',
      requestParameters: { sAMLProviderArn: 'arn:aws:iam::111122223333:saml-provider/Okta' },
    };
    expect(filesOf(engine.match(record))).not.toContain(file);
    expect(filesOf(engine.match(toOcsf(record), { input: 'ocsf' }))).not.toContain(file);
  });

  it('routes CloudTrail records to aws/cloudtrail by eventVersion, eventSource and eventName', () => {
    const flat = createFlatFieldMapping();
    const cloudtrailSource = [{ product: 'aws', service: 'cloudtrail' }];
    const record = baseRecord();
    expect(flat.logsources(record)).toEqual(cloudtrailSource);
    // eventSource naming an AWS service is enough; a custom source needs eventVersion.
    expect(flat.logsources({ eventSource: 'sts.amazonaws.com' })).toEqual(cloudtrailSource);
    expect(flat.logsources({ eventVersion: '1.08', eventSource: 'x', eventName: 'Y' })).toEqual(
      cloudtrailSource,
    );
    expect(flat.logsources({ eventSource: 'x', eventName: 'Y' })).toBeUndefined();
    // An Insights event names the call only in insightDetails.
    const insight = {
      eventVersion: '1.07',
      eventType: 'AwsCloudTrailInsight',
      eventCategory: 'Insight',
      insightDetails: { eventSource: 'ssm.amazonaws.com', eventName: 'UpdateInstanceInformation' },
    };
    expect(flat.logsources(insight)).toEqual(cloudtrailSource);
    expect(flat.logsources({ ...insight, eventType: 'Other' })).toBeUndefined();
    expect(flat.routeKey(record)).toBe(flat.routeKey({ eventSource: 'iam.amazonaws.com' }));
    expect(flat.routeKey(record)).not.toBe(flat.routeKey({ eventName: 'Y' }));
    // Zeek and Windows records keep their own routes.
    expect(flat.logsources({ _path: 'dns', eventSource: 'x.amazonaws.com' })).not.toEqual(
      cloudtrailSource,
    );
    const ocsf = toOcsf(record);
    expect(ocsfFieldMapping.logsources(ocsf)).toEqual(cloudtrailSource);
    for (const classUid of [3001, 3002, 6003]) {
      expect(ocsfFieldMapping.logsources({ ...ocsf, class_uid: classUid })).toEqual(
        cloudtrailSource,
      );
    }
    const azure = { ...ocsf, metadata: { product: { name: 'Azure Activity' } } };
    expect(ocsfFieldMapping.logsources(azure)).not.toContainEqual(cloudtrailSource[0]);
    expect(ocsfFieldMapping.routeKey(ocsf)).not.toBe(ocsfFieldMapping.routeKey(azure));
  });

  it('no CloudTrail rule fires on a Windows record of the same field values, nor on another product', () => {
    const trufflehog = 'rules/cloud/aws/cloudtrail/aws_sts_getcalleridentity_trufflehog.yml';
    const record = {
      ...baseRecord(),
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      userAgent: 'TruffleHog',
    };
    expect(filesOf(engine.match(record))).toContain(trufflehog);
    const windows = { ...record, Channel: 'Security', EventID: 4624 };
    expect(filesOf(engine.match(windows))).not.toContain(trufflehog);
    expect(
      filesOf(engine.match(record, { logsource: { product: 'windows', service: 'security' } })),
    ).not.toContain(trufflehog);
    const azure = { ...toOcsf(record), metadata: { product: { name: 'Azure Activity' } } };
    expect(filesOf(engine.match(azure, { input: 'ocsf' }))).not.toContain(trufflehog);
  });

  it('real record shapes: booleans, nested request objects, arrays, embedded policy documents', () => {
    const cases: [string, Record<string, unknown>][] = [
      [
        'rules/cloud/aws/cloudtrail/aws_cloudtrail_guardduty_detector_deleted_or_updated.yml',
        {
          eventSource: 'guardduty.amazonaws.com',
          eventName: 'UpdateDetector',
          requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: false },
        },
      ],
      [
        'rules/cloud/aws/cloudtrail/aws_disable_bucket_versioning.yml',
        {
          eventSource: 's3.amazonaws.com',
          eventName: 'PutBucketVersioning',
          requestParameters: {
            bucketName: 'logs-bucket',
            Host: 'logs-bucket.s3.us-east-1.amazonaws.com',
            versioning: '',
            VersioningConfiguration: {
              Status: 'Suspended',
              xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
            },
          },
        },
      ],
      [
        'rules/cloud/aws/cloudtrail/aws_ecs_task_definition_cred_endpoint_query.yml',
        {
          eventSource: 'ecs.amazonaws.com',
          eventName: 'RegisterTaskDefinition',
          requestParameters: {
            family: 'web',
            containerDefinitions: [
              { name: 'app', image: 'nginx', command: ['nginx', '-g', 'daemon off;'] },
              {
                name: 'sidecar',
                image: 'alpine',
                command: ['sh', '-c', 'curl 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'],
              },
            ],
          },
        },
      ],
      [
        'rules/cloud/aws/cloudtrail/aws_iam_s3browser_templated_s3_bucket_policy_creation.yml',
        {
          eventSource: 'iam.amazonaws.com',
          eventName: 'PutUserPolicy',
          userAgent: 'S3 Browser 9.5.5 https://s3browser.com',
          requestParameters: {
            userName: 'alice',
            policyName: 'S3Browser',
            policyDocument:
              '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::<YOUR-BUCKET-NAME>/*"]}]}',
          },
        },
      ],
      [
        'rules/cloud/aws/cloudtrail/aws_new_lambda_layer_attached.yml',
        {
          eventSource: 'lambda.amazonaws.com',
          eventName: 'UpdateFunctionConfiguration20150331v2',
          requestParameters: {
            functionName: 'billing',
            layers: ['arn:aws:lambda:us-east-1:444455556666:layer:shady:1'],
          },
        },
      ],
      [
        'rules/cloud/aws/cloudtrail/aws_cloudtrail_console_login_success_without_mfa.yml',
        {
          eventSource: 'signin.amazonaws.com',
          eventName: 'ConsoleLogin',
          requestParameters: null,
          responseElements: { ConsoleLogin: 'Success' },
          additionalEventData: { MFAUsed: 'No', MobileVersion: 'No' },
        },
      ],
      [
        'rules/cloud/aws/cloudtrail/aws_sts_assumerole_misuse.yml',
        {
          userIdentity: {
            type: 'AssumedRole',
            principalId: 'AROAEXAMPLEROLEID0001:alice',
            arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
            accountId: '111122223333',
            sessionContext: {
              sessionIssuer: {
                type: 'Role',
                arn: 'arn:aws:iam::111122223333:role/Admin',
                userName: 'Admin',
              },
              attributes: { mfaAuthenticated: 'false', creationDate: '2026-01-01T00:00:00Z' },
            },
          },
        },
      ],
    ];
    for (const [file, fields] of cases) {
      const record = { ...baseRecord(), ...fields };
      expect(filesOf(engine.match(record)), file).toContain(file);
      expect(filesOf(engine.match(flattenRecord(record))), `${file} flattened`).toContain(file);
      expect(filesOf(engine.match(toOcsf(record), { input: 'ocsf' })), `${file} OCSF`).toContain(
        file,
      );
    }
    // The same records without the telling value do not fire.
    const suspended = { ...baseRecord(), ...(cases[1] as [string, Record<string, unknown>])[1] };
    setPath(suspended, 'requestParameters.VersioningConfiguration.Status', 'Enabled');
    expect(filesOf(engine.match(suspended))).not.toContain(cases[1]?.[0]);
    expect(filesOf(engine.match(toOcsf(suspended), { input: 'ocsf' }))).not.toContain(
      cases[1]?.[0],
    );
    const enabled = { ...baseRecord(), ...(cases[0] as [string, Record<string, unknown>])[1] };
    setPath(enabled, 'requestParameters.enable', true);
    expect(filesOf(engine.match(enabled))).not.toContain(cases[0]?.[0]);
  });

  it('Stratus Red Team detonations fire their rules raw, flattened and as OCSF', () => {
    const names = (matches: readonly SigmaMatch[]) =>
      filesOf(matches)
        .map((file) => (file.split('/').pop() as string).replace(/\.yml$/, ''))
        .filter((name) => name !== 'aws_sts_assumerole_misuse')
        .sort();
    const files = readdirSync(STRATUS_DIR).filter((file) => file.endsWith('.json'));
    expect(files.sort()).toEqual(Object.keys(STRATUS_EXPECTED).sort());
    for (const file of files) {
      const records = JSON.parse(readFileSync(`${STRATUS_DIR}${file}`, 'utf8')) as Record<
        string,
        unknown
      >[];
      const expected = STRATUS_EXPECTED[file];
      expect(records.length, file).toBe(expected?.length);
      for (const [n, record] of records.entries()) {
        const want = [...(expected?.[n] ?? [])].sort();
        expect(names(engine.match(record)), `${file} #${n}`).toEqual(want);
        expect(names(engine.match(flattenRecord(record))), `${file} #${n} flattened`).toEqual(want);
        expect(
          names(engine.match(toOcsf(record), { input: 'ocsf' })),
          `${file} #${n} OCSF`,
        ).toEqual(want);
      }
    }
  });

  it('reads OCSF CloudTrail fields where other producers put them', () => {
    const type = ocsfCloudTrailFieldGetter('userIdentity.type');
    const arn = ocsfCloudTrailFieldGetter('userIdentity.arn');
    const principal = ocsfCloudTrailFieldGetter('userIdentity.principalId');
    const source = ocsfCloudTrailFieldGetter('sourceIPAddress');
    const request = ocsfCloudTrailFieldGetter('requestParameters.userName');
    const mfa = ocsfCloudTrailFieldGetter('additionalEventData.MFAUsed');
    // Security Lake: the type on actor.user, unmapped flattened to dotted keys.
    const lake = {
      actor: { user: { type: 'AssumedRole', uid: 'arn:aws:sts::1:assumed-role/A/b' } },
      src_endpoint: { svc_name: 'ec2.amazonaws.com', domain: 'ec2.amazonaws.com' },
      unmapped: { 'additionalEventData.MFAUsed': 'No' },
    };
    expect(type(lake)).toBe('AssumedRole');
    expect(arn(lake)).toBe('arn:aws:sts::1:assumed-role/A/b');
    expect(source(lake)).toBe('ec2.amazonaws.com');
    expect(mfa(lake)).toBe('No');
    // OCSF type ids back to AWS's words; a principal id in uid is not an ARN.
    expect(type({ actor: { user: { type_id: 2 } } })).toBe('Root');
    expect(type({ actor: { user: { type_id: 1 } } })).toBe('IAMUser');
    const identityCenter = { actor: { user: { uid: 'AIDAIDENTITYCENTER01' } } };
    expect(arn(identityCenter)).toBeUndefined();
    expect(principal(identityCenter)).toBe('AIDAIDENTITYCENTER01');
    // Without a request id, the parameters stay in unmapped.
    const noRequestId = toOcsf({
      ...baseRecord(),
      requestID: undefined,
      requestParameters: { userName: 'bob' },
    });
    expect(request(noRequestId)).toBe('bob');
    expect(request(toOcsf({ ...baseRecord(), requestParameters: { userName: 'bob' } }))).toBe(
      'bob',
    );
    expect(request(toOcsf({ ...baseRecord(), requestParameters: { userName: NO_MATCH } }))).toBe(
      NO_MATCH,
    );
  });
});
