import { OpenMdrError } from '../errors/openmdr-error.js';

const SECRET_NAME = /^[A-Za-z0-9]+(?:[._-]?[A-Za-z0-9]+)*$/;
const ENVIRONMENT_NAME = /^[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$/;

/**
 * Checks a secret name: letters and digits, single `.`, `_` or `-` between them (`api_key`,
 * `client-secret`). With `environment`, only `_` separators (so names map to variables).
 * @throws OpenMdrError with code `SECRET_NAME_INVALID`.
 */
export function checkSecretName(name: string, environment = false): string {
  if (
    typeof name !== 'string' ||
    name.length > 128 ||
    !(environment ? ENVIRONMENT_NAME : SECRET_NAME).test(name)
  ) {
    throw new OpenMdrError(
      'SECRET_NAME_INVALID',
      `invalid secret name ${JSON.stringify(String(name).slice(0, 64))}`,
      {
        details: { name: String(name).slice(0, 64) },
      },
    );
  }
  return name;
}
