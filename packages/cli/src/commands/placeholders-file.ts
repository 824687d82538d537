import { UsageError } from '../command.js';
import { readInputText } from '../io/input.js';

/**
 * Reads a `--placeholders FILE`: a JSON object mapping each Sigma `expand` placeholder name to
 * its list of values (`{"Admins_Workstations": ["ws1", "ws2"]}`); `-` reads `stdin`, gzip is
 * accepted.
 *
 * @throws {UsageError} when the file cannot be read, is not JSON, is not an object, or a key's
 *   value is not an array of strings (the message names the key).
 */
export async function readPlaceholdersFile(
  file: string,
  stdin: NodeJS.ReadableStream,
): Promise<Readonly<Record<string, readonly string[]>>> {
  let value: unknown;
  try {
    value = JSON.parse(await readInputText(file, stdin));
  } catch (error) {
    throw new UsageError(`--placeholders ${file}: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(
      `--placeholders ${file}: must be a JSON object of placeholder name → list of values`,
    );
  }
  const placeholders: Record<string, readonly string[]> = {};
  for (const [name, values] of Object.entries(value)) {
    if (!Array.isArray(values) || !values.every((entry) => typeof entry === 'string')) {
      throw new UsageError(`--placeholders ${file}: '${name}' must be an array of strings`);
    }
    placeholders[name] = values as string[];
  }
  return placeholders;
}
