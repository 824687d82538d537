import { createReadStream } from 'node:fs';
import { type Command, type CommandIo, UsageError } from '../command.js';
import {
  ACCOUNT_PATTERN,
  countOption,
  parseLakeArguments,
  patternOption,
  REGION_PATTERN,
  SOURCE_PATTERN,
  VERSION_PATTERN,
} from './lake-arguments.js';

const usage = `Usage: openmdr lake write --out DIR [--source-name NAME] [--source-version V]
                         [--region REGION] [--account ID] [--target-file-mb N] [FILE|-]

Writes OCSF events (OCSF 1.8.0, as OpenMDR makes them) read from FILE or standard input ('-' or
no FILE) into DIR as an Amazon Security Lake custom source: each event down-converted to OCSF
1.1.0, stored as zstd Parquet under
  ext/<source>[/<version>]/region=<region>/accountId=<account>/eventDay=<YYYYMMDD>/<class>-<time>-<hash>.parquet
one object per class, Region, account and day (split at the target size). The input is a JSON
array, one JSON object, or JSON lines (blank lines skipped). Each event goes to the Region and
account of its cloud object (cloud.region, cloud.account.uid); --region and --account are the
partition of events without them. Object names derive from the events: writing the same events
again replaces the same objects. Copy DIR/ext/ to the bucket (aws s3 sync) or point
'openmdr lake read' or the connector at it.

Writes a JSON summary to standard output:
  {"written":N,"objects":[{"key","classUid","eventDay","rows","bytes"}],
   "rejected":[{"index","reason"}],"downConverted":[{"path","reason","count"}],"errors":[…]}
Exit code 0 when every event was written, 1 when some could not be (bad lines, no time or
class_uid, a class OCSF 1.1.0 lacks, no Region or account), 2 on usage errors.

Options:
  --out DIR            the lake directory (the bucket, locally; made if missing) (required)
  --source-name NAME   the custom source, as registered with Security Lake (default openmdr)
  --source-version V   the source's sourceVersion, when it was registered with one (objects
                       then go under ext/<source>/<version>/)
  --region REGION      the Region partition of events without cloud.region
  --account ID         the 12-digit account partition of events without cloud.account.uid
  --target-file-mb N   target Parquet object size in MiB (default 256, Security Lake's advice)`;

/** One input event, or a line that is not one. */
type Parsed = { events: object[]; errors: Array<{ line: number; message: string }> };

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The events of an input: a JSON array, one object, or JSON lines. */
export function parseOcsfEvents(text: string): Parsed {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    const whole: unknown = JSON.parse(body);
    const list = Array.isArray(whole) ? whole : [whole];
    const errors = list.flatMap((item, index) =>
      isObject(item) ? [] : [{ line: index + 1, message: 'not a JSON object' }],
    );
    return { events: list.filter(isObject), errors };
  } catch {
    // not one document: JSON lines
  }
  const events: object[] = [];
  const errors: Parsed['errors'] = [];
  body.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const value: unknown = JSON.parse(line);
      if (isObject(value)) events.push(value);
      else errors.push({ line: index + 1, message: 'not a JSON object' });
    } catch (error) {
      errors.push({ line: index + 1, message: `not JSON: ${(error as Error).message}` });
    }
  });
  return { events, errors };
}

async function readText(file: string | undefined, io: CommandIo): Promise<string> {
  const input = file === undefined || file === '-' ? io.stdin : createReadStream(file);
  const chunks: Buffer[] = [];
  for await (const chunk of input) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `openmdr lake write`: OCSF events into a local Security Lake custom-source directory. */
export const lakeWriteCommand: Command = {
  path: ['lake', 'write'],
  summary: 'Write OCSF events as Amazon Security Lake Parquet (OCSF 1.1.0) into a directory',
  usage,
  async run(args, io) {
    const parsed = parseLakeArguments(args, [
      'out',
      'source-name',
      'source-version',
      'region',
      'account',
      'target-file-mb',
    ]);
    const out = parsed.options.get('out');
    if (out === undefined) throw new UsageError('--out is required');
    if (parsed.operands.length > 1) throw new UsageError('only one FILE may be given');
    const sourceName =
      patternOption(
        'source-name',
        parsed.options.get('source-name'),
        SOURCE_PATTERN,
        '1-64 of A-Za-z0-9_-:.',
      ) ?? 'openmdr';
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
    const targetMb = countOption('target-file-mb', parsed.options.get('target-file-mb'));
    const file = parsed.operands[0];
    let text: string;
    try {
      text = await readText(file, io);
    } catch (error) {
      io.stderr.write(`openmdr lake write: cannot read ${file}: ${(error as Error).message}\n`);
      return 1;
    }
    const { events, errors } = parseOcsfEvents(text);
    // the DuckDB native module loads only when a lake command runs
    const { localDirectorySink, writeSecurityLakeEvents } = await import(
      '@openmdr/connectors/securitylake'
    );
    const summary = await writeSecurityLakeEvents(events, {
      sink: localDirectorySink(out),
      sourceName,
      ...(sourceVersion === undefined ? {} : { sourceVersion }),
      ...(region === undefined ? {} : { region }),
      ...(accountId === undefined ? {} : { accountId }),
      ...(targetMb === undefined ? {} : { targetFileBytes: targetMb * 1024 * 1024 }),
    });
    const written = summary.objects.reduce((sum, object) => sum + object.rows, 0);
    io.stdout.write(`${JSON.stringify({ written, ...summary, errors })}\n`);
    return summary.rejected.length === 0 && errors.length === 0 ? 0 : 1;
  },
};
