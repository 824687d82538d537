import { stat } from 'node:fs/promises';
import { OpenMdrError } from '@openmdr/core';
import { type Command, UsageError } from '../command.js';
import {
  ACCOUNT_PATTERN,
  countOption,
  parseLakeArguments,
  patternOption,
  REGION_PATTERN,
  SOURCE_PATTERN,
  timeOption,
} from './lake-arguments.js';

const usage = `Usage: openmdr lake read DIR [--source-name NAME] [--class UID[,UID…]] [--since TIME]
                        [--until TIME] [--region REGION] [--account ID] [--limit N] [--upgrade]

Reads the OCSF events of an Amazon Security Lake custom-source directory (DIR/ext/<source>/
region=…/accountId=…/eventDay=…/*.parquet, as 'openmdr lake write' or Security Lake lays it out;
copy a bucket's ext/ down with aws s3 sync) and writes them to standard output as JSON lines,
oldest first by time. Partitions outside the options are not opened. Events are written as
stored (OCSF 1.1.0); --upgrade brings each to OCSF 1.8.0 as the connector's stream does (what
1.8.0 refuses moves to unmapped.security_lake; an event that cannot be upgraded becomes a line
{"error":{"code":"NORMALIZE_FAILED","message":"…","path":"…"},"line":N}).
Exit code 0, 1 when DIR cannot be read or an event could not be upgraded, 2 on usage errors.

Options:
  --source-name NAME   only this custom source (default: every source under DIR/ext/)
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

/** `openmdr lake read`: the OCSF events of a local Security Lake directory, as JSON lines. */
export const lakeReadCommand: Command = {
  path: ['lake', 'read'],
  summary: 'Read the OCSF events of an Amazon Security Lake directory as JSON lines',
  usage,
  async run(args, io) {
    const parsed = parseLakeArguments(
      args,
      ['source-name', 'class', 'since', 'until', 'region', 'account', 'limit'],
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
      ...(sourceName === undefined ? {} : { sourceName }),
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
