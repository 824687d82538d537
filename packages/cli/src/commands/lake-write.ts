import { type DefinedCommand, defineCommand } from '../define-command.js';
import {
  ACCOUNT_PATTERN,
  countOption,
  patternOption,
  REGION_PATTERN,
  SOURCE_PATTERN,
  VERSION_PATTERN,
} from './lake-arguments.js';

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

/** `openmdr lake write`: OCSF events into a local Security Lake custom-source directory. */
export const lakeWriteCommand: DefinedCommand = defineCommand({
  path: ['lake', 'write'],
  summary: 'Write OCSF events as Amazon Security Lake Parquet (OCSF 1.1.0) into a directory',
  description: `Writes OCSF events (OCSF 1.8.0, as OpenMDR makes them) read from FILE or standard input ('-' or
no FILE; gzip accepted) into DIR as an Amazon Security Lake custom source: each event
down-converted to OCSF 1.1.0, stored as zstd Parquet under
  ext/<source>[/<version>]/region=<region>/accountId=<account>/eventDay=<YYYYMMDD>/<class>-<time>-<hash>.parquet
one object per class, Region, account and day (split at the target size). The input is a JSON
array, one JSON object, or JSON lines (blank lines skipped). Each event goes to the Region and
account of its cloud object (cloud.region, cloud.account.uid); --region and --account are the
partition of events without them. Object names derive from the events: writing the same events
again replaces the same objects. Copy DIR/ext/ to the bucket (aws s3 sync) or point
'openmdr lake read' or the connector at it.`,
  options: [
    {
      name: 'out',
      type: 'string',
      valueName: 'DIR',
      required: '--out is required',
      description: 'the lake directory (the bucket, locally; made if missing)',
    },
    {
      name: 'source-name',
      type: 'string',
      valueName: 'NAME',
      default: 'openmdr',
      description: 'the custom source, as registered with Security Lake',
    },
    {
      name: 'source-version',
      type: 'string',
      valueName: 'V',
      description:
        "the source's sourceVersion, when it was registered with one (objects then go under ext/<source>/<version>/)",
    },
    {
      name: 'region',
      type: 'string',
      valueName: 'REGION',
      description: 'the Region partition of events without cloud.region',
    },
    {
      name: 'account',
      type: 'string',
      valueName: 'ID',
      description: 'the 12-digit account partition of events without cloud.account.uid',
    },
    {
      name: 'target-file-mb',
      type: 'string',
      valueName: 'N',
      description: "target Parquet object size in MiB (default 256, Security Lake's advice)",
    },
  ],
  positionals: [{ name: 'FILE|-', description: "the events; '-' or none reads standard input" }],
  output: `A JSON summary:
{"written":N,"objects":[{"key","classUid","eventDay","rows","bytes"}],
 "rejected":[{"index","reason"}],"downConverted":[{"path","reason","count"}],"errors":[…]}`,
  exitCodes: {
    0: 'every event was written',
    1: 'some could not be (bad lines, no time or class_uid, a class OCSF 1.1.0 lacks, no Region or account)',
  },
  examples: [
    {
      command:
        'openmdr lake write --out ./lake --region eu-west-1 --account 123456789012 events.jsonl',
      description: 'write OCSF events, with the partition of events without a cloud object',
    },
    {
      command: 'openmdr lake write --out ./lake --source-name edr --source-version 1.0 -',
      description: 'write standard input as the custom source edr, version 1.0',
    },
  ],
  async run({ args, io, readInputText }) {
    const out = args.string('out') as string;
    const sourceName =
      patternOption(
        'source-name',
        args.string('source-name'),
        SOURCE_PATTERN,
        '1-64 of A-Za-z0-9_-:.',
      ) ?? 'openmdr';
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
    const targetMb = countOption('target-file-mb', args.string('target-file-mb'));
    const text = await readInputText(args.positionals[0]);
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
});
