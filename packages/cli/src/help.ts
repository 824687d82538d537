/**
 * The `--help` text of a declared command, generated from its declaration.
 *
 * @module
 */
import type { CommandDefinition } from './define-command.js';
import { COMMON_OPTIONS, type OptionSpec, type PositionalSpec, valueNameOf } from './options.js';

/** The meaning of exit code 2 when a command does not say. */
export const DEFAULT_USAGE_EXIT =
  'usage error: an unknown option, a missing or bad value, an unreadable or unwritable file';

/** `--name VALUE` (with `…` when several values may follow). */
export function optionSignature(option: OptionSpec): string {
  const short = option.short === undefined ? '' : `-${option.short}, `;
  if (option.type === 'boolean') return `${short}--${option.name}`;
  return `${short}--${option.name} ${valueNameOf(option)}${option.variadic ? '…' : ''}`;
}

/** An option's description with its default and how often it may be given. */
export function optionDescription(option: OptionSpec): string {
  const notes: string[] = [];
  if (option.variadic) notes.push('repeatable; several values may follow the flag');
  else if (option.multiple) notes.push('repeatable');
  if (option.default !== undefined) notes.push(`default ${option.default}`);
  if (option.required) notes.push('required');
  return notes.length === 0 ? option.description : `${option.description} (${notes.join('; ')})`;
}

/** The operand in a synopsis: `FILE`, `[FILE]`, `DIR…`. */
function operand(positional: PositionalSpec): string {
  const name = `${positional.name}${positional.multiple ? '…' : ''}`;
  return positional.required ? name : `[${name}]`;
}

/** `openmdr sigma match --rules DIR|FILE… --events FILE|- [options]`. */
export function synopsis(definition: CommandDefinition): string {
  const required = definition.options
    .filter((option) => option.required)
    .map((option) => optionSignature(option));
  return [
    'openmdr',
    ...definition.path,
    ...required,
    '[options]',
    ...(definition.positionals ?? []).map(operand),
  ].join(' ');
}

/** Exit codes 0, 1 and 2 with their meaning (1 only when the command can exit 1). */
export function exitCodeList(definition: CommandDefinition): Array<[number, string]> {
  const codes: Array<[number, string]> = [[0, definition.exitCodes[0]]];
  if (definition.exitCodes[1] !== undefined) codes.push([1, definition.exitCodes[1]]);
  codes.push([2, definition.exitCodes[2] ?? DEFAULT_USAGE_EXIT]);
  return codes;
}

/** Words of `text` wrapped at `width` columns, the lines after the first indented by `indent`. */
function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width - indent) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** Every line of `text` indented by two spaces. */
const indent = (text: string): string =>
  text
    .split('\n')
    .map((line) => (line === '' ? '' : `  ${line}`))
    .join('\n');

/** Two columns: a name padded, then its text wrapped under itself. */
function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.min(28, Math.max(...rows.map(([name]) => name.length)));
  return rows.map(([name, text]) =>
    name.length > width
      ? `  ${name}\n${' '.repeat(width + 4)}${wrap(text, 100, width + 4)}`
      : `  ${name.padEnd(width)}  ${wrap(text, 100, width + 4)}`,
  );
}

/** The `--help` text of a command: synopsis, description, operands, options, exit codes, examples. */
export function helpText(definition: CommandDefinition): string {
  const sections = [`Usage: ${synopsis(definition)}`, definition.description.trim()];
  const positionals = definition.positionals ?? [];
  if (positionals.length > 0) {
    sections.push(
      ['Arguments:', ...table(positionals.map((p) => [p.name, p.description] as const))].join('\n'),
    );
  }
  if (definition.options.length > 0) {
    sections.push(
      [
        'Options:',
        ...table(
          definition.options.map((o) => [optionSignature(o), optionDescription(o)] as const),
        ),
      ].join('\n'),
    );
  }
  sections.push(
    [
      'Common options:',
      ...table(COMMON_OPTIONS.map((o) => [optionSignature(o), optionDescription(o)] as const)),
    ].join('\n'),
  );
  sections.push(`Output:\n${indent(definition.output.trim())}`);
  sections.push(
    [
      'Exit codes:',
      ...table(exitCodeList(definition).map(([code, text]) => [String(code), text] as const)),
    ].join('\n'),
  );
  sections.push(
    [
      'Examples:',
      ...definition.examples.map((example) => `  # ${example.description}\n  ${example.command}`),
    ].join('\n'),
  );
  return sections.join('\n\n');
}
