/**
 * Network sensors → Sigma logsources: which Zeek log (`_path`, `metadata.log_name`) and which
 * Suricata EVE `event_type` each Sigma network logsource stands for, after SigmaHQ's taxonomy
 * (`product: zeek` with the log as `service`; the generic `dns`, `proxy`, `webserver` and
 * `firewall` categories).
 *
 * @module
 */
import type { SigmaLogsource } from '../field-access.js';

/** The generic Sigma categories of network logs. */
export const NETWORK_CATEGORIES: ReadonlySet<string> = new Set([
  'dns',
  'firewall',
  'proxy',
  'webserver',
]);

/**
 * Zeek log → the generic categories its records serve: `conn.log` is the `firewall` category
 * (connections seen on the wire), `dns.log` is `dns`, `http.log` is both `proxy` (client
 * requests) and `webserver` (requests to a server).
 */
export const ZEEK_LOG_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  conn: ['firewall'],
  dns: ['dns'],
  http: ['proxy', 'webserver'],
};

/** Suricata EVE `event_type` → the generic categories its records serve. */
export const SURICATA_EVENT_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  flow: ['firewall'],
  netflow: ['firewall'],
  dns: ['dns'],
  http: ['proxy', 'webserver'],
};

/** The products whose records are routed by {@link networkLogsources}. */
export type NetworkProduct = 'zeek' | 'suricata';

/**
 * The logsources of a record of Zeek log `service` (`product: 'zeek'`) or of Suricata event
 * type `service` (`product: 'suricata'`): `{product, service}` with each generic category the
 * log serves, so that `product: zeek, service: dns` rules and `category: dns` rules both apply
 * to a Zeek `dns.log` record.
 */
export function networkLogsources(product: NetworkProduct, service: string): SigmaLogsource[] {
  const categories =
    (product === 'zeek' ? ZEEK_LOG_CATEGORIES : SURICATA_EVENT_CATEGORIES)[service] ?? [];
  if (categories.length === 0) return [{ product, service }];
  return categories.map((category) => ({ product, service, category }));
}

/**
 * A caller's logsource hint widened to every logsource the record belongs to: a Zeek or
 * Suricata hint with a `service` but no `category` (`{product: 'zeek', service: 'http'}`) also
 * serves the generic categories of that log ({@link networkLogsources}); any other hint is
 * taken as it is.
 */
export function expandLogsourceHint(hint: SigmaLogsource): SigmaLogsource[] {
  if (
    (hint.product === 'zeek' || hint.product === 'suricata') &&
    hint.service !== undefined &&
    hint.category === undefined
  ) {
    return networkLogsources(hint.product, hint.service);
  }
  return [hint];
}

/**
 * The key of a network rule's field table: `zeek:<log>` for `product: zeek` rules, else the
 * generic category (`dns`, `proxy`, `webserver`, `firewall`); `undefined` for other rules.
 */
export function networkTableKey(logsource: SigmaLogsource): string | undefined {
  if (logsource.product === 'zeek') return `zeek:${logsource.service ?? ''}`;
  if (logsource.category !== undefined && NETWORK_CATEGORIES.has(logsource.category)) {
    return logsource.category;
  }
  return undefined;
}
