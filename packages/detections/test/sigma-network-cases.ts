import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One rule's positive and near-miss records (the fields that differ from the base record). */
export interface NetworkCase {
  /** The rule file, relative to the SigmaHQ repository. */
  readonly rule: string;
  /** The Zeek log of the records (Zeek cases only). */
  readonly log?: string;
  readonly match: Record<string, unknown>;
  readonly miss: Record<string, unknown>;
}

const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(
      fileURLToPath(new URL(`./fixtures/sigma-network/${name}`, import.meta.url)),
      'utf8',
    ),
  );

/** Flat Zeek records, one positive and one near miss per rule. */
export const ZEEK_CASES = fixture('zeek-cases.json') as readonly NetworkCase[];

/** Suricata EVE records, one positive and one near miss per rule. */
export const SURICATA_CASES = fixture('suricata-cases.json') as readonly NetworkCase[];

/** The OCSF form of each case's records, keyed `<rule>#match` / `<rule>#miss`. */
export const OCSF_EVENTS = fixture('ocsf-events.json') as Readonly<
  Record<string, { readonly source: 'zeek' | 'suricata'; readonly event: unknown }>
>;

/** The responder port and transport of each Zeek log's base record. */
const LOG_PORTS: Readonly<Record<string, [number, string]>> = {
  conn: [443, 'tcp'],
  dns: [53, 'udp'],
  http: [80, 'tcp'],
  dce_rpc: [135, 'tcp'],
  smb_files: [445, 'tcp'],
  kerberos: [88, 'tcp'],
  rdp: [3389, 'tcp'],
};

/**
 * The full Zeek record of a case: a time, and (every log but x509, which names no connection)
 * a connection uid and `id` from a workstation to a server, the case's fields over them. No
 * `_path`: Zeek's own JSON writer names no log.
 */
export function zeekRecord(log: string, fields: Record<string, unknown>): Record<string, unknown> {
  const [port, proto] = LOG_PORTS[log] ?? [443, 'tcp'];
  const connection =
    log === 'x509'
      ? {}
      : {
          uid: 'CNet0001',
          'id.orig_h': '10.1.2.3',
          'id.orig_p': 49733,
          'id.resp_h': '203.0.113.7',
          'id.resp_p': port,
          ...(log === 'conn' || log === 'dns' ? { proto } : {}),
        };
  return { ts: 1767225600.25, ...connection, ...fields };
}
