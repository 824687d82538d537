import { createSigmaBundle, writeSigmaBundle } from '@openmdr/detections';
import { type Command, UsageError } from '../command.js';

const usage = `Usage: openmdr sigma bundle --rules DIR|FILE… --out FILE [--include-deprecated]

Parses the Sigma rules under the given files and directories (recursively, .yml/.yaml) into a
compiled ruleset bundle: one versioned JSON document (gzip'd when FILE ends with .gz) that every
command taking --rules accepts in place of the rule files, and loads without parsing YAML.

The bundle records each source file's path (relative to the deepest directory holding every
--rules path), size, modification time and SHA-256; when those files are reachable, loading a
bundle whose sources changed, were removed or were added fails with SIGMA_BUNDLE_STALE: run this
command again. Each rule keeps its author and licence; SigmaHQ rules are under the Detection Rule
License 1.1 and their authors must travel with the alerts.

Options:
  --rules DIR|FILE…       rule files and directories (repeatable; several values may follow)
  --out FILE              the bundle to write (.gz: gzip'd)
  --include-deprecated    keep deprecated and unsupported rules (left out by default)

Prints one JSON line: {"rules", "filters", "correlations", "skipped", "errors", "bytes", "out"}.
Rules that do not parse are recorded in the bundle's errors and counted. Exits 0; 2 on usage
errors.

Example:
  openmdr sigma bundle --rules sigma/rules sigma/rules-emerging-threats --out windows.bundle.json.gz
  openmdr sigma match --rules windows.bundle.json.gz events.jsonl`;

interface BundleArguments {
  rules: string[];
  out: string;
  includeDeprecated: boolean;
}

function parseArguments(args: readonly string[]): BundleArguments {
  const rules: string[] = [];
  let out: string | undefined;
  let includeDeprecated = false;
  let collecting = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--rules') {
      collecting = true;
      const next = args[index + 1];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError('--rules needs a value');
    } else if (arg === '--out') {
      collecting = false;
      const next = args[++index];
      if (next === undefined || next.startsWith('--')) throw new UsageError('--out needs a value');
      out = next;
    } else if (arg === '--include-deprecated') {
      collecting = false;
      includeDeprecated = true;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option '${arg}'`);
    } else if (collecting) {
      rules.push(arg);
    } else {
      throw new UsageError(`unexpected argument '${arg}' (rule paths follow --rules)`);
    }
  }
  if (rules.length === 0) throw new UsageError('give the rules: --rules DIR|FILE…');
  if (out === undefined) throw new UsageError('give the bundle to write: --out FILE');
  return { rules, out, includeDeprecated };
}

/** `openmdr sigma bundle`: writes a compiled Sigma ruleset bundle. */
export const sigmaBundleCommand: Command = {
  path: ['sigma', 'bundle'],
  summary: 'Build a compiled Sigma ruleset bundle, accepted wherever --rules is',
  usage,
  async run(args, io) {
    const options = parseArguments(args);
    let bundle: Awaited<ReturnType<typeof createSigmaBundle>>;
    try {
      bundle = await createSigmaBundle(options.rules, {
        skipStatuses: options.includeDeprecated ? [] : undefined,
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') {
        throw new UsageError(
          `cannot read ${options.rules.join(', ')}: ${(error as Error).message}`,
        );
      }
      throw error;
    }
    const bytes = await writeSigmaBundle(bundle, options.out);
    io.stdout.write(
      `${JSON.stringify({
        rules: bundle.rules.length,
        filters: bundle.filters.length,
        correlations: bundle.correlations.length,
        skipped: bundle.skipped?.length ?? 0,
        errors: bundle.errors?.length ?? 0,
        bytes,
        out: options.out,
      })}\n`,
    );
    return 0;
  },
};
