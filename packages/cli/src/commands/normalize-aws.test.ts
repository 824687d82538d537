import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { validateOcsfEvent } from '@openmdr/core';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { pageRecords } from './normalize-envelopes.js';

type Row = Record<string, unknown>;

const fixture = (connector: string, name: string) =>
  JSON.parse(
    readFileSync(
      new URL(`../../../connectors/${connector}/src/__fixtures__/${name}.json`, import.meta.url),
      'utf8',
    ),
  ) as Row[];

/** A fixture family: its records and the golden OCSF events the connector's tests keep. */
const family = (connector: string, name: string) => ({
  records: fixture(connector, name),
  golden: fixture(connector, `${name}.ocsf`),
});

const management = family('cloudtrail', 'management-events');
const signIn = family('cloudtrail', 'signin-events');
const data = family('cloudtrail', 'data-events');
const insights = family('cloudtrail', 'insights-events');
const guardDuty = family('guardduty', 'findings');
const compliance = family('securityhub', 'compliance-findings');
const detection = family('securityhub', 'detection-findings');
const vulnerability = family('securityhub', 'vulnerability-findings');

const cloudTrail = [management, signIn, data, insights];
const trailRecords = cloudTrail.flatMap((part) => part.records);
const trailGolden = cloudTrail.flatMap((part) => part.golden);
const asff = [compliance, detection, vulnerability];
const asffRecords = asff.flatMap((part) => part.records);
const asffGolden = asff.flatMap((part) => part.golden);

const directory = mkdtempSync(join(tmpdir(), 'openmdr-normalize-aws-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function run(argv: string[], stdin: string | Buffer = '') {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdin: Readable.from([stdin]),
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  });
  return {
    code,
    stderr,
    lines: stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Row),
  };
}

/** Runs `normalize --validate` and checks every output is a strictly valid event. */
async function normalize(source: string, input: string | Buffer, file = '-') {
  const result = await run(['normalize', '--source', source, '--validate', file], input);
  for (const event of result.lines) {
    expect(event).not.toHaveProperty('error');
    expect(validateOcsfEvent(event, { mode: 'strict' }).ok).toBe(true);
  }
  return { ...result, classes: result.lines.map((event) => event['class_uid']) };
}

const jsonLines = (values: readonly unknown[]) =>
  values.map((value) => JSON.stringify(value)).join('\n');
const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const classesOf = (events: readonly Row[]) => events.map((event) => event['class_uid']);
const findingUids = (events: readonly Row[]) =>
  events.map((event) => (event['finding_info'] as Row)['uid']);

/** Groups of `size` items. */
const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, index * size + size),
  );

/** The EventBridge `detail-type` CloudTrail gives a record. */
function cloudTrailDetailType(record: Row): string {
  if (record['eventType'] === 'AwsConsoleSignIn') return 'AWS Console Sign In via CloudTrail';
  if (record['eventType'] === 'AwsCloudTrailInsight') return 'AWS Insight via CloudTrail';
  if (record['eventType'] === 'AwsServiceEvent') return 'AWS Service Event via CloudTrail';
  return 'AWS API Call via CloudTrail';
}

/** An EventBridge event around `detail`, as a rule's target receives it. */
const eventBridge = (detailType: string, source: string, detail: unknown, index: number) => ({
  version: '0',
  id: `6f0f6c48-3e3a-4a5b-9c1d-${String(index).padStart(12, '0')}`,
  'detail-type': detailType,
  source,
  account: '123456789012',
  time: '2025-11-23T18:15:12Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

/** A LookupEvents event: the summary fields and the record as `CloudTrailEvent` text. */
const lookupEvent = (record: Row) => ({
  EventId: record['eventID'],
  EventName: record['eventName'],
  ReadOnly: String(record['readOnly'] ?? false),
  EventTime: Date.parse(String(record['eventTime'])) / 1000,
  EventSource: record['eventSource'],
  Username: (record['userIdentity'] as Row | undefined)?.['userName'],
  Resources: [],
  CloudTrailEvent: JSON.stringify(record),
});

/** A record with PascalCase keys, as boto3, the AWS CLI and SDK v3 give GuardDuty findings. */
function pascalCased(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascalCased);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key[0]?.toUpperCase() + key.slice(1),
      pascalCased(item),
    ]),
  );
}

