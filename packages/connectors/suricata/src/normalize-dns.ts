import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import {
  buildEvent,
  extend,
  isRecord,
  type OcsfPart,
  type RecordReader,
} from '@openmdr/connector-kit/normalize';
import { type EveRecord, keys } from './normalize-common.js';

/** DNS response codes by the names Suricata writes (`NOERROR`, `NXDOMAIN`) → OCSF `rcode_id`. */
const RCODE_IDS: Readonly<Record<string, number>> = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  YXDOMAIN: 6,
  YXRRSET: 7,
  NXRRSET: 8,
  NOTAUTH: 9,
  NOTZONE: 10,
};

/** DNS opcodes OCSF names (`opcode_id`): Query, Inverse Query, Status, Reserved, Notify, Update, DSO. */
const OPCODE_IDS: ReadonlySet<number> = new Set([0, 1, 2, 3, 4, 5, 6]);

/** What a DNS record of either EVE format says, in one shape. */
interface DnsRecord {
  response: boolean;
  hostname?: string | undefined;
  type?: string | undefined;
  id?: number | undefined;
}

/** The record's question: v3's `queries[0]`, or v2's `rrname`/`rrtype`. */
function question(dns: RecordReader): DnsRecord {
  const kind = dns.string('type');
  const response = kind === 'answer' || kind === 'response' || dns.boolean('qr') === true;
  // v3 `queries[]`; the `query[]` array of alert records (EVE v1 style); v2 at the top level.
  const [first] = dns.objects('queries').length > 0 ? dns.objects('queries') : dns.objects('query');
  return {
    response,
    hostname: first?.string('rrname') ?? dns.string('rrname'),
    type: first?.string('rrtype') ?? dns.string('rrtype'),
    id: dns.number('id'),
  };
}

/** OCSF `query` of a Suricata `dns` object (v2 or v3), or `undefined` when it names no host. */
export function dnsQueryOf(dns: RecordReader): OcsfPart | undefined {
  const { hostname, type, id } = question(dns);
  if (!hostname) return undefined;
  const opcode = dns.number('opcode');
  const known = opcode !== undefined && OPCODE_IDS.has(opcode);
  return {
    hostname,
    type,
    class: 'IN',
    packet_uid: id,
    opcode_id: opcode === undefined ? undefined : known ? opcode : 99,
    opcode: opcode !== undefined && !known ? String(opcode) : undefined,
  };
}

function flagIds(dns: RecordReader): number[] | undefined {
  const ids: number[] = [];
  if (dns.boolean('aa') === true) ids.push(1);
  if (dns.boolean('tc') === true) ids.push(2);
  if (dns.boolean('rd') === true) ids.push(3);
  if (dns.boolean('ra') === true) ids.push(4);
  return ids.length > 0 ? ids : undefined;
}

/** The keys of structured resource data ({@link rdataOf}). */
const STRUCTURED_RDATA = ['soa', 'sshfp', 'srv'] as const;

/**
 * The data of one resource record: its `rdata`, else the object Suricata logs for record types
 * with structured data (`soa`, `sshfp`, `srv`) as JSON text.
 */
function rdataOf(record: RecordReader): string | undefined {
  const rdata = record.string('rdata');
  if (rdata) return rdata;
  for (const key of STRUCTURED_RDATA) {
    const value = record.value(key);
    if (isRecord(value)) return JSON.stringify(value);
  }
  return undefined;
}

/**
 * OCSF `answers`: the detailed `answers[]` (v2 detailed and v3 format: `rrname`, `rrtype`,
 * `ttl`, `rdata`), else the `grouped` form (`{ "A": ["192.0.2.1"], "CNAME": ["…"] }`). Records with
 * structured data (`soa`, `sshfp`, `srv`) keep it as JSON text.
 */
