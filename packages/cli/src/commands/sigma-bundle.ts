import { createSigmaBundle, writeSigmaBundle } from '@openmdr/detections';
import { UsageError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';

/** `openmdr sigma bundle`: writes a compiled Sigma ruleset bundle. */
export const sigmaBundleCommand: DefinedCommand = defineCommand({
  path: ['sigma', 'bundle'],
  summary: 'Build a compiled Sigma ruleset bundle, accepted wherever --rules is',
  description: `Parses the Sigma rules under the given files and directories (recursively, .yml/.yaml) into a
compiled ruleset bundle: one versioned JSON document (gzip'd when FILE ends with .gz) that every
command taking --rules accepts in place of the rule files, and loads without parsing YAML. Each
rule is compiled once while building; a rule that does not compile is recorded in the bundle's
errors, not its rules.
The bundle records each source file's path (relative to the deepest directory holding every
--rules path), size, modification time and SHA-256; when those files are reachable, loading a
bundle whose sources changed, were removed or were added fails with SIGMA_BUNDLE_STALE: run this
command again. Each rule keeps its author and licence; SigmaHQ rules are under the Detection Rule
License 1.1 and their authors must travel with the alerts.`,
  options: [
    {
      name: 'rules',
      type: 'string',
      variadic: true,
      valueName: 'DIR|FILE',
      required: 'give the rules: --rules DIR|FILE…',
      description: 'rule files and directories',
    },
    {
      name: 'out',
      type: 'string',
      valueName: 'FILE',
      required: 'give the bundle to write: --out FILE',
      description: "the bundle to write (gzip'd when it ends with .gz)",
    },
    {
      name: 'include-deprecated',
      type: 'boolean',
      description: 'keep deprecated and unsupported rules (left out by default)',
    },
  ],
  output: `One JSON line: {"rules", "filters", "correlations", "skipped", "errors", "bytes", "out"}.
Rules that do not parse or compile are recorded in the bundle's errors and counted.`,
  exitCodes: {
    0: 'the bundle was written',
  },
  examples: [
    {
      command:
        'openmdr sigma bundle --rules sigma/rules sigma/rules-emerging-threats --out windows.bundle.json.gz',
      description: 'bundle two SigmaHQ folders',
    },
    {
      command:
        'openmdr sigma bundle --rules rules/windows --out windows.bundle.json --include-deprecated',
      description:
        'keep deprecated rules too; then `openmdr sigma match --rules windows.bundle.json …`',
    },
  ],
  async run({ args, io }) {
    const options = {
      rules: args.list('rules'),
      out: args.string('out') as string,
      includeDeprecated: args.flag('include-deprecated'),
    };
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
});
