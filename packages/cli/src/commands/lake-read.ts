import { stat } from 'node:fs/promises';
import { OpenMdrError } from '@openmdr/core';
import { UsageError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';
import {
  ACCOUNT_PATTERN,
  countOption,
  NATIVE_SOURCE_PATTERN,
  patternOption,
  REGION_PATTERN,
  SOURCE_PATTERN,
  timeOption,
  VERSION_PATTERN,
} from './lake-arguments.js';

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
export const lakeReadCommand: DefinedCommand = defineCommand({
  path: ['lake', 'read'],
  summary: 'Read the OCSF events of an Amazon Security Lake directory as JSON lines',
  description: `Reads the OCSF events of an Amazon Security Lake directory, oldest first by time: custom sources
(DIR/ext/<source>[/<version>]/region=…/accountId=…/eventDay=…/*.parquet, as 'openmdr lake write'
or Security Lake lays them out), or with --aws-source an AWS native source
(DIR/aws/<SOURCE>/<version>/…/*.gz.parquet, e.g. CLOUD_TRAIL_MGMT, VPC_FLOW, SH_FINDINGS, ROUTE53;
AWS's own column types are converted, a TIMESTAMP time to epoch milliseconds). Copy a bucket's
ext/ or aws/ down with aws s3 sync. Partitions outside the options are not opened. Events are
written as stored (OCSF 1.1.0); --upgrade brings each to OCSF 1.8.0 as the connector's stream
does (what 1.8.0 refuses moves to unmapped.security_lake).`,
  options: [
    {
      name: 'source-name',
      type: 'string',
      valueName: 'NAME',
      description: 'only this custom source (default: every source under DIR/ext/)',
    },
    {
      name: 'aws-source',
      type: 'string',
      valueName: 'NAME',
      description: 'this AWS native source under DIR/aws/ instead (CLOUD_TRAIL_MGMT, …)',
    },
    {
      name: 'source-version',
      type: 'string',
      valueName: 'V',
      description:
        "only this version folder (a custom source's sourceVersion, a native source's 2.0; default: every version, and objects without one)",
    },
    {
      name: 'class',
      type: 'string',
      valueName: 'UID,…',
      description: 'only these OCSF classes (class_uid, comma-separated)',
    },
    {
      name: 'since',
      type: 'string',
      valueName: 'TIME',
      description: 'events at or after TIME (ISO 8601 or epoch milliseconds)',
    },
    { name: 'until', type: 'string', valueName: 'TIME', description: 'events before TIME' },
    {
      name: 'region',
      type: 'string',
      valueName: 'REGION',
      description: "only this Region's partitions",
    },
    {
      name: 'account',
      type: 'string',
      valueName: 'ID',
      description: "only this account's partitions",
    },
    { name: 'limit', type: 'string', valueName: 'N', description: 'stop after N events' },
    {
      name: 'upgrade',
      type: 'boolean',
      description: 'write OCSF 1.8.0 events instead of the stored OCSF 1.1.0',
    },
  ],
  positionals: [
    {
      name: 'DIR',
      required: 'DIR is required',
      description: 'the lake directory (a local copy of the bucket)',
    },
  ],
  output: `The events as JSON lines, oldest first. With --upgrade, an event that cannot be upgraded
becomes a line {"error":{"code":"NORMALIZE_FAILED","message":"…","path":"…"},"line":N}.`,
  exitCodes: {
    0: 'the events were read',
    1: 'DIR cannot be read, or an event could not be upgraded',
  },
  examples: [
    {
      command: 'openmdr lake read ./lake --class 2004 --since 2026-03-01T00:00:00Z --limit 10',
      description: 'the first ten Detection Findings since a date',
    },
    {
      command: 'openmdr lake read ./lake --aws-source CLOUD_TRAIL_MGMT --upgrade',
      description: 'an AWS native source, upgraded to OCSF 1.8.0',
    },
  ],
  async run({ args, io }) {
    const root = args.positionals[0] as string;
    const sourceName = patternOption(
      'source-name',
      args.string('source-name'),
      SOURCE_PATTERN,
      '1-64 of A-Za-z0-9_-:.',
    );
    const awsSource = patternOption(
      'aws-source',
      args.string('aws-source'),
      NATIVE_SOURCE_PATTERN,
      'an AWS native source name (CLOUD_TRAIL_MGMT, VPC_FLOW, …)',
    );
    if (awsSource !== undefined && sourceName !== undefined) {
      throw new UsageError('give --source-name or --aws-source, not both');
    }
    const sourceVersion = patternOption(
      'source-version',
      args.string('source-version'),
      VERSION_PATTERN,
      '1-32 of A-Za-z0-9_-.',
    );
    const region = patternOption(
      'region',
      args.string('region'),
      REGION_PATTERN,
      'an AWS Region name',
    );
    const accountId = patternOption(
      'account',
      args.string('account'),
      ACCOUNT_PATTERN,
      'a 12-digit AWS account id',
    );
    const since = timeOption('since', args.string('since'));
    const until = timeOption('until', args.string('until'));
    const classUids = classOption(args.string('class'));
    const limit = countOption('limit', args.string('limit'));
    const upgrade = args.flag('upgrade');
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
});
