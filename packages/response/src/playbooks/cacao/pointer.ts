const encode = (part: string | number): string =>
  String(part).replace(/~/g, '~0').replace(/\//g, '~1');

/** A JSON Pointer from its reference tokens (`pointer('workflow', id, 'agent')`). */
export const pointer = (...parts: (string | number)[]): string =>
  parts.map((part) => `/${encode(part)}`).join('');

/** A JSON Pointer below `base`. */
export const below = (base: string, ...parts: (string | number)[]): string =>
  `${base}${pointer(...parts)}`;

/** A JSON Pointer reference token as the key it stands for (`a~1b` → `a/b`). */
export const token = (part: string): string => part.replace(/~1/g, '/').replace(/~0/g, '~');
