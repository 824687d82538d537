import { OpenMdrError } from '@openmdr/core';

/**
 * Canonical JSON (in the spirit of RFC 8785): object keys sorted by UTF-16 code units, no
 * whitespace, `undefined` members left out. Equal values always give equal text, so hashes over
 * it are stable.
 * @throws OpenMdrError `RESPONSE_AUDIT_NOT_JSON` for non-finite numbers and non-JSON values.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new OpenMdrError('RESPONSE_AUDIT_NOT_JSON', `not JSON: the number ${value}`);
      }
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
      }
      const keys = Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort();
      return `{${keys
        .map(
          (key) =>
            `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
        )
        .join(',')}}`;
    }
    default:
      throw new OpenMdrError('RESPONSE_AUDIT_NOT_JSON', `not JSON: a ${typeof value}`);
  }
}
