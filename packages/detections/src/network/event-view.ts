/**
 * The attributes of OCSF 1.8 Network Activity (4001), HTTP Activity (4002) and DNS Activity
 * (4003) events that the network analytics read, read once per event into a flat view.
 *
 * | view | OCSF attribute |
 * |---|---|
 * | `time` | `time` (epoch ms) |
 * | `tenant` | `metadata.tenant_uid` (`''` when absent) |
 * | `srcIp`, `srcPort`, `srcHost` | `src_endpoint.ip`, `.port`, `.hostname` |
 * | `dstIp`, `dstPort` | `dst_endpoint.ip`, `.port` |
 * | `dstHost` | `dst_endpoint.hostname`, else `tls.sni`, else `http_request.url.hostname` |
 * | `protocol` | `connection_info.protocol_name` (lower case) |
 * | `directionId` | `connection_info.direction_id` (1 inbound, 2 outbound, 3 lateral, 4 local) |
 * | `bytesIn`, `bytesOut`, `packetsIn`, `packetsOut` | `traffic.*` (`bytes_out`: source → destination) |
 * | `failed` | see {@link connectionFailed} |
 * | `queryName`, `queryType` | `query.hostname`, `query.type` (DNS) |
 * | `rcodeId` | `rcode_id` (DNS; 3 = NXDomain) |
 * | `ja3` | `tls.ja3_hash.value` |
 * | `ja4` | the `value` of the JA4 (`type_id` 1) entry of `ja4_fingerprint_list`, else `unmapped.ja4` |
 * | `userAgent` | `http_request.user_agent` |
 */

/** What the analytics read from one network event. */
export interface NetworkEventView {
  /** The event itself (for the finding's related event). */
  readonly event: Record<string, unknown>;
  /** OCSF `class_uid`: 4001, 4002 or 4003. */
  readonly classUid: number;
  /** OCSF `activity_id`. */
  readonly activityId: number | undefined;
  /** `time`, epoch ms. */
  readonly time: number;
  /** `metadata.tenant_uid`, `''` when absent. */
  readonly tenant: string;
  /** `metadata.uid`. */
  readonly eventUid: string | undefined;
  /** `src_endpoint.ip`. */
  readonly srcIp: string | undefined;
  /** `src_endpoint.port`. */
  readonly srcPort: number | undefined;
  /** `src_endpoint.hostname`. */
  readonly srcHost: string | undefined;
  /** `dst_endpoint.ip`. */
  readonly dstIp: string | undefined;
  /** `dst_endpoint.port`. */
  readonly dstPort: number | undefined;
  /** `dst_endpoint.hostname`, else `tls.sni`, else `http_request.url.hostname`. */
  readonly dstHost: string | undefined;
  /** `connection_info.protocol_name`, lower case. */
  readonly protocol: string | undefined;
  /** `connection_info.direction_id`. */
  readonly directionId: number | undefined;
  /** `connection_info.community_uid`. */
  readonly communityUid: string | undefined;
  /** `traffic.bytes_in` (destination → source). */
  readonly bytesIn: number | undefined;
  /** `traffic.bytes_out` (source → destination). */
  readonly bytesOut: number | undefined;
  /** `traffic.packets_in`. */
  readonly packetsIn: number | undefined;
  /** `traffic.packets_out`. */
  readonly packetsOut: number | undefined;
  /** Whether the connection failed (see {@link connectionFailed}); Network Activity only. */
  readonly failed: boolean | undefined;
  /** `query.hostname` (DNS). */
  readonly queryName: string | undefined;
  /** `query.type`, upper case (DNS). */
  readonly queryType: string | undefined;
  /** `rcode_id` (DNS; 3 NXDomain). */
  readonly rcodeId: number | undefined;
  /** `tls.ja3_hash.value`. */
  readonly ja3: string | undefined;
  /** JA4 from `ja4_fingerprint_list` (`type_id` 1), else `unmapped.ja4`. */
  readonly ja4: string | undefined;
  /** `http_request.user_agent`. */
  readonly userAgent: string | undefined;
}

type Json = Record<string, unknown>;

const object = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const number = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** Zeek `conn_state` values of connections that were not established. */
const FAILED_STATES = new Set(['S0', 'REJ', 'RSTOS0', 'RSTRH', 'SH', 'SHR']);
/** Zeek `conn_state` values of established connections. */
const ESTABLISHED_STATES = new Set(['SF', 'S1', 'S2', 'S3', 'RSTO', 'RSTR']);

