import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { compileSigmaRules, loadSigmaRules } from '@openmdr/detections';
import { type Command, UsageError } from '../command.js';

const usage = `Usage: openmdr sigma match --rules DIR|FILE… --events FILE|- [--input flat|winlog|ocsf]

Matches JSON-lines events against Sigma rules. Prints one JSON line per match:
{"event": <0-based line index>, "rule_id", "title", "level"}. Rules that do not load and event
lines that are not JSON objects are reported on stderr as JSON lines; the exit code is then 1.
Rules left inert by an expand placeholder without a value (they never match) are reported on
stderr as {"rule_warning": …} lines, without changing the exit code.
--input: flat (keys are Sigma field names, default), winlog (exported Windows Event Log records),
ocsf (OCSF events through the OCSF field mapping).`;

const INPUTS = new Set(['flat', 'winlog', 'ocsf']);

/** `openmdr sigma match`: runs rules over JSON-lines events. */
export const sigmaMatchCommand: Command = {
  path: ['sigma', 'match'],
  summary: 'Match JSON-lines events against Sigma rules',
  usage,
  async run(args, io) {
    const rules: string[] = [];
    let events: string | undefined;
    let input = 'flat';
    for (let index = 0; index < args.length; index++) {
      const arg = args[index] as string;
      if (arg === '--rules') {
        while (index + 1 < args.length && !(args[index + 1] as string).startsWith('--')) {
          rules.push(args[++index] as string);
        }
      } else if (arg === '--events') {
        events = args[++index];
      } else if (arg === '--input') {
        input = args[++index] ?? '';
        if (!INPUTS.has(input)) throw new UsageError(`--input must be flat, winlog or ocsf`);
      } else {
        throw new UsageError(`unexpected argument '${arg}'`);
      }
    }
    if (rules.length === 0) throw new UsageError('--rules needs at least one file or directory');
    if (events === undefined) throw new UsageError('--events FILE|- is required');
    const loaded = await loadSigmaRules(rules);
    const engine = compileSigmaRules(loaded.rules, {
      filters: loaded.filters,
      validated: loaded.validated,
    });
    let failures = 0;
    const error = (value: unknown) => {
      failures++;
      io.stderr.write(`${JSON.stringify(value)}\n`);
    };
    for (const problem of [...loaded.errors, ...engine.errors]) {
      error({ rule_error: problem.toJSON() });
    }
    // Inert rules (placeholders without values) load but never match: said, not a failure.
    for (const warning of engine.warnings) {
      io.stderr.write(`${JSON.stringify({ rule_warning: warning.toJSON() })}\n`);
    }
    const stream = events === '-' ? io.stdin : createReadStream(events, 'utf8');
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    let index = -1;
    try {
      for await (const text of lines) {
        index++;
        if (text.trim() === '') continue;
        let event: unknown;
        try {
          event = JSON.parse(text);
        } catch (parseError) {
          error({ event: index, error: `not JSON: ${(parseError as Error).message}` });
          continue;
        }
        if (typeof event !== 'object' || event === null || Array.isArray(event)) {
          error({ event: index, error: 'not a JSON object' });
          continue;
        }
        for (const match of engine.match(event, { input })) {
          io.stdout.write(
            `${JSON.stringify({ event: index, rule_id: match.ruleId ?? null, title: match.title, level: match.level ?? null })}\n`,
          );
        }
      }
    } catch (readError) {
      throw new UsageError(`cannot read events from ${events}: ${(readError as Error).message}`);
    }
    return failures > 0 ? 1 : 0;
  },
};
