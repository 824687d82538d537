import { readFile } from 'node:fs/promises';
import {
  compileSigmaRules,
  listSigmaFiles,
  parseSigmaYaml,
  type SigmaRule,
  type SigmaRuleError,
} from '@openmdr/detections';
import { UsageError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';

function errorJson(error: SigmaRuleError): Record<string, unknown> {
  return {
    code: error.code,
    message: error.message,
    ...(error.line === undefined ? {} : { line: error.line }),
    ...(error.column === undefined ? {} : { column: error.column }),
    ...(error.key === undefined ? {} : { key: error.key }),
  };
}

/** `openmdr sigma check`: compiles rules and reports each one. */
export const sigmaCheckCommand: DefinedCommand = defineCommand({
  path: ['sigma', 'check'],
  summary: 'Parse and compile Sigma rules; one JSON line per rule',
  description: `Parses and compiles Sigma rules (recursively for directories, .yml/.yaml); deprecated and
unsupported rules are checked too. A rule with an expand placeholder that has no value compiles
inert (it never matches until given one): it is ok, with a warning naming the placeholders.`,
  options: [],
  positionals: [
    {
      name: 'DIR|FILE',
      multiple: true,
      required: 'give at least one rule file or directory',
      description: 'Sigma rule files or directories',
    },
  ],
  output: `One JSON line per rule: {"path", "id", "ok", "error"?, "warning"?}, and a last summary line
{"summary": {"rules", "ok", "failed", "inert"}}.`,
  exitCodes: { 0: 'the rules were checked, whatever they hold' },
  examples: [
    {
      command: 'openmdr sigma check rules/windows',
      description: 'check every rule of a folder',
    },
    {
      command: 'openmdr sigma check my-rule.yml --output check.jsonl',
      description: 'check one rule, the report written to a file',
    },
  ],
  async run({ args, io }) {
    const paths = [...args.positionals];
    let files: string[];
    try {
      files = await listSigmaFiles(paths);
    } catch (error) {
      throw new UsageError(`cannot read ${paths.join(', ')}: ${(error as Error).message}`);
    }
    let ok = 0;
    let failed = 0;
    let inert = 0;
    const line = (value: unknown) => io.stdout.write(`${JSON.stringify(value)}\n`);
    for (const path of files) {
      const parsed = parseSigmaYaml(await readFile(path, 'utf8'), path);
      for (const error of parsed.errors) {
        failed++;
        line({ path, id: error.ruleId ?? null, ok: false, error: errorJson(error) });
      }
      for (const document of parsed.documents) {
        if (document.kind !== 'rule') continue;
        const engine = compileSigmaRules([document as SigmaRule]);
        const error = engine.errors[0];
        const warning = engine.warnings[0];
        if (error === undefined) ok++;
        else failed++;
        if (error === undefined && warning !== undefined) inert++;
        line({
          path,
          id: document.id ?? document.name ?? null,
          ok: error === undefined,
          ...(error === undefined ? {} : { error: errorJson(error) }),
          ...(warning === undefined ? {} : { warning: errorJson(warning) }),
        });
      }
    }
    line({ summary: { rules: ok + failed, ok, failed, inert } });
    return 0;
  },
});
