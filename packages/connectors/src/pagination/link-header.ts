/**
 * Parses an RFC 8288 `Link` header into a map of relation → URL, resolving relative targets
 * against `baseUrl`. Several relations in one `rel` (`rel="next last"`) each get the URL.
 */
export function parseLinkHeader(
  value: string | undefined,
  baseUrl?: string,
): Record<string, string> {
  const links: Record<string, string> = {};
  if (!value) return links;
  const pattern = /<([^>]*)>((?:\s*;\s*[^;,]+(?:=(?:"[^"]*"|[^;,]*))?)*)/g;
  for (const match of value.matchAll(pattern)) {
    const target = match[1] ?? '';
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]*))/i.exec(params);
    const relations = (rel?.[1] ?? rel?.[2] ?? '').trim().toLowerCase();
    if (!relations) continue;
    const url = baseUrl ? new URL(target, baseUrl).toString() : target;
    for (const relation of relations.split(/\s+/)) links[relation] ??= url;
  }
  return links;
}
