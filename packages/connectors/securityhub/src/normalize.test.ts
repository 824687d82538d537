import { readFileSync } from 'node:fs';
import { NormalizationError } from '@openmdr/connector-kit';
import { describeGolden } from '@openmdr/connector-kit/testing';
import { describe, expect, it } from 'vitest';
import {
  asffFindingsOf,
  normalizeAsffFinding,
  normalizeAsffFindings,
  securityhubNormalizeSources,
} from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);

type Json = Record<string, unknown>;

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`${name}.json`, fixtures), 'utf8')) as Json[];

/** The event of the fixture finding whose `Id` contains `id`. */
function event(name: string, id: string): Json {
  const finding = fixture(name).find((record) => String(record['Id']).includes(id));
  if (!finding) throw new Error(`no finding ${id} in ${name}`);
  return normalizeAsffFinding(finding) as unknown as Json;
}

describe('AWS Security Hub ASFF findings → OCSF', () => {
  describeGolden(fixtures, 'compliance-findings', (record) => normalizeAsffFinding(record));
  describeGolden(fixtures, 'vulnerability-findings', (record) => normalizeAsffFinding(record));
  describeGolden(fixtures, 'detection-findings', (record) => normalizeAsffFinding(record));

  it('makes every control and Config rule finding a Compliance Finding', () => {
    for (const finding of fixture('compliance-findings'))
      expect(normalizeAsffFinding(finding).class_uid, String(finding['Id'])).toBe(2003);
  });

  it('maps a consolidated control: control, standards, requirements, status, parameters', () => {
    const s3 = event('compliance-findings', 'security-control/S3.1/');
    expect(s3).toMatchObject({
      class_uid: 2003,
      activity_id: 2,
      severity_id: 3,
      status_id: 1,
      is_alert: true,
      compliance: {
        control: 'S3.1',
        status_id: 3,
        status: 'Fail',
        standards: [
          'standards/aws-foundational-security-best-practices/v/1.0.0',
          'standards/cis-aws-foundations-benchmark/v/1.4.0',
          'standards/nist-800-53/v/5.0.0',
          'standards/pci-dss/v/4.0.1',
        ],
        requirements: expect.arrayContaining(['PCI DSS v4.0.1/1.4.4']),
      },
      cloud: {
        provider: 'AWS',
        region: 'us-east-1',
        account: { uid: '123456789012', type_id: 10 },
      },
      finding_info: {
        analytic: { uid: 'security-control/S3.1', type_id: 1 },
        product: { name: 'Security Hub', vendor_name: 'AWS' },
        src_url: expect.stringMatching(
          /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/securityhub\//,
        ),
      },
      remediation: {
        references: ['https://docs.aws.amazon.com/console/securityhub/S3.1/remediation'],
      },
      metadata: { product: { name: 'Security Hub', vendor_name: 'AWS' } },
    });
    expect(event('compliance-findings', 'Lambda.2/')['compliance']).toMatchObject({
      control_parameters: [{ name: 'runtime', values: ['nodejs20.x', 'python3.12', 'java21'] }],
    });
  });

  it('maps check statuses, reasons and the workflow', () => {
    const config1 = event('compliance-findings', 'Config.1/');
    expect(config1).toMatchObject({
      is_alert: false,
      compliance: {
        status_id: 99,
        status: 'NOT_AVAILABLE',
        status_code: 'CONFIG_ACCESS_DENIED',
        status_details: [expect.stringContaining('enabled AWS Config')],
      },
    });
    expect(event('compliance-findings', 'KMS.4/')).toMatchObject({
      compliance: { status_id: 2 },
      cloud: { account: { uid: '210987654321' }, region: 'eu-central-1' },
    });
    expect(event('compliance-findings', 'RDS.3/')).toMatchObject({
      activity_id: 3,
      status_id: 3,
      status_detail: 'SUPPRESSED',
      unmapped: { UserDefinedFields: { exception: 'EXC-2024-118' } },
    });
    expect(event('compliance-findings', 'IAM.6/')).toMatchObject({
      severity_id: 5,
      status_id: 2,
      status_detail: 'NOTIFIED',
    });
    expect(event('compliance-findings', 'S3.8/')).toMatchObject({
      activity_id: 3,
      status_id: 4,
      compliance: { status_id: 1 },
    });
  });

  it('reads the control and standard of legacy CIS 1.2 and PCI DSS findings and Config rules', () => {
    expect(event('compliance-findings', 'v/1.2.0/1.4/')['compliance']).toMatchObject({
      control: '1.4',
      standards: ['arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0'],
    });
    expect(event('compliance-findings', 'v/1.2.0/2.9/')).toMatchObject({ status_id: 4 });
    expect(event('compliance-findings', 'PCI.EC2.2/')).toMatchObject({
      compliance: {
        control: 'PCI.EC2.2',
        standards: ['arn:aws:securityhub:::standards/pci-dss/v/3.2.1'],
        requirements: ['PCI DSS 1.2.1', 'PCI DSS 1.3.4', 'PCI DSS 2.1'],
      },
      resources: [
        { uid: expect.stringContaining('sg-0123456789abcdef0'), type: 'AwsEc2SecurityGroup' },
      ],
    });
    expect(event('compliance-findings', 'config-rule-7nmq2r')).toMatchObject({
      finding_info: { product: { name: 'Config' } },
      metadata: { product: { feature: { name: 'Config' } } },
      compliance: {
        control: 'arn:aws:config:us-east-1:123456789012:config-rule/config-rule-7nmq2r',
      },
    });
  });

  it('maps an Inspector package vulnerability: CVE, CVSS, EPSS, packages, fix and exploit', () => {
    const openssh = event('vulnerability-findings', '0b7e0b1f3c1a4e2d9f8a7b6c5d4e3f21');
    expect(openssh).toMatchObject({ class_uid: 2002, severity_id: 4 });
    const [vulnerability] = openssh['vulnerabilities'] as Json[];
    expect(vulnerability).toMatchObject({
      cve: {
        uid: 'CVE-2024-6387',
        cvss: [{ base_score: 8.1, version: '3.1', vendor_name: 'NVD' }],
        epss: { score: '0.86' },
      },
      is_fix_available: true,
      fix_coverage_id: 1,
      is_exploit_available: true,
      vendor_name: 'NVD',
      related_vulnerabilities: ['ALAS2-2024-2567'],
      affected_packages: [
        {
          name: 'openssh-server',
          version: '7.4p1',
          release: '22.amzn2.0.6',
          epoch: 0,
          fixed_in_version: '0:7.4p1-22.amzn2.0.7',
          remediation: { desc: 'yum update openssh-server' },
        },
        expect.objectContaining({ name: 'openssh-clients' }),
      ],
    });
  });

  it('keeps advisories and code vulnerabilities apart from CVEs', () => {
    const lodash = event('vulnerability-findings', '3e0b3e4c6f4d7b5a2c1d0e9f8a7b6c54');
    expect((lodash['vulnerabilities'] as Json[])[0]).toMatchObject({
      advisory: { uid: 'GHSA-29mw-wpgm-hmr9' },
      related_vulnerabilities: ['CVE-2020-28500'],
    });
    expect((lodash['vulnerabilities'] as Json[])[0]).not.toHaveProperty('cve');
    const traversal = event('vulnerability-findings', '0f7c0f1d3a1e4c2b9d8e7f6a5b4c3d21');
    expect(traversal).toMatchObject({ class_uid: 2002, status_id: 3 });
    expect((traversal['vulnerabilities'] as Json[])[0]).toMatchObject({
      cwe: { uid: 'CWE-22' },
      is_fix_available: false,
      affected_code: [{ file: { name: 'app.py', path: 'app.py' }, start_line: 77, end_line: 79 }],
    });
    const partial = event('vulnerability-findings', '6b3e6b7f9c7a0e8d5f4a3b2c1d0e9f87');
    expect((partial['vulnerabilities'] as Json[])[0]).toMatchObject({ fix_coverage_id: 2 });
  });

  it('makes a network reachability finding, which names no vulnerability, a Detection Finding', () => {
    const ssh = event('vulnerability-findings', '1a8d1a2e4b2f5d3c0e9f8a7b6c5d4e32');
    expect(ssh).toMatchObject({
      class_uid: 2004,
      evidences: [{ name: 'Network', connection_info: { direction_id: 1, protocol_name: 'tcp' } }],
      unmapped: { NetworkPath: expect.any(Array) },
    });
  });

  it('falls back on Severity.Normalized and keeps a sparse finding valid', () => {
    const glibc = event('vulnerability-findings', '3c0f3c4a6d4b7f5e2a1b0c9d8e7f6a54');
    expect(glibc).toMatchObject({
      class_uid: 2002,
      severity_id: 3,
      activity_id: 1,
      vulnerabilities: [{ cve: { uid: 'CVE-2024-2961' }, is_fix_available: true }],
    });
  });

  it('maps GuardDuty findings: ATT&CK tactics, actions as evidences, indicators as observables', () => {
    const c2 = event('detection-findings', 'a6c9e1f2b3d4c5e6f7a8b9c0d1e2f3a4');
    expect(c2).toMatchObject({
      class_uid: 2004,
      severity_id: 4,
      finding_info: {
        types: ['TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS'],
        attacks: [{ tactic: { uid: 'TA0011', name: 'Command and Control' } }],
        src_url: expect.stringContaining('guardduty/home'),
        first_seen_time: Date.parse('2024-11-17T20:58:10.000Z'),
        product: { name: 'GuardDuty', vendor_name: 'Amazon' },
      },
      evidences: [{ name: 'DnsRequestAction', query: { hostname: 'c2.malicious.example' } }],
      observables: [{ type_id: 1, value: 'c2.malicious.example' }],
      resources: [
        { role_id: 1, name: 'i-0a1b2c3d4e5f60718', tags: [{ name: 'Name', value: 'bastion-1' }] },
      ],
    });
    const exfil = event('detection-findings', 'b7d0f2a3c4e5d6f7a8b9c0d1e2f3a4b5');
    expect(exfil).toMatchObject({
      finding_info: { attacks: [{ tactic: { uid: 'TA0001' } }] },
      evidences: [
        {
          api: { operation: 'ListBuckets', service: { name: 's3.amazonaws.com' } },
          src_endpoint: {
            ip: '198.51.100.23',
            location: { country: 'FR', city: 'Paris' },
            autonomous_system: { number: 64500 },
          },
        },
      ],
    });
    const probes = event('detection-findings', 'c8e1a3b4d5f6e7a8b9c0d1e2f3a4b5c6');
    expect(probes['evidences']).toHaveLength(2);
    expect(
      event('detection-findings', 'a2c5e7f8b9d0c1e2f3a4b5c6d7e8f9a0')['finding_info'],
    ).toMatchObject({ attacks: [{ tactic: { uid: 'TA0010' } }] });
    expect(event('detection-findings', 'd9f2b4c5e6a7f8b9c0d1e2f3a4b5c6d7')).toMatchObject({
      finding_info: { attacks: [{ tactic: { uid: 'TA0040' } }] },
      observables: expect.arrayContaining([
        expect.objectContaining({ type_id: 2, value: '192.0.2.200' }),
      ]),
    });
  });

  it('maps a runtime finding process and a partner finding', () => {
    const runtime = event('detection-findings', 'e0a3c5d6f7b8a9c0d1e2f3a4b5c6d7e8');
    expect(runtime['evidences']).toContainEqual(
      expect.objectContaining({
        process: expect.objectContaining({
          pid: 28713,
          name: 'kworkerds',
          file: expect.objectContaining({ path: '/tmp/.x/kworkerds' }),
          parent_process: { pid: 28690 },
        }),
      }),
    );
    const falcon = event('detection-findings', 'ldt:4f1b9c2d');
    expect(falcon).toMatchObject({
      confidence_score: 80,
      confidence_id: 3,
      finding_info: {
        product: { name: 'CrowdStrike Falcon', vendor_name: 'CrowdStrike' },
        src_url: expect.stringContaining('falcon.crowdstrike.com'),
        attacks: [{ tactic: { uid: 'TA0006' } }],
      },
      observables: expect.arrayContaining([
        expect.objectContaining({ type_id: 8 }),
        expect.objectContaining({ type_id: 6, value: 'https://files.example.net/p.zip' }),
      ]),
      unmapped: {
        Criticality: 60,
        Malware: [expect.objectContaining({ Name: 'ProcDump' })],
        UserDefinedFields: { hostname: 'ws-014.corp.example.com' },
      },
    });
    expect(event('detection-findings', 'partner-7d1e2f3a')).toMatchObject({
      severity_id: 3,
      confidence_id: 2,
    });
  });

  it('maps Macie and IAM Access Analyzer findings as Detection Findings', () => {
    const macie = event('detection-findings', '5d1f0c3e9a8b7c6d5e4f3a2b1c0d9e8f');
    expect(macie).toMatchObject({
      class_uid: 2004,
      finding_info: { product: { name: 'Macie' } },
      resources: [
        { type: 'AwsS3Bucket', uid: 'arn:aws:s3:::example-corp-exports' },
        { type: 'AwsS3Object' },
      ],
    });
    expect(event('detection-findings', '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e')).toMatchObject({
      class_uid: 2004,
      activity_id: 3,
      status_id: 4,
      finding_info: { product: { name: 'IAM Access Analyzer' } },
    });
  });

  it('unwraps GetFindings pages and EventBridge events, one event per finding', () => {
    const findings = fixture('detection-findings');
    const page = { Findings: findings.slice(0, 3), NextToken: 'eyJ0b2tlbiI6ICIxMjMifQ==' };
    expect(normalizeAsffFindings(page).map((out) => out.finding_info.uid)).toEqual(
      findings.slice(0, 3).map((finding) => finding['Id']),
    );
    const eventBridge = {
      version: '0',
      id: 'c1e2f3a4-b5c6-d7e8-f9a0-b1c2d3e4f5a6',
      'detail-type': 'Security Hub Findings - Imported',
      source: 'aws.securityhub',
      detail: { findings: findings.slice(3, 5) },
    };
    expect(asffFindingsOf(eventBridge)).toHaveLength(2);
    expect(normalizeAsffFindings(eventBridge)).toHaveLength(2);
    expect(normalizeAsffFindings(findings[0])).toHaveLength(1);
  });

  it('names the field a finding it cannot map lacks', () => {
    expect(() => normalizeAsffFinding({ Title: 'no id' })).toThrow(NormalizationError);
    expect(() => normalizeAsffFinding({ Title: 'no id' })).toThrow(/\bId\b/);
    expect(() => normalizeAsffFinding({ Id: 'x', Title: 'no time' })).toThrow(/UpdatedAt/);
  });

  it('is a source of openmdr normalize, per stream and for the connector', () => {
    expect(securityhubNormalizeSources.map((source) => source.id)).toEqual([
      'securityhub/findings',
      'securityhub',
    ]);
    const [findings] = securityhubNormalizeSources;
    const [first, second] = fixture('detection-findings');
    expect(findings?.matches({ Findings: [first] })).toBe(true);
    expect(findings?.matches({ id: 'alert-1', updated_at: '2024-01-01T00:00:00Z' })).toBe(false);
    expect(findings?.normalize({ Findings: [first] }).class_uid).toBe(2004);
    expect(() => findings?.normalize({ Findings: [first, second] })).toThrow(NormalizationError);
  });
});
