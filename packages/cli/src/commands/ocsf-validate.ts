import { createInterface } from 'node:readline';
import { type OcsfIssue, validateOcsfEvent } from '@openmdr/core';
import { type DefinedCommand, defineCommand } from '../define-command.js';

interface LineResult {
  line: number;
  ok: boolean;
  class_uid: number | null;
  type_uid: number | null;
  errors: OcsfIssue[];
  warnings: OcsfIssue[];
}

/** `openmdr ocsf validate`: validates OCSF JSON lines. */
export const ocsfValidateCommand: DefinedCommand = defineCommand({
  path: ['ocsf', 'validate'],
  summary: 'Validate OCSF events (JSON lines) in strict or lenient mode',
  description: `Validates OCSF events, one JSON object per line, read from FILE or standard input ('-' or no
FILE; gzip accepted), against OCSF 1.8.0: strictly by default, or with --lenient as a tolerant
ingest would.`,
  options: [
    {
      name: 'lenient',
      type: 'boolean',
      description:
        'tolerant ingest: accept every well-formed event of a known class; coerce values, move what cannot be coerced to unmapped, report missing required attributes and unmet constraints, all as warnings with their paths',
    },
    { name: 'strict', type: 'boolean', description: 'strict validation (the default)' },
    {
      name: 'profiles',
      type: 'string',
      valueName: 'LIST',
      description:
        "profiles enabled in addition to each event's metadata.profiles (comma-separated)",
    },
  ],
  positionals: [{ name: 'FILE|-', description: "the events; '-' or none reads standard input" }],
  output: `One JSON result per input line:
{"line":1,"ok":true,"class_uid":1007,"type_uid":100701,"errors":[],"warnings":[]}
and a summary on standard error (not with --quiet): events accepted and rejected (and, with
--lenient, how many attributes were coerced and moved to unmapped).`,
  exitCodes: {
    0: 'every line is a valid event',
    1: 'a line is not valid',
  },
  examples: [
    {
      command: 'openmdr ocsf validate events.jsonl',
      description: 'strict validation of a file of OCSF events',
    },
    {
      command: 'openmdr ocsf validate --lenient --profiles cloud,host -',
      description: 'lenient validation of standard input with two more profiles',
    },
  ],
  async run({ args, io, note, openInput }): Promise<number> {
    const lenient = args.flag('lenient') && !args.flag('strict');
    const profiles = (args.string('profiles') ?? '').split(',').filter(Boolean);
    const input = await openInput(args.positionals[0]);
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
    note(summary(tally, lenient));
    return tally.rejected > 0 ? 1 : 0;
  },
});

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
