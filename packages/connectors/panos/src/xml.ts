/** One address and the tags to register on it or unregister from it. */
export interface PanosIpTags {
  /** An IPv4 or IPv6 host address, or (PAN-OS 10.0 and later) an IPv4 network `a.b.c.d/n`. */
  ip: string;
  /** The tags: what dynamic address groups match on. */
  tags: readonly string[];
  /** Seconds until PAN-OS drops the tags on its own (register only; 0 or absent: never). */
  timeoutSeconds?: number;
  /** Whether the mapping survives a reboot (`persistent="1"`); register only. */
  persistent?: boolean;
}

/** What the firewall said about one entry of a uid-message it did not apply as sent. */
export interface PanosEntryMessage {
  /** The entry's address. */
  ip: string;
  /** The message (`tag01 already exists, ignore`). */
  message: string;
}

/** A parsed PAN-OS XML API `<response>`. */
export interface PanosResponse {
  /** `success` or `error`. */
  status: 'success' | 'error';
  /** The `code` attribute, when present (`403` for a bad key; see the XML API error codes). */
  code?: number;
  /** The error text (`<msg>`, its `<line>`s joined with `; `), when there is one. */
  message?: string;
  /** Per-entry messages of a `<uid-response>` (duplicates, unknown mappings, refusals). */
  entries: PanosEntryMessage[];
  /** The inner XML of `<result>`, when there is one. */
  result?: string;
}

/** Escapes text for an XML attribute or element. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** Reverses {@link escapeXml} (and numeric character references). */
export function unescapeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    )
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}

/** The value of attribute `name` in an element's attribute text, unescaped. */
export function xmlAttribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  const value = match?.[1] ?? match?.[2];
  return value === undefined ? undefined : unescapeXml(value);
}

/** The inner XML of the first `<name>` element of `xml`, or undefined. */
export function xmlElement(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
}

/**
 * The User-ID `<uid-message>` registering (or unregistering) IP → tag mappings, as the XML API's
 * `type=user-id` call takes it in `cmd`:
 * `<uid-message><version>2.0</version><type>update</type><payload><register><entry ip="…"
 * persistent="1"><tag><member timeout="3600">tag</member></tag></entry></register></payload>
 * </uid-message>`. `timeout` (seconds, 1–2 592 000) and `persistent` are written on register only.
 */
export function uidMessage(
  operation: 'register' | 'unregister',
  entries: readonly PanosIpTags[],
): string {
  const body = entries
    .map((entry) => {
      const timeout =
        operation === 'register' && entry.timeoutSeconds !== undefined && entry.timeoutSeconds > 0
          ? ` timeout="${entry.timeoutSeconds}"`
          : '';
      const persistent =
        operation === 'register' && entry.persistent !== undefined
          ? ` persistent="${entry.persistent ? 1 : 0}"`
          : '';
      const members = entry.tags
        .map((tag) => `<member${timeout}>${escapeXml(tag)}</member>`)
        .join('');
      return `<entry ip="${escapeXml(entry.ip)}"${persistent}><tag>${members}</tag></entry>`;
    })
    .join('');
  return `<uid-message><version>2.0</version><type>update</type><payload><${operation}>${body}</${operation}></payload></uid-message>`;
}

/** Reads the IP → tag entries of the `<register>` or `<unregister>` block of a uid-message. */
export function parseUidEntries(
  message: string,
  operation: 'register' | 'unregister',
): PanosIpTags[] {
  const block = xmlElement(message, operation);
  if (block === undefined) return [];
  const entries: PanosIpTags[] = [];
  for (const entry of block.matchAll(/<entry\b([^>]*?)(?:\/>|>([\s\S]*?)<\/entry>)/g)) {
    const attributes = entry[1] ?? '';
    const ip = xmlAttribute(attributes, 'ip');
    if (ip === undefined) continue;
    const tags: string[] = [];
    let timeoutSeconds: number | undefined;
    for (const member of (entry[2] ?? '').matchAll(/<member\b([^>]*)>([\s\S]*?)<\/member>/g)) {
      tags.push(unescapeXml(member[2] ?? '').trim());
      const timeout = xmlAttribute(member[1] ?? '', 'timeout');
      if (timeout !== undefined) timeoutSeconds = Number(timeout);
    }
    const persistent = xmlAttribute(attributes, 'persistent');
    entries.push({
      ip,
      tags,
      ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
      ...(persistent === undefined ? {} : { persistent: persistent !== '0' }),
    });
  }
  return entries;
}

/**
 * Reads a PAN-OS XML API answer: `<response status="success">` (with its `<result>`) or
 * `<response status="error" code="…">` with the reason in `<msg>` (possibly in `<line>`
 * elements) or, for User-ID calls, per-entry `message` attributes of a `<uid-response>`.
 * @returns `undefined` when the text is not a `<response>`.
 */
export function parsePanosResponse(text: string): PanosResponse | undefined {
  const open = /<response\b([^>]*)>/.exec(text);
  if (open === null) return undefined;
  const attributes = open[1] ?? '';
  const status = xmlAttribute(attributes, 'status');
  if (status !== 'success' && status !== 'error') return undefined;
  const code = xmlAttribute(attributes, 'code');
  const entries: PanosEntryMessage[] = [];
  for (const entry of text.matchAll(/<entry\b([^>]*)>/g)) {
    const ip = xmlAttribute(entry[1] ?? '', 'ip');
    const message = xmlAttribute(entry[1] ?? '', 'message');
    if (ip !== undefined && message !== undefined) entries.push({ ip, message });
  }
  const msg = xmlElement(text, 'msg');
  const lines =
    msg === undefined || msg.includes('<uid-response')
      ? undefined
      : unescapeXml(
          msg
            .replace(/<\/line>\s*<line>/g, '; ')
            .replace(/<[^>]+>/g, '')
            .trim(),
        );
  const message =
    lines || (entries.length > 0 ? entries.map((e) => `${e.ip}: ${e.message}`).join('; ') : '');
  const result = xmlElement(text, 'result');
  return {
    status,
    ...(code === undefined || !/^\d+$/.test(code) ? {} : { code: Number(code) }),
    ...(message ? { message } : {}),
    entries,
    ...(result === undefined ? {} : { result }),
  };
}
