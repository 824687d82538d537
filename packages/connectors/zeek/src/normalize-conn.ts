import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  extend,
  macAddress,
  type NormalizeOptions,
  trafficPart,
} from '@openmdr/connector-kit/normalize';
import { mappedFields, zeekNetworkBase, zeekSource } from './normalize-common.js';
import type { ZeekFields } from './zeek-fields.js';

const MAPPED = mappedFields(
  'duration',
  'orig_bytes',
  'resp_bytes',
  'orig_pkts',
  'resp_pkts',
  'missed_bytes',
  'conn_state',
  'history',
  'service',
  'local_orig',
  'local_resp',
  'orig_l2_addr',
  'resp_l2_addr',
);

/**
 * OCSF Network Activity `activity_id` of a Zeek `conn_state`: SF (normal close) Close (2),
 * REJ Refuse (5), RST* Reset (3), S0 (attempt, no reply) Fail (4), S1 (established, not closed)
 * Open (1), everything else (S2, S3, SH, SHR, OTH, unknown) Traffic (6).
 */
export function connActivityId(state: string | undefined): number {
  switch (state) {
    case 'SF':
      return 2;
    case 'REJ':
      return 5;
    case 'RSTO':
    case 'RSTR':
    case 'RSTOS0':
    case 'RSTRH':
      return 3;
    case 'S0':
      return 4;
    case 'S1':
      return 1;
    default:
      return 6;
  }
}

/**
 * A Zeek `conn.log` record as OCSF Network Activity (4001): endpoints (with MAC addresses when
 * logged), `connection_info` (uid, transport, direction from `local_orig`/`local_resp`,
 * Community ID given or computed), `traffic` (bytes and packets each way), duration, the
 * application protocol from `service`, `conn_state` as activity and `status_detail`, the TCP
 * `history` as `flag_history`.
 *
 * @throws {NormalizationError} naming the field when `ts` or both endpoints are missing.
 */
export function normalizeZeekConn(fields: ZeekFields, options?: NormalizeOptions): NormalizedEvent {
  const base = zeekNetworkBase(fields, 'conn', MAPPED);
  const state = fields.string('conn_state');
  const bytesOut = fields.count('orig_bytes');
  const bytesIn = fields.count('resp_bytes');
  const packetsOut = fields.count('orig_pkts');
  const packetsIn = fields.count('resp_pkts');
  const durationS = fields.number('duration');
  const duration = durationS === undefined ? undefined : Math.round(durationS * 1000);
  const time = base['time'] as number;
  const src = base['src_endpoint'] as Record<string, unknown> | undefined;
  const dst = base['dst_endpoint'] as Record<string, unknown> | undefined;
  return buildEvent(
    'network_activity',
    extend(base, {
      activity_id: connActivityId(state),
      metadata: base['metadata'] as Record<string, unknown>,
      src_endpoint: src && extend(src, { mac: macAddress(fields.value('orig_l2_addr')) }),
      dst_endpoint: dst && extend(dst, { mac: macAddress(fields.value('resp_l2_addr')) }),
      connection_info: extend(base['connection_info'] as Record<string, unknown>, {
        flag_history: fields.string('history'),
      }),
      app_protocol_name: fields.strings('service').join(',') || undefined,
      status_detail: state,
      start_time: time,
      end_time: duration === undefined ? undefined : time + duration,
      duration,
      traffic: trafficPart({
        bytesOut,
        bytesIn,
        packetsOut,
        packetsIn,
        bytesMissed: fields.count('missed_bytes'),
      }),
    }),
    zeekSource('conn', fields.record, options),
  );
}