function answersOf(dns: RecordReader, id: number | undefined): OcsfPart[] | undefined {
  const flags = flagIds(dns);
  const out: OcsfPart[] = [];
  for (const answer of dns.objects('answers')) {
    const rdata = rdataOf(answer);
    if (!rdata) continue;
    out.push({
      rdata,
      type: answer.string('rrtype'),
      ttl: answer.number('ttl'),
      class: 'IN',
      packet_uid: id,
      flag_ids: flags,
    });
  }
  if (out.length === 0) {
    const grouped = dns.object('grouped');
    for (const [type, values] of Object.entries(grouped?.record ?? {})) {
      if (!Array.isArray(values)) continue;
      for (const value of values) {
        const rdata =
          typeof value === 'string' ? value : isRecord(value) ? JSON.stringify(value) : undefined;
        if (rdata) out.push({ rdata, type, class: 'IN', packet_uid: id, flag_ids: flags });
      }
    }
  }
  return out.length > 0 ? out : undefined;
}

/**
 * The one answer of a version 1 record (Suricata ≤ 4 and `version: 1`: a record per answer, its
 * `rrname`, `rrtype`, `ttl` and `rdata` beside the header), or `undefined` when it has no data
 * (an answer without records, such as an NXDOMAIN).
 */
function headerAnswerOf(dns: RecordReader, id: number | undefined): OcsfPart | undefined {
  const rdata = rdataOf(dns);
  if (!rdata) return undefined;
  return {
    rdata,
    type: dns.string('rrtype'),
    ttl: dns.number('ttl'),
    class: 'IN',
    packet_uid: id,
    flag_ids: flagIds(dns),
  };
}

/** The keys of a `dns` object the mapping reads (the rest stays in `unmapped`). */
const DNS_KEYS: ReadonlySet<string> = keys(
  'type',
  'qr',
  'id',
  'rrname',
  'rrtype',
  'queries',
  'answers',
  'grouped',
  'rcode',
  'opcode',
  'aa',
  'tc',
  'rd',
  'ra',
);

/** {@link DNS_KEYS} and the answer of a version 1 record, when it was mapped. */
const DNS_V1_ANSWER_KEYS: ReadonlySet<string> = new Set([
  ...DNS_KEYS,
  'ttl',
  'rdata',
  ...STRUCTURED_RDATA,
]);

/**
 * A Suricata `dns` record → OCSF DNS Activity (4003), in every EVE format: version 1 (one record
 * per answer, `rrname`/`rrtype`/`ttl`/`rdata` at the top), version 2 (Suricata 5–7: `type`
 * `query`/`answer`, `rrname`/`rrtype` at the top, `answers[]` detailed or `grouped`) and version 3 (Suricata 8: `type` `request`/`response`, `queries[]`, `answers[]`). A query is
 * activity Query (1), an answer Response (2) with `rcode_id` and the answers.
 */
export function normalizeDns(eve: EveRecord): NormalizedEvent {
  const dns = eve.section('dns');
  if (!dns) throw new NormalizationError('dns is missing or not an object', { path: 'dns' });
  const asked = question(dns);
  const query = dnsQueryOf(dns);
  const listed = asked.response ? answersOf(dns, asked.id) : undefined;
  // A version 1 answer carries its one resource record beside the header, not in a list.
  const v1Answer = asked.response && !listed ? headerAnswerOf(dns, asked.id) : undefined;
  const answers = listed ?? (v1Answer ? [v1Answer] : undefined);
  if (!query && !answers && !asked.response) {
    throw new NormalizationError('dns.rrname is missing: a DNS query names a host', {
      path: 'dns.rrname',
    });
  }
  const rcode = dns.string('rcode')?.toUpperCase();
  const rcodeId = rcode === undefined ? undefined : (RCODE_IDS[rcode] ?? 99);
  return buildEvent(
    'dns_activity',
    extend(eve.common(), {
      activity_id: asked.response ? 2 : 1,
      severity_id: 1,
      connection_info: eve.connectionInfo(),
      query,
      answers,
      rcode_id: rcodeId,
      rcode: rcodeId === 99 ? rcode : undefined,
      response_time: asked.response ? eve.time.ms : undefined,
      query_time: asked.response ? undefined : eve.time.ms,
      unmapped: eve.unmapped({ dns: v1Answer ? DNS_V1_ANSWER_KEYS : DNS_KEYS }),
    }),
    { source: 'Suricata dns', record: eve.reader.record, options: eve.options },
  );
}