describe('openmdr normalize --source cloudtrail', () => {
  it('reads a gzip-compressed log file as S3 delivers it ({"Records": [...]}, .json.gz)', async () => {
    const file = join(directory, '123456789012_CloudTrail_us-east-1_20251123T1815Z_a1b2.json.gz');
    writeFileSync(file, gzipSync(JSON.stringify({ Records: trailRecords })));
    const { code, lines } = await normalize('cloudtrail', '', file);
    expect(code).toBe(0);
    expect(lines).toEqual(trailGolden);
    expect(new Set(classesOf(lines))).toEqual(new Set([3001, 3002, 6003, 2004]));
  });

  it('gunzips standard input by its magic bytes: several log files, one per line', async () => {
    const files = jsonLines(chunks(trailRecords, 25).map((Records) => ({ Records })));
    const { code, lines } = await normalize('cloudtrail/events', gzipSync(files));
    expect(code).toBe(0);
    expect(lines).toEqual(trailGolden);
  });

  it('reads a pretty-printed LookupEvents response ({"Events": [{CloudTrailEvent}], NextToken})', async () => {
    const records = [...management.records, ...signIn.records];
    const page = {
      Events: records.map(lookupEvent),
      NextToken: 'kbOt5LlZe++mErCebpy2TgaMgmDvF1kY',
    };
    const { code, lines } = await normalize('cloudtrail', pretty(page));
    expect(code).toBe(0);
    expect(lines).toEqual([...management.golden, ...signIn.golden]);
  });

  it('reads EventBridge "… via CloudTrail" events, one record each', async () => {
    const events = trailRecords.map((record, index) =>
      eventBridge(cloudTrailDetailType(record), 'aws.cloudtrail', record, index),
    );
    const { code, classes } = await normalize('cloudtrail', jsonLines(events));
    expect(code).toBe(0);
    expect(classes).toEqual(classesOf(trailGolden));
  });

  it('reports a record of a log file it cannot normalise by its line, with exit 1', async () => {
    const [first, second] = management.records as [Row, Row];
    const { eventTime: _, ...timeless } = second;
    const { code, lines } = await run(
      ['normalize', '--source', 'cloudtrail', '--validate', '-'],
      jsonLines([{ Records: [first, timeless] }, { Records: [] }]),
    );
    expect(code).toBe(1);
    expect(lines).toEqual([
      management.golden[0],
      { error: expect.objectContaining({ code: 'NORMALIZE_FAILED' }), line: 1 },
    ]);
  });

  it('exits 2 on a .gz file that is not gzip', async () => {
    const file = join(directory, 'not-gzip.json.gz');
    writeFileSync(file, JSON.stringify({ Records: trailRecords.slice(0, 1) }));
    const { code, lines, stderr } = await run(['normalize', '--source', 'cloudtrail', file]);
    expect(code).toBe(2);
    expect(lines).toEqual([]);
    expect(stderr).toContain('cannot gunzip');
  });
});

