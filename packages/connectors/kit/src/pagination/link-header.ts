/**
 * Parses an RFC 8288 `Link` header into a map of relation → URL, resolving relative targets
 * against `baseUrl`. Quoted parameter values may contain `,` and `;`. A `rel` naming several
 * relations (`rel="next last"`) maps each to the URL; the first link of a relation wins.
 */
export function parseLinkHeader(
  value: string | undefined,
  baseUrl?: string,
): Record<string, string> {
  const links: Record<string, string> = {};
  if (!value) return links;
  let index = 0;
  const skipSpace = () => {
    while (index < value.length && /\s/.test(value[index] ?? '')) index += 1;
  };
  while (index < value.length) {
    const open = value.indexOf('<', index);
    if (open === -1) break;
    const close = value.indexOf('>', open);
    if (close === -1) break;
    const target = value.slice(open + 1, close).trim();
    index = close + 1;
    const params: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (value[index] !== ';') break;
      index += 1;
      skipSpace();
      const nameStart = index;
      while (index < value.length && !/[=;,\s]/.test(value[index] ?? '')) index += 1;
      const name = value.slice(nameStart, index).toLowerCase();
      skipSpace();
      let paramValue = '';
      if (value[index] === '=') {
        index += 1;
        skipSpace();
        if (value[index] === '"') {
          index += 1;
          while (index < value.length && value[index] !== '"') {
            if (value[index] === '\\') index += 1;
            paramValue += value[index] ?? '';
            index += 1;
          }
          index += 1;
        } else {
          const valueStart = index;
          while (index < value.length && !/[;,\s]/.test(value[index] ?? '')) index += 1;
          paramValue = value.slice(valueStart, index);
        }
      }
      if (name && !(name in params)) params[name] = paramValue;
    }
    skipSpace();
    if (value[index] === ',') index += 1;
    const relations = (params['rel'] ?? '').trim().toLowerCase();
    if (!relations) continue;
    let url = target;
    if (baseUrl) {
      try {
        url = new URL(target, baseUrl).toString();
      } catch {
        continue;
      }
    }
    for (const relation of relations.split(/\s+/)) links[relation] ??= url;
  }
  return links;
}
