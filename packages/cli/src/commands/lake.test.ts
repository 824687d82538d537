import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { downConvertOcsf, validateOcsfEvent } from '@openmdr/core';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../main.js';

type OcsfEvent = Record<string, unknown>;

// OCSF events of several connectors (Detection Finding, Account Change, Authentication, DNS,
// HTTP and Network Activity), some with a cloud object and some without
const fixtures = JSON.parse(
  readFileSync(
    new URL('../../../connectors/securitylake/src/__fixtures__/events.ocsf.json', import.meta.url),
    'utf8',
  ),
) as OcsfEvent[];
const down = (event: OcsfEvent) => downConvertOcsf(event, '1.1.0').event as OcsfEvent;
const byTime = (a: OcsfEvent, b: OcsfEvent) =>
  Number(a['time']) - Number(b['time']) || Number(a['class_uid']) - Number(b['class_uid']);

async function run(argv: string[], stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdin: Readable.from([stdin]),
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  });
  return { code, lines: stdout.split('\n').filter((line) => line !== ''), stderr };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'openmdr-cli-lake-'));
  dirs.push(dir);
  return dir;
}

describe('openmdr lake write / lake read', () => {
  it('writes JSON lines from standard input and reads every event back, oldest first', async () => {
    const lake = tempDir();
    const ndjson = fixtures.map((event) => JSON.stringify(event)).join('\n');
    const written = await run(
      ['lake', 'write', '--out', lake, '--region', 'eu-west-1', '--account', '210987654321', '-'],
      `${ndjson}\n\n`,
    );
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    const summary = JSON.parse(written.lines[0] as string) as {
      written: number;
      objects: Array<{ key: string }>;
      rejected: unknown[];
      errors: unknown[];
    };
    expect(summary.written).toBe(fixtures.length);
    expect(summary.rejected).toEqual([]);
    for (const object of summary.objects) {
      expect(existsSync(join(lake, ...object.key.split('/')))).toBe(true);
      expect(object.key).toMatch(
        /^ext\/openmdr\/region=[a-z0-9-]+\/accountId=\d{12}\/eventDay=\d{8}\//,
      );
    }
    // events without a cloud object take --region and --account
    expect(
      summary.objects.some((object) =>
        object.key.includes('region=eu-west-1/accountId=210987654321/'),
      ),
    ).toBe(true);

    const read = await run(['lake', 'read', lake]);
    expect(read.code).toBe(0);
    const events = read.lines.map((line) => JSON.parse(line) as OcsfEvent);
    expect([...events].sort(byTime)).toEqual(fixtures.map(down).sort(byTime));
    const times = events.map((event) => Number(event['time']));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('reads a JSON array file; events with no partition are rejected and exit 1', async () => {
    const lake = tempDir();
    const file = join(tempDir(), 'events.json');
    writeFileSync(file, JSON.stringify([...fixtures, { class_uid: 2004, time: 1 }, 7], null, 2));
    const { code, lines } = await run([
      'lake',
      'write',
      `--out=${lake}`,
      '--source-name',
      'acme',
      file,
    ]);
    expect(code).toBe(1);
    const summary = JSON.parse(lines[0] as string) as {
      written: number;
      rejected: Array<{ index: number; reason: string }>;
      errors: Array<{ line: number }>;
    };
    const withoutCloud = fixtures.filter((event) => event['cloud'] === undefined).length;
    expect(summary.written).toBe(fixtures.length - withoutCloud);
    expect(summary.rejected.length).toBe(withoutCloud + 1);
    expect(new Set(summary.rejected.map((rejection) => rejection.reason))).toEqual(
      new Set(['no_region']),
    );
    expect(summary.errors).toEqual([{ line: fixtures.length + 2, message: 'not a JSON object' }]);
    const read = await run(['lake', 'read', lake, '--source-name', 'acme']);
    expect(read.lines).toHaveLength(summary.written);
  });

  it('filters by class, time, Region, account and limit, and upgrades to OCSF 1.8.0', async () => {
    const lake = tempDir();
    await run(
      ['lake', 'write', '--out', lake, '--region', 'eu-west-1', '--account', '210987654321'],
      JSON.stringify(fixtures),
    );
    const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as OcsfEvent);
    const detection = parse((await run(['lake', 'read', lake, '--class', '2004,3001'])).lines);
    expect(detection.map((event) => event['class_uid']).sort()).toEqual(
      fixtures
        .filter((event) => [2004, 3001].includes(Number(event['class_uid'])))
        .map((event) => event['class_uid'])
        .sort(),
    );
    const sorted = fixtures.map((event) => Number(event['time'])).sort((a, b) => a - b);
    const since = sorted[2] as number;
    const until = sorted[5] as number;
    const window = parse(
      (
        await run([
          'lake',
          'read',
          lake,
          '--since',
          new Date(since).toISOString(),
          '--until',
          String(until),
        ])
      ).lines,
    );
    expect(window.map((event) => event['time'])).toEqual(
      sorted.filter((t) => t >= since && t < until),
    );
    const local = parse(
      (await run(['lake', 'read', lake, '--region', 'eu-west-1', '--account', '210987654321']))
        .lines,
    );
    expect(local.length).toBe(fixtures.filter((event) => event['cloud'] === undefined).length);
    expect((await run(['lake', 'read', lake, '--limit', '2'])).lines).toHaveLength(2);
    const upgraded = await run(['lake', 'read', lake, '--upgrade']);
    expect(upgraded.code).toBe(0);
    for (const event of parse(upgraded.lines)) {
      expect((event['metadata'] as OcsfEvent)['version']).toBe('1.8.0');
    }
  });

  it('answers usage errors with exit code 2 and an unreadable lake with 1', async () => {
    expect((await run(['lake', 'write', '-'], '[]')).code).toBe(2);
    expect(
      (await run(['lake', 'write', '--out', tempDir(), '--account', '12345'], '[]')).code,
    ).toBe(2);
    expect((await run(['lake', 'read'])).code).toBe(2);
    expect((await run(['lake', 'read', tempDir(), '--since', 'yesterday'])).code).toBe(2);
    expect((await run(['lake', 'read', tempDir(), '--class', 'finding'])).code).toBe(2);
    expect((await run(['lake', 'read', tempDir(), '--frobnicate'])).code).toBe(2);
    const missing = await run(['lake', 'read', join(tempDir(), 'missing')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/not a directory/);
    const help = await run(['lake', 'write', '--help']);
    expect(help.lines[0]).toMatch(/^Usage: openmdr lake write --out DIR/);
  });

  it('writes and reads a custom source registered with a sourceVersion', async () => {
    const lake = tempDir();
    const written = await run(
      ['lake', 'write', '--out', lake, '--source-version', '1.0', '--region', 'eu-west-1'],
      JSON.stringify(fixtures.filter((event) => event['cloud'] !== undefined)),
    );
    expect(written.code).toBe(0);
    const summary = JSON.parse(written.lines[0] as string) as { objects: Array<{ key: string }> };
    for (const object of summary.objects)
      expect(object.key).toMatch(/^ext\/openmdr\/1\.0\/region=/);
    const all = await run(['lake', 'read', lake, '--source-version', '1.0']);
    expect(all.code).toBe(0);
    expect(all.lines).toHaveLength(fixtures.filter((event) => event['cloud'] !== undefined).length);
    expect((await run(['lake', 'read', lake, '--source-version', '2.0'])).lines).toEqual([]);
    expect((await run(['lake', 'read', lake, '--source-version', 'a/b'])).code).toBe(2);
  });

  it('reads an AWS native source (CLOUD_TRAIL_MGMT 2.0, gzip Parquet with AWS column types) as strict OCSF 1.8.0', async () => {
    const lake = tempDir();
    const partition = join(
      lake,
      'aws',
      'CLOUD_TRAIL_MGMT',
      '2.0',
      'region=us-east-1',
      'accountId=123456789012',
      'eventDay=20260301',
    );
    mkdirSync(partition, { recursive: true });
    // built by the connector's tests from __fixtures__/cloudtrail-mgmt-2.0.sql with DuckDB
    copyFileSync(
      new URL(
        '../../../connectors/securitylake/src/__fixtures__/cloudtrail-mgmt-2.0.gz.parquet',
        import.meta.url,
      ),
      join(partition, 'x.gz.parquet'),
    );
    const stored = await run(['lake', 'read', lake, '--aws-source', 'CLOUD_TRAIL_MGMT']);
    expect(stored.code).toBe(0);
    const events = stored.lines.map((line) => JSON.parse(line) as OcsfEvent);
    expect(events.map((event) => event['time'])).toEqual(
      ['2026-03-01T07:05:00Z', '2026-03-01T08:15:02.123Z', '2026-03-01T09:40:11.500Z'].map((time) =>
        Date.parse(time),
      ),
    );
    const upgraded = await run([
      'lake',
      'read',
      lake,
      '--aws-source',
      'CLOUD_TRAIL_MGMT',
      '--source-version',
      '2.0',
      '--upgrade',
    ]);
    expect(upgraded.code).toBe(0);
    expect(upgraded.lines).toHaveLength(3);
    for (const line of upgraded.lines) {
      const event = JSON.parse(line) as OcsfEvent;
      expect(event['class_uid']).toBe(6003);
      expect(validateOcsfEvent(event, { mode: 'strict' }).ok).toBe(true);
    }
    // not a custom source, and not another native one
    expect((await run(['lake', 'read', lake])).lines).toEqual([]);
    expect((await run(['lake', 'read', lake, '--aws-source', 'VPC_FLOW'])).lines).toEqual([]);
    expect((await run(['lake', 'read', lake, '--aws-source', 'vpc_flow'])).code).toBe(2);
    expect(
      (await run(['lake', 'read', lake, '--aws-source', 'VPC_FLOW', '--source-name', 'x'])).code,
    ).toBe(2);
  });
});
