/**
 * The CLI reference page (docs/reference/cli.md), generated from the command declarations.
 *
 * @module
 */
import type { Command } from './command.js';
import type { CommandDefinition, DefinedCommand } from './define-command.js';
import { exitCodeList, optionDescription, optionSignature, synopsis } from './help.js';
import { COMMON_OPTIONS } from './options.js';

/** Escapes a table cell: `|` and line breaks. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A fenced block of plain text. */
const block = (text: string, language = 'text'): string =>
  `\`\`\`${language}\n${text.trim()}\n\`\`\``;

function section(definition: CommandDefinition): string {
  const name = `openmdr ${definition.path.join(' ')}`;
  const parts = [
    `## \`${name}\``,
    `${definition.summary}.`,
    block(synopsis(definition), 'sh'),
    block(definition.description),
  ];
  const positionals = definition.positionals ?? [];
  if (positionals.length > 0) {
    parts.push(
      [
        '| argument | description |',
        '|---|---|',
        ...positionals.map(
          (positional) =>
            `| \`${cell(positional.name)}${positional.multiple ? '…' : ''}\` | ${cell(positional.description)}${positional.required ? ' (required)' : ''} |`,
        ),
      ].join('\n'),
    );
  }
  if (definition.options.length > 0) {
    parts.push(
      [
        '| option | description |',
        '|---|---|',
        ...definition.options.map(
          (option) =>
            `| \`${cell(optionSignature(option))}\` | ${cell(optionDescription(option))} |`,
        ),
      ].join('\n'),
    );
  }
  parts.push(`**Output**\n\n${block(definition.output)}`);
  parts.push(
    [
      '**Exit codes**',
      '',
      '| code | meaning |',
      '|---|---|',
      ...exitCodeList(definition).map(([code, text]) => `| ${code} | ${cell(text)} |`),
    ].join('\n'),
  );
  parts.push(
    `**Examples**\n\n${block(
      definition.examples
        .map((example) => `# ${example.description}\n${example.command}`)
        .join('\n'),
      'sh',
    )}`,
  );
  return parts.join('\n\n');
}

/** True for a command made by `defineCommand` (it carries its declaration). */
export const isDefinedCommand = (command: Command): command is DefinedCommand =>
  'definition' in command;

/**
 * The Markdown of the CLI reference: the conventions every command shares (common options,
 * inputs, progress, exit codes), then for each command its synopsis, description, operands,
 * options, output format, exit codes and examples. Deterministic: the same commands give the
 * same text. A command not made by `defineCommand` gets its usage text.
 */
export function cliReference(commands: readonly Command[]): string {
  const index = commands.map((command) => {
    const name = `openmdr ${command.path.join(' ')}`;
    const anchor = name.replace(/ /g, '-');
    return `| [\`${name}\`](#${anchor}) | ${cell(command.summary)} |`;
  });
  const sections = commands.map((command) =>
    isDefinedCommand(command)
      ? section(command.definition)
      : `## \`openmdr ${command.path.join(' ')}\`\n\n${command.summary}.\n\n${block(command.usage)}`,
  );
  return `${[
    '# `openmdr` command-line reference',
    '<!-- Generated from the command declarations by packages/cli/scripts/generate-cli-reference.ts (pnpm generate); do not edit. -->',
    'Every command is `openmdr <command> [options] [operands]`; `openmdr --help` lists the commands, `openmdr <command> --help` prints the help of one (the text of its section below), `openmdr --version` (`-V`) the version of the CLI.',
    [
      '**Options.** `--name VALUE` and `--name=VALUE` are the same. An option marked *repeatable* may be given more than once; one whose values *may follow the flag* also takes the words after it, up to the next option (`--rules a.yml b.yml` is `--rules a.yml --rules b.yml`). Every command also takes:',
      '',
      '| option | description |',
      '|---|---|',
      ...COMMON_OPTIONS.map(
        (option) => `| \`${cell(optionSignature(option))}\` | ${cell(optionDescription(option))} |`,
      ),
    ].join('\n'),
    '**Inputs.** Wherever a command reads a file, `-` reads standard input, and gzip input (a name ending in `.gz`, or data starting with the gzip magic bytes `1f 8b`) is gunzipped first.',
    '**Progress.** Commands that process many events (`sigma match`, `detect`, `normalize`) draw a progress line on standard error (rules loaded, events processed, events per second, and the percentage and time left when the input is a file of known size), only when standard error is a terminal and not with `--quiet`; it is redrawn at most four times a second and cleared at the end.',
    [
      '**Exit codes.** Every command exits with:',
      '',
      '| code | meaning |',
      '|---|---|',
      '| 0 | success |',
      '| 1 | some input had failures (each command says which below); the output is still written for the rest |',
      "| 2 | usage error: an unknown option, a missing or bad value, a file that cannot be read, gunzipped or written, a Sigma rule bundle that is stale or not a bundle. One line on standard error, e.g. `openmdr sigma match: unknown option '--foo' (see openmdr sigma match --help)` |",
    ].join('\n'),
    ['| command | summary |', '|---|---|', ...index].join('\n'),
    ...sections,
  ].join('\n\n')}\n`;
}
