import { NormalizationError, type NormalizedEvent } from '@openmdr/connector-kit';
import { buildEvent, macAddress, type NormalizeOptions } from '@openmdr/connector-kit/normalize';
import { COMMON_FIELDS, zeekConnectionInfo, zeekMetadata, zeekSource } from './normalize-common.js';
import type { ZeekFields } from './zeek-fields.js';

const MAPPED: ReadonlySet<string> = new Set([
  ...COMMON_FIELDS,
  'uids',
  'client_addr',
  'server_addr',
  'mac',
  'host_name',
  'client_fqdn',
  'domain',
  'assigned_addr',
  'lease_time',
  'msg_types',
  'duration',
  'trans_id',
]);

const MESSAGE_ACTIVITIES: Readonly<Record<string, number>> = {
  DISCOVER: 1,
  OFFER: 2,
  REQUEST: 3,
  DECLINE: 4,
  ACK: 5,
  NAK: 6,
  RELEASE: 7,
  INFORM: 8,
};

/**
 * A Zeek `dhcp.log` record (one per DHCP exchange since Zeek 2.6) as OCSF DHCP Activity (4004):
 * the exchange's last message type is the activity (DISCOVER … INFORM), the client (assigned or
 * client address, MAC, host name, domain) is `src_endpoint`, the server `dst_endpoint`; lease
 * time, renewal (a REQUEST without DISCOVER from a client that has an address).
 *
 * @throws {NormalizationError} naming the field when `ts` is missing, or when neither the
 *   client nor the server is known (`client_addr`).
 */
export function normalizeZeekDhcp(fields: ZeekFields, options?: NormalizeOptions): NormalizedEvent {
  const time = fields.requireTime('ts');
  const types = fields.strings('msg_types').map((type) => type.toUpperCase());
  const last = types.at(-1);
  const activity = last === undefined ? 0 : (MESSAGE_ACTIVITIES[last] ?? 99);
  const clientIp = fields.ip('assigned_addr') ?? fields.ip('client_addr') ?? fields.ip('id.orig_h');
  const mac = macAddress(fields.value('mac'));
  const hostname = fields.string('host_name');
  const serverIp = fields.ip('server_addr') ?? fields.ip('id.resp_h');
  if (
    clientIp === undefined &&
    mac === undefined &&
    hostname === undefined &&
    serverIp === undefined
  ) {
    throw new NormalizationError('Zeek dhcp record names neither client nor server', {
      path: 'client_addr',
    });
  }
  const lease = fields.number('lease_time');
  const durationS = fields.number('duration');
  return buildEvent(
    'dhcp_activity',
    {
      time,
      activity_id: activity,
      activity_name: activity === 99 ? last : undefined,
      severity_id: 1,
      metadata: zeekMetadata(fields, 'dhcp'),
      app_protocol_name: 'dhcp',
      src_endpoint:
        clientIp === undefined && mac === undefined && hostname === undefined
          ? undefined
          : { ip: clientIp, mac, hostname, domain: fields.string('domain') },
      dst_endpoint: serverIp === undefined ? undefined : { ip: serverIp },
      connection_info:
        fields.ip('id.orig_h') === undefined ? undefined : zeekConnectionInfo(fields, 'udp'),
      lease_dur: lease === undefined ? undefined : Math.round(lease),
      is_renewal:
        types.length > 0
          ? types.includes('REQUEST') &&
            !types.includes('DISCOVER') &&
            fields.ip('client_addr') !== undefined
          : undefined,
      transaction_uid: fields.string('trans_id'),
      duration: durationS === undefined ? undefined : Math.round(durationS * 1000),
      unmapped: fields.rest(MAPPED),
    },
    zeekSource('dhcp', fields.record, options),
  );
}