/**
 * Whether a Network Activity event is a connection attempt that was not established, from the
 * first of these that says:
 *
 * 1. `activity_id` 3 Reset, 4 Fail or 5 Refuse → failed;
 * 2. `status_id` 2 Failure → failed;
 * 3. Zeek's connection state, in `unmapped.conn_state` or `status_code`: `S0`, `REJ`,
 *    `RSTOS0`, `RSTRH`, `SH`, `SHR` → failed; `SF`, `S1`–`S3`, `RSTO`, `RSTR` → established;
 * 4. `connection_info.flag_history` (Zeek's `history`): an originator SYN (`S`) never answered
 *    by a SYN-ACK (`h`) → failed; one that was → established;
 * 5. packets out and none back (`traffic.packets_out` > 0, `traffic.packets_in` 0): an
 *    unanswered SYN, UDP probe or ICMP echo → failed; packets back → established.
 *
 * `undefined` when nothing says.
 */
export function connectionFailed(event: Json): boolean | undefined {
  const activity = event['activity_id'];
  if (activity === 3 || activity === 4 || activity === 5) return true;
  if (event['status_id'] === 2) return true;
  const state = text(object(event['unmapped'])?.['conn_state']) ?? text(event['status_code']);
  if (state !== undefined) {
    if (FAILED_STATES.has(state)) return true;
    if (ESTABLISHED_STATES.has(state)) return false;
  }
  const connection = object(event['connection_info']);
  const history = text(connection?.['flag_history']);
  if (history?.includes('S')) return !history.includes('h');
  const traffic = object(event['traffic']);
  if ((number(traffic?.['packets_out']) ?? 0) > 0 && number(traffic?.['packets_in']) !== undefined)
    return number(traffic?.['packets_in']) === 0;
  return undefined;
}

function ja4Of(event: Json): string | undefined {
  const list = event['ja4_fingerprint_list'];
  if (Array.isArray(list))
    for (const entry of list) {
      const fingerprint = object(entry);
      if (fingerprint?.['type_id'] === 1 && text(fingerprint['value']) !== undefined)
        return fingerprint['value'] as string;
    }
  return text(object(event['unmapped'])?.['ja4']);
}

/**
 * Reads the view of an OCSF Network (4001), HTTP (4002) or DNS (4003) Activity event;
 * `undefined` for other classes and events without a numeric `time`.
 */
export function readNetworkEvent(event: Json): NetworkEventView | undefined {
  const classUid = event['class_uid'];
  if (classUid !== 4001 && classUid !== 4002 && classUid !== 4003) return undefined;
  const time = number(event['time']);
  if (time === undefined) return undefined;
  const metadata = object(event['metadata']);
  const src = object(event['src_endpoint']);
  const dst = object(event['dst_endpoint']);
  const connection = object(event['connection_info']);
  const traffic = object(event['traffic']);
  const tls = object(event['tls']);
  const request = object(event['http_request']);
  const query = classUid === 4003 ? object(event['query']) : undefined;
  return {
    event,
    classUid,
    activityId: number(event['activity_id']),
    time,
    tenant: text(metadata?.['tenant_uid']) ?? '',
    eventUid: text(metadata?.['uid']),
    srcIp: text(src?.['ip']),
    srcPort: number(src?.['port']),
    srcHost: text(src?.['hostname']),
    dstIp: text(dst?.['ip']),
    dstPort: number(dst?.['port']),
    dstHost:
      text(dst?.['hostname']) ?? text(tls?.['sni']) ?? text(object(request?.['url'])?.['hostname']),
    protocol: text(connection?.['protocol_name'])?.toLowerCase(),
    directionId: number(connection?.['direction_id']),
    communityUid: text(connection?.['community_uid']),
    bytesIn: number(traffic?.['bytes_in']),
    bytesOut: number(traffic?.['bytes_out']),
    packetsIn: number(traffic?.['packets_in']),
    packetsOut: number(traffic?.['packets_out']),
    failed: classUid === 4001 ? connectionFailed(event) : undefined,
    queryName: text(query?.['hostname']),
    queryType: text(query?.['type'])?.toUpperCase(),
    rcodeId: classUid === 4003 ? number(event['rcode_id']) : undefined,
    ja3: text(object(tls?.['ja3_hash'])?.['value']),
    ja4: ja4Of(event),
    userAgent: text(request?.['user_agent']),
  };
}
