import { createInterface } from 'node:readline';
import { compileSigmaRules, loadSigmaRules } from '@openmdr/detections';
import { UsageError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';

/** `openmdr sigma match`: runs rules over JSON-lines events. */
export const sigmaMatchCommand: DefinedCommand = defineCommand({
  path: ['sigma', 'match'],
  summary: 'Match JSON-lines events against Sigma rules',
  description: `Matches JSON-lines events (a FILE, or standard input with '-'; gzip accepted) against Sigma
rules (files, or directories read recursively for .yml/.yaml). Rules that do not load and event
lines that are not JSON objects are reported on standard error as JSON lines. Rules left inert by
an expand placeholder without a value (they never match) are reported as {"rule_warning": …}
lines, without changing the exit code. On a terminal, a progress line on standard error shows the
rules loaded and the events per second.`,
  options: [
    {
      name: 'rules',
      type: 'string',
      variadic: true,
      valueName: 'DIR|FILE',
      required: '--rules needs at least one file or directory',
      description: 'Sigma rule files or directories',
    },
    {
      name: 'events',
      type: 'string',
      valueName: 'FILE|-',
      required: '--events FILE|- is required',
      description: "the events, one JSON object per line; '-' reads standard input",
    },
    {
      name: 'input',
      type: 'string',
      choices: ['flat', 'winlog', 'ocsf'],
      default: 'flat',
      description:
        'flat: keys are Sigma field names; winlog: exported Windows Event Log records; ocsf: OCSF events through the OCSF field mapping',
    },
  ],
  output: `One JSON line per match, in event order:
{"event": <0-based line index>, "rule_id": "…", "title": "…", "level": "high"}
Standard error: {"rule_error": …} for rules that do not load, {"event": N, "error": "…"} for lines
that are not JSON objects, {"rule_warning": …} for inert rules (not with --quiet).`,
  exitCodes: {
    0: 'every rule loaded and every event line was a JSON object',
    1: 'a rule did not load or compile, or an event line was not a JSON object',
  },
  examples: [
    {
      command: 'openmdr sigma match --rules rules/windows --events events.jsonl --input winlog',
      description: 'match exported Windows Event Log records against a SigmaHQ folder',
    },
    {
      command: 'openmdr sigma match --rules a.yml b.yml --events - --output matches.jsonl --quiet',
      description: 'two rules over standard input, matches written to a file',
    },
    {
      command: 'openmdr sigma match --rules rules --events events.jsonl.gz --input ocsf',
      description: 'OCSF events from a gzip file',
    },
  ],
  async run({ args, io, note, progress: startProgress, openInput }) {
    const rules = args.list('rules');
    const events = args.string('events') as string;
    const input = args.string('input') as string;
    const progress = startProgress();
    progress.phase('loading rules');
    const loaded = await loadSigmaRules(rules);
    const engine = compileSigmaRules(loaded.rules, { filters: loaded.filters });
    progress.rules(loaded.rules.length);
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
      note(JSON.stringify({ rule_warning: warning.toJSON() }));
    }
    const stream = await openInput(events, { progress });
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
});
