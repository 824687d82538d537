import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type OcsfIssue, validateOcsfEvent } from '@openmdr/core';
import { type Command, type CommandIo, UsageError } from '../command.js';

const usage = `Usage: openmdr ocsf validate [--lenient] [--profiles p1,p2] [FILE|-]

Validates OCSF events, one JSON object per line, read from FILE or standard input ('-' or
no FILE). Writes one JSON result per input line:
  {"line":1,"ok":true,"class_uid":1007,"type_uid":100701,"errors":[],"warnings":[]}
and a summary to standard error: events accepted and rejected (and, with --lenient, how many
attributes were coerced and moved to unmapped).
Exit code 0 when every line is valid, 1 when any line failed, 2 on usage errors.

Options:
  --lenient          tolerant ingest: accept every well-formed event of a known class; coerce
                     values, move what cannot be coerced to unmapped, report missing required
                     attributes and unmet constraints — all as warnings with their paths
  --profiles LIST    profiles enabled in addition to each event's metadata.profiles`;

interface LineResult {
  line: number;
  ok: boolean;
  class_uid: number | null;
  type_uid: number | null;
  errors: OcsfIssue[];
  warnings: OcsfIssue[];
}

/** `openmdr ocsf validate`: validates OCSF JSON lines. */
export const ocsfValidateCommand: Command = {
  path: ['ocsf', 'validate'],
  summary: 'Validate OCSF events (JSON lines) in strict or lenient mode',
  usage,
  async run(args: string[], io: CommandIo): Promise<number> {
    let lenient = false;
    let profiles: string[] = [];
    let file: string | undefined;
    for (let index = 0; index < args.length; index++) {
      const argument = args[index]!;
      if (argument === '--lenient') lenient = true;
      else if (argument === '--strict') lenient = false;
      else if (argument === '--profiles') {
        const value = args[++index];
        if (value === undefined) throw new UsageError('--profiles needs a value');
        profiles = value.split(',').filter(Boolean);
      } else if (argument.startsWith('--')) throw new UsageError(`unknown option ${argument}`);
      else if (file === undefined) file = argument;
      else throw new UsageError('only one FILE may be given');
    }
    let input: NodeJS.ReadableStream;
    if (file === undefined || file === '-') {
      input = io.stdin;
    } else {
      const stream = createReadStream(file, { encoding: 'utf8' });
      try {
        await new Promise<void>((resolve, reject) => {
          stream.once('open', () => resolve());
          stream.once('error', reject);
        });
      } catch (error) {
        io.stderr.write(
          `openmdr ocsf validate: cannot read ${file}: ${(error as Error).message}\n`,
        );
        return 2;
      }
      input = stream;
    }
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    let lineNumber = 0;
    const tally = { accepted: 0, rejected: 0, coerced: 0, moved: 0 };
    for await (const text of lines) {
      lineNumber++;
      if (text.trim() === '') continue;
      const result = validateLine(text, lineNumber, lenient, profiles);
      if (result.ok) tally.accepted++;
      else tally.rejected++;
      for (const warning of result.warnings) {
        if (warning.rule === 'coerced') tally.coerced++;
        else if (warning.rule === 'moved_to_unmapped') tally.moved++;
      }
      io.stdout.write(`${JSON.stringify(result)}\n`);
    }
    io.stderr.write(`${summary(tally, lenient)}\n`);
    return tally.rejected > 0 ? 1 : 0;
  },
};

/** The closing summary line: accepted vs rejected, and the lenient repairs. */
function summary(
  tally: { accepted: number; rejected: number; coerced: number; moved: number },
  lenient: boolean,
): string {
  const events = tally.accepted + tally.rejected;
  const counts = `${events} ${events === 1 ? 'event' : 'events'}: ${tally.accepted} accepted, ${tally.rejected} rejected`;
  if (!lenient) return `openmdr ocsf validate (strict): ${counts}`;
  return `openmdr ocsf validate (lenient): ${counts}; ${tally.coerced} attributes coerced, ${tally.moved} moved to unmapped`;
}

function validateLine(
  text: string,
  line: number,
  lenient: boolean,
  profiles: readonly string[],
): LineResult {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    return {
      line,
      ok: false,
      class_uid: null,
      type_uid: null,
      errors: [
        {
          path: '',
          rule: 'invalid_json',
          message: `line ${line}: ${(error as Error).message}`,
        },
      ],
      warnings: [],
    };
  }
  const result = validateOcsfEvent(event, {
    mode: lenient ? 'lenient' : 'strict',
    profiles,
  });
  return {
    line,
    ok: result.ok,
    class_uid: result.class_uid ?? null,
    type_uid: result.type_uid ?? null,
    errors: result.errors,
    warnings: result.warnings,
  };
}
