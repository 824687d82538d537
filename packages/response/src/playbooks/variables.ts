import type { PlaybookVariable } from './model.js';

/**
 * Replaces CACAO variable references in `text`: `__name__:value` (and a bare `__name__`) become the
 * variable's value. Unknown variables are left as written.
 */
export function substituteVariables(
  text: string,
  values: Readonly<Record<string, string | null | undefined>>,
): string {
  return text.replace(/__[a-zA-Z_][a-zA-Z0-9_-]{0,199}__(?::value)?/g, (reference) => {
    const name = reference.replace(/:value$/, '');
    const value = values[name];
    return value === undefined || value === null ? reference : value;
  });
}

/** The values of a variable dictionary (`{ __host__: { type, value } }` → `{ __host__: value }`). */
export function variableValues(
  variables: Readonly<Record<string, PlaybookVariable>>,
): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  for (const [name, variable] of Object.entries(variables)) values[name] = variable.value ?? null;
  return values;
}
