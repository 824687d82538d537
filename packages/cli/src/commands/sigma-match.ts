import { type Command, UsageError } from '../command.js';
import { runSigmaMatch } from '../pipeline/sigma-match-run.js';
import { defaultThreads, parseThreads } from '../pipeline/threads-option.js';

const usage = `Usage: openmdr sigma match --rules DIR|FILE… --events FILE|- [--input flat|winlog|ocsf]
       [--threads N]

Matches JSON-lines events against Sigma rules. Prints one JSON line per match:
{"event": <0-based line index>, "rule_id", "title", "level"}. Rules that do not load and event
lines that are not JSON objects are reported on stderr as JSON lines; the exit code is then 1.
Rules left inert by an expand placeholder without a value (they never match) are reported on
stderr as {"rule_warning": …} lines, without changing the exit code.
--input: flat (keys are Sigma field names, default), winlog (exported Windows Event Log records),
ocsf (OCSF events through the OCSF field mapping).
--threads: worker threads that compile the rules and match chunks of lines (default: every
core); output keeps the input order. 1 matches in-process, without workers.`;

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
    let threads = defaultThreads();
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
      } else if (arg === '--threads') {
        threads = parseThreads(args[++index]);
      } else {
        throw new UsageError(`unexpected argument '${arg}'`);
      }
    }
    if (rules.length === 0) throw new UsageError('--rules needs at least one file or directory');
    if (events === undefined) throw new UsageError('--events FILE|- is required');
    return runSigmaMatch({ rules, events, input, threads }, io);
  },
};
