const escape = (part: string | number): string =>
  String(part).replace(/~/g, '~0').replace(/\//g, '~1');

/** A JSON Pointer from its reference tokens (`pointer('workflow', id, 'agent')`). */
export const pointer = (...parts: (string | number)[]): string =>
  parts.map((part) => `/${escape(part)}`).join('');

/** A JSON Pointer below `base`. */
export const below = (base: string, ...parts: (string | number)[]): string =>
  `${base}${pointer(...parts)}`;
