import { readFileSync } from 'node:fs';
import { NormalizationError } from '@openmdr/connector-kit';
import { describeGolden } from '@openmdr/connector-kit/testing';
import { describe, expect, it } from 'vitest';
import {
  guardDutyConsoleUrl,
  guardDutySeverityId,
  guarddutyNormalizeSources,
  normalizeGuardDutyFinding,
  normalizeGuardDutyFindings,
} from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const findings = JSON.parse(readFileSync(new URL('findings.json', fixtures), 'utf8')) as Record<
  string,
  unknown
>[];
const byType = (type: string) => {
  const found = findings.find(
    (record) =>
      record['type'] === type ||
      record['Type'] === type ||
      (record['detail'] as Record<string, unknown> | undefined)?.['type'] === type,
  );
  if (!found) throw new Error(`no fixture of type ${type}`);
  return found;
};
// biome-ignore lint/suspicious/noExplicitAny: assertions walk the built events freely
type Part = Record<string, any>;

describe('Amazon GuardDuty findings → OCSF Detection Finding', () => {
  describeGolden(fixtures, 'findings', (record) => normalizeGuardDutyFinding(record));

  it('bands the numeric severity as the GuardDuty user guide does', () => {
    expect([1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(guardDutySeverityId)).toEqual([
      2, 2, 3, 3, 4, 4, 5, 5,
    ]);
    expect(guardDutySeverityId(undefined)).toBe(0);
    expect(guardDutySeverityId('HIGH')).toBe(4);
    expect(
      normalizeGuardDutyFinding(byType('AttackSequence:IAM/CompromisedCredentials')),
    ).toMatchObject({ severity_id: 5, severity: 'Critical' });
  });

  it('maps an inbound SSH brute force: remote source, local port 22, instance, ATT&CK, console link', () => {
    const event = normalizeGuardDutyFinding(byType('UnauthorizedAccess:EC2/SSHBruteForce')) as Part;
    expect(event['class_uid']).toBe(2004);
    expect(event['evidences'][0]).toMatchObject({
      name: 'NETWORK_CONNECTION',
      connection_info: { direction_id: 1, protocol_name: 'tcp', protocol_num: 6 },
      src_endpoint: {
        ip: '198.51.100.23',
        port: 51522,
        location: { city: 'Shenzhen', country: 'CN' },
        autonomous_system: { number: 64511 },
      },
      dst_endpoint: {
        ip: '10.0.1.25',
        port: 22,
        svc_name: 'SSH',
        instance_uid: 'i-0a1b2c3d4e5f60718',
      },
    });
    expect(event['device']).toMatchObject({ instance_uid: 'i-0a1b2c3d4e5f60718', type_id: 6 });
    expect(event['finding_info']['attacks']).toEqual([
      {
        tactic: { uid: 'TA0006', name: 'Credential Access' },
        technique: { uid: 'T1110', name: 'Brute Force' },
      },
    ]);
    expect(event['finding_info']['src_url']).toBe(
      'https://us-east-1.console.aws.amazon.com/guardduty/home?region=us-east-1#/findings?search=id%3Da2c6f1e0b7d84c39b2e1f0a9c8d7e6f5',
    );
    expect(event['cloud']).toMatchObject({
      provider: 'AWS',
      account: { uid: '123456789012', type_id: 10 },
      region: 'us-east-1',
    });
    expect(event['count']).toBe(37);
    expect(event['unmapped']['severity']).toBe(2);
  });

  it('closes and archives an archived finding', () => {
    const event = normalizeGuardDutyFinding(byType('UnauthorizedAccess:EC2/TorClient'));
    expect(event).toMatchObject({ activity_id: 3, status_id: 5 });
  });

  it("reads the SDKs' PascalCase like the API's camelCase (outbound: the instance is the source)", () => {
    const event = normalizeGuardDutyFinding(byType('UnauthorizedAccess:EC2/RDPBruteForce')) as Part;
    expect(event['finding_info']['uid']).toBe('0f1e2d3c4b5a69788796a5b4c3d2e1f0');
    expect(event['evidences'][0]['src_endpoint']).toMatchObject({ ip: '10.0.1.25', port: 50112 });
    expect(event['evidences'][0]['dst_endpoint']).toMatchObject({ ip: '192.0.2.10', port: 3389 });
    expect(event['resources'][0]).toMatchObject({ role: 'Actor', type: 'AWS::EC2::Instance' });
  });

  it('unwraps an EventBridge event and keeps its envelope', () => {
    const event = normalizeGuardDutyFinding(byType('Trojan:EC2/DNSDataExfiltration')) as Part;
    expect(event['evidences'][0]['query']).toEqual({
      hostname: 'aGVsbG8gd29ybGQ.tunnel.exfil.example',
    });
    expect(event['metadata']['logged_time']).toBe(Date.parse('2025-11-23T18:15:12Z'));
    expect(event['unmapped']['eventbridge']['id']).toBe('7bf73129-1428-4cd3-a780-95db273d1602');
    expect(() =>
      normalizeGuardDutyFinding({ 'detail-type': 'GuardDuty Finding', detail: {} }),
    ).toThrow(expect.objectContaining({ path: 'detail.id' }));
  });

  it('maps API calls, principals, buckets, clusters, workloads, runtime processes, malware', () => {
    const s3 = normalizeGuardDutyFinding(byType('Exfiltration:S3/AnomalousBehavior')) as Part;
    expect(s3['evidences'][0]).toMatchObject({
      api: { operation: 'GetObject', service: { name: 's3.amazonaws.com' } },
      src_endpoint: { ip: '198.51.100.150' },
    });
    expect(s3['evidences'][0]['http_request']['user_agent']).toMatch(/^\[Boto3/);
    expect(s3['resources'].map((resource: Part) => resource['type'])).toEqual([
      'AWS::IAM::AccessKey',
      'AWS::S3::Bucket',
    ]);
    expect(s3['evidences'][1]['user']).toMatchObject({ name: 'deploy-bot', type_id: 1 });
    const eks = normalizeGuardDutyFinding(
      byType('Execution:Kubernetes/ExecInKubeSystemPod'),
    ) as Part;
    expect(eks['evidences'][0]['api']).toMatchObject({
      operation: 'create',
      response: { code: 101 },
    });
    expect(eks['resources'].map((resource: Part) => resource['type'])).toEqual([
      'AWS::EKS::Cluster',
      'Kubernetes pods',
    ]);
    const runtime = normalizeGuardDutyFinding(
      byType('CryptoCurrency:Runtime/BitcoinTool.B!DNS'),
    ) as Part;
    const process = runtime['evidences'].find((evidence: Part) => evidence['process'])['process'];
    expect(process).toMatchObject({ pid: 23115, name: 'xmrig', file: { path: '/tmp/.x/xmrig' } });
    expect(runtime['finding_info']['attacks'][0]['technique']['uid']).toBe('T1496');
    const malware = normalizeGuardDutyFinding(byType('Execution:EC2/MaliciousFile')) as Part;
    expect(malware['malware'][0]).toMatchObject({
      name: 'EICAR-Test-File (not a virus)',
      files: [{ path: '/srv/share/uploads/invoice.pdf.exe' }],
    });
    const rds = normalizeGuardDutyFinding(
      byType('CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin'),
    ) as Part;
    expect(rds['evidences'][0]).toMatchObject({
      name: 'RDS_LOGIN_ATTEMPT',
      user: { name: 'app_admin' },
      src_endpoint: { ip: '198.51.100.200' },
    });
    expect(rds['finding_info']['attacks'][0]['tactic']['uid']).toBe('TA0006');
  });

  it('names no tactic for Policy findings', () => {
    const event = normalizeGuardDutyFinding(byType('Policy:IAMUser/RootCredentialUsage')) as Part;
    expect(event['finding_info']['attacks']).toBeUndefined();
    expect(event['evidences'][0]['src_endpoint']['autonomous_system']).toBeUndefined();
  });

  it("links to the console of the finding's partition", () => {
    expect(guardDutyConsoleUrl('a/b', 'us-gov-west-1', 'aws-us-gov')).toBe(
      'https://console.amazonaws-us-gov.com/guardduty/home?region=us-gov-west-1#/findings?search=id%3Da%2Fb',
    );
    expect(guardDutyConsoleUrl('x', 'not a region')).toBeUndefined();
  });

  it('normalises a GetFindings page, naming the finding it cannot map', () => {
    const [first, second] = findings;
    expect(normalizeGuardDutyFindings({ Findings: [first, second] })).toHaveLength(2);
    expect(normalizeGuardDutyFindings({ findings: [first] })).toHaveLength(1);
    expect(normalizeGuardDutyFindings(first)).toHaveLength(1);
    expect(() => normalizeGuardDutyFindings({ findings: [first, { type: 'x' }] })).toThrow(
      expect.objectContaining({ path: 'findings[1].id' }),
    );
  });

  it('names the field a record it cannot map lacks', () => {
    expect(() => normalizeGuardDutyFinding({ title: 'no id' })).toThrow(NormalizationError);
    expect(() => normalizeGuardDutyFinding({ title: 'no id' })).toThrow(/\bid\b/);
    expect(() => normalizeGuardDutyFinding({ id: 'x', type: 'y' })).toThrow(/updatedAt/);
  });

  it('is a source of openmdr normalize that tells findings and events from other records', () => {
    expect(guarddutyNormalizeSources.map((source) => source.id)).toEqual([
      'guardduty/findings',
      'guardduty',
    ]);
    const [source] = guarddutyNormalizeSources;
    for (const record of findings) expect(source?.matches(record)).toBe(true);
    expect(source?.matches({ Id: 'x', Type: 'y', ProductArn: 'arn', AwsAccountId: '1' })).toBe(
      false,
    );
    expect(source?.matches({ id: 'x', updated_at: '2025-01-01T00:00:00Z' })).toBe(false);
  });
});
