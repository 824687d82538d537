/**
 * Where flat Zeek and Suricata records keep the fields of SigmaHQ's generic network taxonomy
 * (`query`, `c-uri`, `cs-host`, `c-useragent`, `dst_port`, …): Zeek's own names (`uri`,
 * `host`, `id.resp_p`), then Suricata EVE paths (`http.url`, `http.hostname`, `dest_port`). The
 * Sigma name itself is always read first, so records that already carry it (a proxy's own log)
 * work as they are.
 *
 * @module
 */
import type { SigmaFieldGetter } from '../field-access.js';

/**
 * Which part of a request target a field is: all of it, the path, the query, the extension;
 * or `uri-and-url`, both the request target and the full URL (`http://host/path?query`), for
 * proxy logs' `c-uri`, which SigmaHQ rules read either way (`c-uri: '/news.php'`,
 * `c-uri|startswith: 'http'`): an event-side list matches when any element does.
 */
export type UriPart = 'uri' | 'path' | 'query' | 'extension' | 'uri-and-url';

/** The flat paths of one Sigma field (first present wins), and the part of a URI it reads. */
export interface FlatNetworkField {
  readonly paths: readonly string[];
  readonly part?: UriPart;
}

const URI = ['uri', 'http.url'];
const SRC_IP: FlatNetworkField = { paths: ['id.orig_h', 'src_ip'] };
const DST_IP: FlatNetworkField = { paths: ['id.resp_h', 'dest_ip'] };
const SRC_PORT: FlatNetworkField = { paths: ['id.orig_p', 'src_port'] };
const DST_PORT: FlatNetworkField = { paths: ['id.resp_p', 'dest_port'] };
const HOST: FlatNetworkField = { paths: ['host', 'http.hostname'] };
const USER_AGENT: FlatNetworkField = { paths: ['user_agent', 'http.http_user_agent'] };
const REFERRER: FlatNetworkField = { paths: ['referrer', 'http.http_refer'] };

/** The connection's endpoints, in every network table. */
const endpoints: Readonly<Record<string, FlatNetworkField>> = {
  src_ip: SRC_IP,
  dst_ip: DST_IP,
  src_port: SRC_PORT,
  dst_port: DST_PORT,
};

/** Proxy and web server access-log names (W3C extended log format) for HTTP records. */
const http: Readonly<Record<string, FlatNetworkField>> = {
  ...endpoints,
  'c-ip': SRC_IP,
  's-ip': DST_IP,
  'c-uri': { paths: URI, part: 'uri-and-url' },
  'cs-uri': { paths: URI },
  'cs-uri-query': { paths: URI },
  'c-uri-query': { paths: URI, part: 'query' },
  'c-uri-stem': { paths: URI, part: 'path' },
  'cs-uri-stem': { paths: URI, part: 'path' },
  'c-uri-extension': { paths: URI, part: 'extension' },
  'cs-host': HOST,
  'r-dns': HOST,
  'c-useragent': USER_AGENT,
  'cs-user-agent': USER_AGENT,
  'cs-method': { paths: ['method', 'http.http_method'] },
  'sc-status': { paths: ['status_code', 'http.status'] },
  'cs-referrer': REFERRER,
  'cs-referer': REFERRER,
  'cs-username': { paths: ['username'] },
  'cs-bytes': { paths: ['request_body_len', 'http.request_length'] },
  'sc-bytes': { paths: ['response_body_len', 'http.length'] },
};

/**
 * Sigma field → flat paths, per network table ({@link networkTableKey}): the generic
 * categories, and `zeek:http`, whose SigmaHQ rules also use proxy names.
 */
export const NETWORK_FLAT_FIELDS: Readonly<
  Record<string, Readonly<Record<string, FlatNetworkField>>>
> = {
  dns: {
    ...endpoints,
    query: { paths: ['query', 'dns.rrname', 'dns.queries.rrname', 'dns.query.rrname'] },
    record_type: { paths: ['qtype_name', 'dns.rrtype', 'dns.queries.rrtype'] },
    answer: { paths: ['answers', 'dns.answers.rdata'] },
  },
  proxy: http,
  webserver: http,
  firewall: endpoints,
  'zeek:http': http,
};

/**
 * Reads a flat path: the key as it is first (Zeek's dotted `id.resp_p`), then the nested path,
 * through arrays (`dns.queries.rrname` gives every query's name).
 */
export function readFlatPath(event: unknown, path: string): unknown {
  if (typeof event !== 'object' || event === null) return undefined;
  const direct = (event as Record<string, unknown>)[path];
  if (direct !== undefined || !path.includes('.')) return direct;
  let values: unknown[] = [event];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    for (const value of values) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item !== 'object' || item === null) continue;
        const child = (item as Record<string, unknown>)[key];
        if (child !== undefined) next.push(child);
      }
    }
    if (next.length === 0) return undefined;
    values = next;
  }
  return values.length === 1 ? values[0] : values;
}

/** The path of a request target (`/a/b.php` of `/a/b.php?x=1` or `http://h/a/b.php?x=1`). */
function uriPath(uri: string): string {
  const target = uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const question = target.indexOf('?');
  return question < 0 ? target : target.slice(0, question);
}

/** The full URL of a request: the target when absolute, else `http://host[:port]target`. */
function fullUrl(event: unknown, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return target;
  const host = readFlatPath(event, 'host') ?? readFlatPath(event, 'http.hostname');
  if (typeof host !== 'string' || host === '' || host === '-') return undefined;
  const port = Number(
    readFlatPath(event, 'id.resp_p') ??
      readFlatPath(event, 'http.http_port') ??
      readFlatPath(event, 'dest_port'),
  );
  const portText = Number.isInteger(port) && port > 0 && port !== 80 ? `:${port}` : '';
  return `http://${host}${portText}${target}`;
}

/** One part of a request target (see {@link UriPart}); `undefined` when it has none. */
export function uriPart(uri: string, part: Exclude<UriPart, 'uri-and-url'>): string | undefined {
  switch (part) {
    case 'uri':
      return uri;
    case 'path':
      return uriPath(uri);
    case 'query': {
      const question = uri.indexOf('?');
      return question < 0 ? undefined : uri.slice(question + 1);
    }
    case 'extension': {
      const path = uriPath(uri);
      const name = path.slice(path.lastIndexOf('/') + 1);
      const dot = name.lastIndexOf('.');
      return dot <= 0 ? undefined : name.slice(dot + 1);
    }
  }
}

/** The getter of one Sigma field of a network table: `field` itself, then its flat paths. */
export function flatNetworkGetter(field: string, source: FlatNetworkField): SigmaFieldGetter {
  const paths = [field, ...source.paths];
  const part = source.part ?? 'uri';
  return (event) => {
    for (const path of paths) {
      const value = readFlatPath(event, path);
      if (value === undefined) continue;
      if (path === field || part === 'uri' || typeof value !== 'string') return value;
      if (part === 'uri-and-url') {
        const url = fullUrl(event, value);
        return url === undefined || url === value ? value : [value, url];
      }
      return uriPart(value, part);
    }
    return undefined;
  };
}
