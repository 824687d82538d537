import { NormalizationError } from '@openmdr/connector-kit';
import {
  buildEvent,
  communityId,
  extend,
  type JsonRecord,
  type NormalizeOptions,
  type OcsfPart,
} from '@openmdr/connector-kit/normalize';
import { IP_PROTOCOL_NUMBERS } from './protocols.js';
import type { ZeekFields } from './zeek-fields.js';
import type { ZeekLog } from './zeek-log.js';

/** `metadata.product` of every Zeek event. */
export const ZEEK_PRODUCT = { name: 'Zeek', vendor_name: 'Zeek' } as const;

/** The fields {@link zeekBase} maps, common to every log. */
export const COMMON_FIELDS = [
  'ts',
  'uid',
  'id',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  '_path',
  '_system_name',
  '_write_ts',
  'community_id',
  'proto',
] as const;

/** A normaliser of one Zeek log: its record's fields in, an event out. */
export type ZeekNormalizer = (
  fields: ZeekFields,
  options?: NormalizeOptions,
) => import('@openmdr/connector-kit').NormalizedEvent;

/** The set of mapped fields of a log: the common ones and the log's own. */
export function mappedFields(...own: string[]): ReadonlySet<string> {
  return new Set<string>([...COMMON_FIELDS, ...own]);
}

/**
 * `metadata` of a Zeek event: product, log name, the connection `uid` as `correlation_uid`
 * (it joins conn, dns, http, ssl, files… records of one connection), Corelight's
 * `_system_name` as the logger and `_write_ts` as `logged_time`.
 */
export function zeekMetadata(fields: ZeekFields, log: ZeekLog): OcsfPart {
  const system = fields.string('_system_name');
  return {
    product: ZEEK_PRODUCT,
    log_name: log,
    log_provider: 'Zeek',
    correlation_uid: fields.string('uid') ?? fields.strings('uids')[0],
    loggers: system === undefined ? undefined : [{ name: system, product: ZEEK_PRODUCT }],
    logged_time: fields.time('_write_ts'),
  };
}

/** The IP protocol number of Zeek's `proto` (`icmp` of an IPv6 flow is ICMPv6, 58). */
export function protocolNumber(
  proto: string | undefined,
  ip: string | undefined,
): number | undefined {
  if (proto === undefined) return undefined;
  const number = IP_PROTOCOL_NUMBERS[proto.toLowerCase()];
  return number === 1 && ip?.includes(':') === true ? 58 : number;
}

/**
 * The originator and responder of a record's `id` as OCSF `src_endpoint` and `dst_endpoint`;
 * ICMP "ports" (type and code) are left out of `port`.
 */
export function zeekEndpoints(fields: ZeekFields, proto?: string): OcsfPart {
  const icmp = proto?.startsWith('icmp') === true;
  const srcIp = fields.ip('id.orig_h');
  const dstIp = fields.ip('id.resp_h');
  return {
    src_endpoint:
      srcIp === undefined
        ? undefined
        : { ip: srcIp, port: icmp ? undefined : fields.count('id.orig_p') },
    dst_endpoint:
      dstIp === undefined
        ? undefined
        : { ip: dstIp, port: icmp ? undefined : fields.count('id.resp_p') },
  };
}

/**
 * OCSF `direction_id` from Zeek's `local_orig`/`local_resp` (Site::local_nets): outbound from
 * a local originator to a remote responder, inbound the other way, lateral between two local
 * hosts, unknown otherwise.
 */
export function directionId(fields: ZeekFields): number {
  const localOrig = fields.boolean('local_orig');
  const localResp = fields.boolean('local_resp');
  if (localOrig === true && localResp === false) return 2;
  if (localOrig === false && localResp === true) return 1;
  if (localOrig === true && localResp === true) return 3;
  const direction = fields.string('direction')?.toUpperCase();
  if (direction === 'OUTBOUND') return 2;
  if (direction === 'INBOUND') return 1;
  return 0;
}

/**
 * OCSF `connection_info`: the connection uid, transport, direction and Community ID — the
 * record's `community_id` when it has one, else computed (v1, seed 0) from the 5-tuple.
 */
export function zeekConnectionInfo(fields: ZeekFields, proto = fields.string('proto')): OcsfPart {
  const srcIp = fields.ip('id.orig_h');
  const dstIp = fields.ip('id.resp_h');
  const protocol = protocolNumber(proto, srcIp);
  const community =
    fields.string('community_id') ??
    (srcIp !== undefined && dstIp !== undefined && protocol !== undefined
      ? communityId({
          srcIp,
          dstIp,
          protocol,
          srcPort: fields.count('id.orig_p'),
          dstPort: fields.count('id.resp_p'),
        })
      : undefined);
  return {
    uid: fields.string('uid'),
    protocol_name: proto?.toLowerCase(),
    protocol_num: protocol,
    direction_id: directionId(fields),
    community_uid: community,
  };
}

/**
 * The attributes every network-category event of a Zeek record shares: time, metadata,
 * endpoints, connection info, informational severity, and what is left in `unmapped`.
 *
 * @throws {NormalizationError} when `ts` is missing or when the record names neither endpoint
 *   (path `id.orig_h`).
 */
export function zeekNetworkBase(
  fields: ZeekFields,
  log: ZeekLog,
  mapped: ReadonlySet<string>,
  proto?: string,
): OcsfPart {
  const time = fields.requireTime('ts');
  const endpoints = zeekEndpoints(fields, proto ?? fields.string('proto'));
  if (endpoints['src_endpoint'] === undefined && endpoints['dst_endpoint'] === undefined) {
    throw new NormalizationError(
      `Zeek ${log} record has neither id.orig_h nor id.resp_h (an endpoint is required)`,
      { path: 'id.orig_h' },
    );
  }
  return {
    time,
    metadata: zeekMetadata(fields, log),
    severity_id: 1,
    src_endpoint: endpoints['src_endpoint'],
    dst_endpoint: endpoints['dst_endpoint'],
    connection_info: zeekConnectionInfo(fields, proto ?? fields.string('proto')),
    unmapped: fields.rest(mapped),
  };
}

/** `source` of {@link buildEvent} for a Zeek log record. */
export function zeekSource(
  log: ZeekLog,
  record: JsonRecord,
  options: NormalizeOptions | undefined,
): { source: string; record: JsonRecord; options: NormalizeOptions | undefined } {
  return { source: `Zeek ${log}`, record, options };
}

const SESSION_MAPPED = mappedFields();

/**
 * A record of an application log that lacks what its OCSF class requires — an SMTP session that
 * turned to STARTTLS before any envelope was seen, an NTLM exchange without a user name — as
 * Network Activity (4001), activity Traffic (6), with the application protocol: the connection
 * is kept, and every field of the record is in `unmapped`.
 */
export function zeekSessionActivity(
  fields: ZeekFields,
  log: ZeekLog,
  appProtocol: string,
  options: NormalizeOptions | undefined,
): import('@openmdr/connector-kit').NormalizedEvent {
  const base = zeekNetworkBase(fields, log, SESSION_MAPPED, 'tcp');
  return buildEvent(
    'network_activity',
    extend(base, {
      activity_id: 6,
      metadata: base['metadata'] as OcsfPart,
      app_protocol_name: appProtocol,
    }),
    zeekSource(log, fields.record, options),
  );
}
