import { stat } from 'node:fs/promises';
import { OpenMdrError } from '@openmdr/core';
import { type Command, UsageError } from '../command.js';
import {
  ACCOUNT_PATTERN,
  countOption,
  NATIVE_SOURCE_PATTERN,
  parseLakeArguments,
  patternOption,
  REGION_PATTERN,
  SOURCE_PATTERN,
  timeOption,
  VERSION_PATTERN,
} from './lake-arguments.js';

const usage = `Usage: openmdr lake read DIR [--source-name NAME | --aws-source NAME] [--source-version V]
                        [--class UID[,UID…]] [--since TIME] [--until TIME] [--region REGION]
                        [--account ID] [--limit N] [--upgrade]

Reads the OCSF events of an Amazon Security Lake directory and writes them to standard output
as JSON lines, oldest first by time: custom sources (DIR/ext/<source>[/<version>]/region=…/
accountId=…/eventDay=…/*.parquet, as 'openmdr lake write' or Security Lake lays them out), or
with --aws-source an AWS native source (DIR/aws/<SOURCE>/<version>/…/*.gz.parquet, e.g.
CLOUD_TRAIL_MGMT, VPC_FLOW, SH_FINDINGS, ROUTE53; AWS's own column types are converted, a
TIMESTAMP time to epoch milliseconds). Copy a bucket's ext/ or aws/ down with aws s3 sync.
Partitions outside the options are not opened. Events are written as
stored (OCSF 1.1.0); --upgrade brings each to OCSF 1.8.0 as the connector's stream does (what
1.8.0 refuses moves to unmapped.security_lake; an event that cannot be upgraded becomes a line
{"error":{"code":"NORMALIZE_FAILED","message":"…","path":"…"},"line":N}).
Exit code 0, 1 when DIR cannot be read or an event could not be upgraded, 2 on usage errors.

Options:
  --source-name NAME   only this custom source (default: every source under DIR/ext/)
  --aws-source NAME    this AWS native source under DIR/aws/ instead (CLOUD_TRAIL_MGMT, …)
  --source-version V   only this version folder (a custom source's sourceVersion, a native
                       source's 2.0; default: every version, and objects without one)
  --class UID,…        only these OCSF classes (class_uid, comma-separated)
  --since TIME         events at or after TIME (ISO 8601 or epoch milliseconds)
  --until TIME         events before TIME
  --region REGION      only this Region's partitions
  --account ID         only this account's partitions
  --limit N            stop after N events
  --upgrade            write OCSF 1.8.0 events instead of the stored OCSF 1.1.0`;

function classOption(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((part) => {
    const uid = Number(part.trim());
    if (part.trim() === '' || !Number.isSafeInteger(uid) || uid < 0) {
      throw new UsageError(`--class must be class_uid numbers: '${value}'`);
    }
    return uid;
  });
}

/**
 * `openmdr lake read`: the OCSF events of a local Security Lake directory (custom or AWS native
 * sources), as JSON lines.
 */
export const lakeReadCommand: Command = {
  path: ['lake', 'read'],
  summary: 'Read the OCSF events of an Amazon Security Lake directory as JSON lines',
  usage,
  async run(args, io) {
    const parsed = parseLakeArguments(
      args,
      [
        'source-name',
        'aws-source',
        'source-version',
        'class',
        'since',
        'until',
        'region',
        'account',
        'limit',
      ],
      ['upgrade'],
    );
    const [root, ...extra] = parsed.operands;
    if (root === undefined) throw new UsageError('DIR is required');
    if (extra.length > 0) throw new UsageError('only one DIR may be given');
    const sourceName = patternOption(
      'source-name',
      parsed.options.get('source-name'),
      SOURCE_PATTERN,
      '1-64 of A-Za-z0-9_-:.',
    );
    const awsSource = patternOption(
      'aws-source',
      parsed.options.get('aws-source'),
      NATIVE_SOURCE_PATTERN,
      'an AWS native source name (CLOUD_TRAIL_MGMT, VPC_FLOW, …)',
    );
    if (awsSource !== undefined && sourceName !== undefined) {
      throw new UsageError('give --source-name or --aws-source, not both');
    }
    const sourceVersion = patternOption(
      'source-version',
      parsed.options.get('source-version'),
      VERSION_PATTERN,
      '1-32 of A-Za-z0-9_-.',
    );
    const region = patternOption(
      'region',
      parsed.options.get('region'),
      REGION_PATTERN,
      'an AWS Region name',
    );
    const accountId = patternOption(
      'account',
      parsed.options.get('account'),
      ACCOUNT_PATTERN,
      'a 12-digit AWS account id',
    );
    const since = timeOption('since', parsed.options.get('since'));
    const until = timeOption('until', parsed.options.get('until'));
    const classUids = classOption(parsed.options.get('class'));
    const limit = countOption('limit', parsed.options.get('limit'));
    const upgrade = parsed.flags.has('upgrade');
    const info = await stat(root).catch(() => undefined);
    if (!info?.isDirectory()) {
      io.stderr.write(`openmdr lake read: not a directory: ${root}\n`);
      return 1;
    }
    // the DuckDB native module loads only when a lake command runs
    const { normalizeLakeEvent, readSecurityLake } = await import(
      '@openmdr/connectors/securitylake'
    );
    let count = 0;
    let failed = false;
    for await (const event of readSecurityLake({
      root,
      ...(awsSource === undefined
        ? sourceName === undefined
          ? {}
          : { sourceName }
        : { sourceKind: 'aws' as const, sourceName: awsSource }),
      ...(sourceVersion === undefined ? {} : { sourceVersion }),
      ...(region === undefined ? {} : { region }),
      ...(accountId === undefined ? {} : { accountId }),
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
      ...(classUids === undefined ? {} : { classUids }),
    })) {
      if (limit !== undefined && count >= limit) break;
      count += 1;
      if (!upgrade) {
        io.stdout.write(`${JSON.stringify(event)}\n`);
        continue;
      }
      try {
        io.stdout.write(`${JSON.stringify(normalizeLakeEvent(event))}\n`);
      } catch (error) {
        if (!OpenMdrError.isInstance(error)) throw error;
        failed = true;
        const path = error.details?.['path'];
        io.stdout.write(
          `${JSON.stringify({
            error: {
              code: error.code,
              message: error.message,
              ...(typeof path === 'string' ? { path } : {}),
            },
            line: count,
          })}\n`,
        );
      }
    }
    return failed ? 1 : 0;
  },
};
