import { UsageError } from '../command.js';

/** Parsed arguments of a `lake` command: option values by name, and the operands. */
export interface LakeArguments {
  /** `--name value` and `--name=value`, by name (repeated options: the last one). */
  readonly options: ReadonlyMap<string, string>;
  /** Flags given (`--name` without a value). */
  readonly flags: ReadonlySet<string>;
  /** Everything else, in order (`-` included). */
  readonly operands: readonly string[];
}

/**
 * Splits `args` into options (only those in `valued`, each with a value), flags (those in
 * `flags`) and operands; any other `--option` is a usage error.
 */
export function parseLakeArguments(
  args: readonly string[],
  valued: readonly string[],
  flagNames: readonly string[] = [],
): LakeArguments {
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const operands: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const argument = args[index] as string;
    if (!argument.startsWith('--')) {
      operands.push(argument);
      continue;
    }
    const equals = argument.indexOf('=');
    const name = argument.slice(2, equals < 0 ? undefined : equals);
    if (flagNames.includes(name) && equals < 0) {
      flags.add(name);
    } else if (valued.includes(name)) {
      const value = equals < 0 ? args[++index] : argument.slice(equals + 1);
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
    } else {
      throw new UsageError(`unknown option ${argument}`);
    }
  }
  return { options, flags, operands };
}

/** A time option (ISO 8601 or epoch milliseconds) as epoch ms. */
export function timeOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new UsageError(`--${name} must be an ISO 8601 time or epoch milliseconds: '${value}'`);
  }
  return ms;
}

/** A positive integer option. */
export function countOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new UsageError(`--${name} must be a positive integer: '${value}'`);
  }
  return count;
}

/** Checks an option against a pattern. */
export function patternOption(
  name: string,
  value: string | undefined,
  pattern: RegExp,
  what: string,
): string | undefined {
  if (value !== undefined && !pattern.test(value)) {
    throw new UsageError(`--${name} must be ${what}: '${value}'`);
  }
  return value;
}

/** An AWS Region name. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** A 12-digit AWS account id. */
export const ACCOUNT_PATTERN = /^\d{12}$/;
/** A Security Lake custom source name. */
export const SOURCE_PATTERN = /^[\w\-:.]{1,64}$/;
/** A source version folder (a custom source's `sourceVersion`, a native source's `2.0`). */
export const VERSION_PATTERN = /^(?!\.+$)[\w\-.]{1,32}$/;
/** An AWS native source name (`CLOUD_TRAIL_MGMT`). */
export const NATIVE_SOURCE_PATTERN = /^[A-Z0-9_]{1,64}$/;