describe('openmdr normalize --source guardduty', () => {
  const findings = guardDuty.records.filter((record) => 'schemaVersion' in record);
  const golden = guardDuty.golden.filter(
    (_, index) => 'schemaVersion' in guardDuty.records[index]!,
  );

  it('reads the REST API GetFindings response ({"findings": [...]})', async () => {
    const { code, lines } = await normalize('guardduty/findings', pretty({ findings }));
    expect(code).toBe(0);
    expect(lines).toEqual(golden);
  });

  it('reads an SDK / AWS CLI GetFindings response ({"Findings": [PascalCase]}), and the fixtures as a page', async () => {
    const sdk = await normalize('guardduty', JSON.stringify({ Findings: pascalCased(findings) }));
    expect(sdk.code).toBe(0);
    expect(sdk.classes).toEqual(classesOf(golden));
    expect(findingUids(sdk.lines)).toEqual(findingUids(golden));
    const all = await normalize('guardduty', JSON.stringify({ Findings: guardDuty.records }));
    expect(all.code).toBe(0);
    expect(all.lines).toEqual(guardDuty.golden);
  });

  it('reads EventBridge "GuardDuty Finding" events, one finding each', async () => {
    const events = findings.map((finding, index) =>
      eventBridge('GuardDuty Finding', 'aws.guardduty', finding, index),
    );
    const { code, classes, lines } = await normalize('guardduty', jsonLines(events));
    expect(code).toBe(0);
    expect(classes).toEqual(classesOf(golden));
    expect(findingUids(lines)).toEqual(findingUids(golden));
  });

  it('reports an item of a page that is no finding, with exit 1', async () => {
    const { code, lines } = await run(
      ['normalize', '--source', 'guardduty', '--validate', '-'],
      JSON.stringify({ Findings: [findings[0], { Id: 'x' }] }),
    );
    expect(code).toBe(1);
    expect(lines.map((line) => line['class_uid'] ?? (line['error'] as Row)['code'])).toEqual([
      2004,
      'NORMALIZE_FAILED',
    ]);
  });
});

describe('openmdr normalize --source securityhub', () => {
  it('reads a GetFindings response ({"Findings": [ASFF], NextToken}), pretty-printed', async () => {
    const page = { Findings: asffRecords, NextToken: 'U1FTLTEyMzQ1Njc4OTAxMg==' };
    const { code, lines, classes } = await normalize('securityhub', pretty(page));
    expect(code).toBe(0);
    expect(lines).toEqual(asffGolden);
    expect(new Set(classes)).toEqual(new Set([2002, 2003, 2004]));
  });

  it('reads EventBridge "Security Hub Findings - Imported" events of several findings each', async () => {
    const events = chunks(asffRecords, 10).map((batch, index) =>
      eventBridge(
        'Security Hub Findings - Imported',
        'aws.securityhub',
        { findings: batch },
        index,
      ),
    );
    const { code, lines } = await normalize('securityhub/findings', jsonLines(events));
    expect(code).toBe(0);
    expect(lines).toEqual(asffGolden);
  });

  it('reads the detail of such an event alone ({"findings": [ASFF]}) and an empty last page', async () => {
    const detail = await normalize(
      'securityhub',
      jsonLines([{ findings: compliance.records }, { Findings: [], NextToken: null }]),
    );
    expect(detail.code).toBe(0);
    expect(detail.lines).toEqual(compliance.golden);
  });
});

describe('AWS envelopes', () => {
  it('leaves alone records that merely look like them', () => {
    const s3Notification = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: 'us-east-1',
          eventTime: '2025-11-23T18:15:12.000Z',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'trail-bucket' }, object: { key: 'AWSLogs/x.json.gz' } },
        },
      ],
    };
    expect(pageRecords(s3Notification)).toBeUndefined();
    expect(pageRecords({ Records: [{ eventName: 'x' }] })).toBeUndefined();
    expect(pageRecords({ Events: [{ EventId: 'x' }] })).toBeUndefined();
    expect(pageRecords({ Findings: [{ Id: 'x' }], Total: 1 })).toBeUndefined();
    expect(pageRecords({ findings: [{ id: 'x' }], count: 1 })).toBeUndefined();
    expect(pageRecords({ Records: [], Total: 0 })).toBeUndefined();
    expect(
      pageRecords({ 'detail-type': 'Scheduled Event', detail: { findings: [{ id: 1 }] } }),
    ).toBeUndefined();
    const [guardDutyEvent] = guardDuty.records.filter((record) => 'detail-type' in record);
    expect(pageRecords(guardDutyEvent)).toBeUndefined();
  });
});
