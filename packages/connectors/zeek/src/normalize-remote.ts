import type { NormalizedEvent } from '@openmdr/connector-kit';
import { buildEvent, extend, type NormalizeOptions } from '@openmdr/connector-kit/normalize';
import { mappedFields, zeekNetworkBase, zeekSource } from './normalize-common.js';
import type { ZeekFields } from './zeek-fields.js';

const SSH_MAPPED = mappedFields(
  'version',
  'auth_success',
  'client',
  'server',
  'hassh',
  'hasshServer',
  'direction',
);

/**
 * A Zeek `ssh.log` record as OCSF SSH Activity (4007): protocol version, client and server
 * HASSH, direction; a successful authentication is Open (1), a failed one Fail (4), a session
 * whose outcome Zeek could not tell Traffic (6). Client and server banners stay unmapped.
 *
 * @throws {NormalizationError} naming the field when `ts` or both endpoints are missing.
 */
export function normalizeZeekSsh(fields: ZeekFields, options?: NormalizeOptions): NormalizedEvent {
  const base = zeekNetworkBase(fields, 'ssh', SSH_MAPPED, 'tcp');
  const success = fields.boolean('auth_success');
  const hassh = fields.string('hassh');
  const hasshServer = fields.string('hasshServer');
  return buildEvent(
    'ssh_activity',
    extend(base, {
      activity_id: success === true ? 1 : success === false ? 4 : 6,
      status_id: success === true ? 1 : success === false ? 2 : undefined,
      metadata: base['metadata'] as Record<string, unknown>,
      app_protocol_name: 'ssh',
      protocol_ver: fields.string('version'),
      client_hassh:
        hassh === undefined ? undefined : { fingerprint: { algorithm_id: 20, value: hassh } },
      server_hassh:
        hasshServer === undefined
          ? undefined
          : { fingerprint: { algorithm_id: 20, value: hasshServer } },
    }),
    zeekSource('ssh', fields.record, options),
  );
}

const RDP_MAPPED = mappedFields(
  'cookie',
  'result',
  'security_protocol',
  'client_channels',
  'keyboard_layout',
  'client_build',
  'client_name',
  'desktop_width',
  'desktop_height',
  'requested_color_depth',
  'cert_type',
  'cert_count',
);

/**
 * A Zeek `rdp.log` record as OCSF RDP Activity (4005): the cookie (`identifier_cookie`, often
 * the user name), client name and build, keyboard layout, desktop size and colour depth,
 * channels as capabilities; `result` Success is a Connect Response (4) with status Success, any
 * other result a Connect Response with status Failure, no result a Connect Request (3).
 *
 * @throws {NormalizationError} naming the field when `ts` or both endpoints are missing.
 */
export function normalizeZeekRdp(fields: ZeekFields, options?: NormalizeOptions): NormalizedEvent {
  const base = zeekNetworkBase(fields, 'rdp', RDP_MAPPED, 'tcp');
  const result = fields.string('result');
  const src = base['src_endpoint'] as Record<string, unknown> | undefined;
  const depth = fields.string('requested_color_depth');
  return buildEvent(
    'rdp_activity',
    extend(base, {
      activity_id: result === undefined ? 3 : 4,
      status_id: result === undefined ? undefined : result === 'Success' ? 1 : 2,
      status_detail: result,
      metadata: base['metadata'] as Record<string, unknown>,
      app_protocol_name: 'rdp',
      src_endpoint: src && extend(src, { hostname: fields.string('client_name') }),
      identifier_cookie: fields.string('cookie'),
      protocol_ver: fields.string('client_build'),
      keyboard_info: { keyboard_layout: fields.string('keyboard_layout') },
      remote_display: {
        physical_width: fields.count('desktop_width'),
        physical_height: fields.count('desktop_height'),
        color_depth: depth === undefined ? undefined : Number.parseInt(depth, 10) || undefined,
      },
      capabilities: fields.strings('client_channels'),
    }),
    zeekSource('rdp', fields.record, options),
  );
}
