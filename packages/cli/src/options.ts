/**
 * The options and operands a command declares, and the parser that reads a command line against
 * them with `node:util` `parseArgs`.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { UsageError } from './command.js';

/** One `--name` option of a command. */
export interface OptionSpec {
  /** The long name, without `--` (`rules`, `target-file-mb`). */
  readonly name: string;
  /** `string` takes a value (`--events FILE`, `--events=FILE`); `boolean` is a flag. */
  readonly type: 'string' | 'boolean';
  /** The option may be given more than once; every value is kept (`--var a=1 --var b=2`). */
  readonly multiple?: boolean;
  /**
   * Several values may also follow the flag (`--rules a b c`, as well as `--rules a --rules b`):
   * the operands after it, up to the next option, are its values. Implies `multiple`.
   */
  readonly variadic?: boolean;
  /** A one-letter alias (`o` for `-o`). */
  readonly short?: string;
  /** The name of its value in the usage (`FILE`, `DIR|FILE`); default `VALUE`. */
  readonly valueName?: string;
  /** What it does, for `--help` and the CLI reference. */
  readonly description: string;
  /** Its value when not given (shown in `--help`). */
  readonly default?: string;
  /** The values it accepts; any other is a usage error. */
  readonly choices?: readonly string[];
  /** It must be given: `true` for the message `--name VALUE is required`, or the message. */
  readonly required?: boolean | string;
}

/** One operand (a word that is not an option) of a command. */
export interface PositionalSpec {
  /** Its name in the usage (`FILE|-`, `DIR`, `CLASS`). */
  readonly name: string;
  /** What it is, for `--help` and the CLI reference. */
  readonly description: string;
  /** It must be given: `true` for the message `NAME is required`, or the message. */
  readonly required?: boolean | string;
  /** It may be given more than once (`DIR|FILE…`). */
  readonly multiple?: boolean;
}

/** The options every command has: `--output`, `--quiet` and `--help`. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'output',
    short: 'o',
    type: 'string',
    valueName: 'FILE',
    description: "write standard output to FILE instead ('-': standard output)",
  },
  {
    name: 'quiet',
    short: 'q',
    type: 'boolean',
    description: 'no progress and no warnings on standard error (errors are still written)',
  },
  { name: 'help', short: 'h', type: 'boolean', description: 'print this help and exit' },
];

/** A command line read against a command's options and operands. */
export interface ParsedArguments {
  /** The operands, in order (`-` included). */
  readonly positionals: readonly string[];
  /** The value of a string option (the last one when given more than once), or its default. */
  string(name: string): string | undefined;
  /** Every value of an option, in order (its default, when it has one and was not given). */
  list(name: string): string[];
  /** Whether a flag was given. */
  flag(name: string): boolean;
}

/** `a, b or c` for up to three choices, `one of a, b, c, d` beyond. */
function choiceText(choices: readonly string[]): string {
  if (choices.length > 3) return `one of ${choices.join(', ')}`;
  return choices.length === 1
    ? (choices[0] as string)
    : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}

/** The value name of an option in the usage. */
export function valueNameOf(option: OptionSpec): string {
  return option.valueName ?? (option.choices === undefined ? 'VALUE' : option.choices.join('|'));
}

/**
 * Reads `args` against `options` (the command's and {@link COMMON_OPTIONS}) and `positionals`
 * with `parseArgs` tokens, so that a variadic option also takes the operands after it.
 *
 * @throws {UsageError} for an unknown option, an option without its value (or with a value it
 *   does not take), a value outside its choices, a missing required option or operand, or an
 *   operand too many.
 */
export function parseCommandArguments(
  args: readonly string[],
  options: readonly OptionSpec[],
  positionals: readonly PositionalSpec[] = [],
): ParsedArguments {
  const all = [...options, ...COMMON_OPTIONS];
  const byName = new Map(all.map((option) => [option.name, option]));
  const config = Object.fromEntries(
    all.map((option) => [
      option.name,
      {
        type: option.type,
        ...(option.short === undefined ? {} : { short: option.short }),
      },
    ]),
  );
  const { tokens } = parseArgs({
    args: [...args],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const operands: string[] = [];
  let variadic: OptionSpec | undefined;
  let terminated = false;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      terminated = true;
      variadic = undefined;
      continue;
    }
    if (token.kind === 'positional') {
      if (variadic !== undefined && !terminated) values.get(variadic.name)?.push(token.value);
      else operands.push(token.value);
      continue;
    }
    const option = byName.get(token.name);
    if (option === undefined) {
      throw new UsageError(`unknown option '${token.rawName}'`);
    }
    variadic = undefined;
    if (option.type === 'boolean') {
      if (token.inlineValue) throw new UsageError(`option '--${option.name}' takes no value`);
      flags.add(option.name);
      continue;
    }
    const value = token.value;
    if (
      value === undefined ||
      (!token.inlineValue && value.length > 1 && value.startsWith('-')) ||
      (token.inlineValue && value === '')
    ) {
      throw new UsageError(`option '--${option.name}' needs a value (${valueNameOf(option)})`);
    }
    if (option.choices !== undefined && !option.choices.includes(value)) {
      throw new UsageError(
        `--${option.name} must be ${choiceText(option.choices)}, not '${value}'`,
      );
    }
    const list = values.get(option.name);
    if (list === undefined || !(option.multiple || option.variadic))
      values.set(option.name, [value]);
    else list.push(value);
    if (option.variadic && !token.inlineValue) variadic = option;
  }
  for (const option of options) {
    if (option.required && !values.has(option.name) && !flags.has(option.name)) {
      throw new UsageError(
        typeof option.required === 'string'
          ? option.required
          : `--${option.name} ${valueNameOf(option)} is required`,
      );
    }
  }
  const help = flags.has('help');
  if (!help) checkOperands(operands, positionals);
  return {
    positionals: operands,
    string: (name) => values.get(name)?.at(-1) ?? byName.get(name)?.default,
    list: (name) => {
      const given = values.get(name);
      if (given !== undefined) return [...given];
      const fallback = byName.get(name)?.default;
      return fallback === undefined ? [] : [fallback];
    },
    flag: (name) => flags.has(name),
  };
}

/** Checks the operands against the declared ones: none missing, none too many. */
function checkOperands(operands: readonly string[], positionals: readonly PositionalSpec[]): void {
  const variadic = positionals.some((positional) => positional.multiple);
  if (!variadic && operands.length > positionals.length) {
    const extra = operands[positionals.length] as string;
    throw new UsageError(
      positionals.length === 0
        ? `unexpected argument '${extra}'`
        : `unexpected argument '${extra}' (only one ${positionals.at(-1)?.name} may be given)`,
    );
  }
  positionals.forEach((positional, index) => {
    if (positional.required && operands[index] === undefined) {
      throw new UsageError(
        typeof positional.required === 'string'
          ? positional.required
          : `${positional.name} is required`,
      );
    }
  });
}
