import { NormalizationError, type NormalizedEvent } from '@openmdr/connector-kit';
import { buildEvent, extend, type NormalizeOptions } from '@openmdr/connector-kit/normalize';
import {
  mappedFields,
  zeekNetworkBase,
  zeekSessionActivity,
  zeekSource,
} from './normalize-common.js';
import type { ZeekFields } from './zeek-fields.js';

const KERBEROS_MAPPED = mappedFields(
  'request_type',
  'client',
  'service',
  'success',
  'error_msg',
  'error_code',
);

/** The user of a Kerberos principal `alice/admin@EXAMPLE.COM` or `alice/EXAMPLE.COM`. */
function principalUser(principal: string): { name: string; domain?: string | undefined } {
  const at = principal.lastIndexOf('@');
  if (at > 0) return { name: principal.slice(0, at), domain: principal.slice(at + 1) };
  const slash = principal.indexOf('/');
  return slash > 0
    ? { name: principal.slice(0, slash), domain: principal.slice(slash + 1) }
    : { name: principal };
}

/**
 * A Zeek `kerberos.log` record as OCSF Authentication (3002), protocol Kerberos: AS requests are
 * Authentication Ticket (3), TGS requests Service Ticket Request (4); the client principal is the
 * user, the service principal the service, `success` the status with `error_msg` as detail.
 *
 * @throws {NormalizationError} naming the field when `ts`, `client` or both endpoints are
 *   missing.
 */
export function normalizeZeekKerberos(
  fields: ZeekFields,
  options?: NormalizeOptions,
): NormalizedEvent {
  const base = zeekNetworkBase(fields, 'kerberos', KERBEROS_MAPPED);
  const client = fields.requireString('client');
  const type = fields.string('request_type')?.toUpperCase();
  const success = fields.boolean('success');
  const service = fields.string('service');
  if (service === undefined && base['dst_endpoint'] === undefined) {
    throw new NormalizationError('Zeek kerberos record has neither service nor id.resp_h', {
      path: 'service',
    });
  }
  return buildEvent(
    'authentication',
    extend(base, {
      connection_info: undefined,
      activity_id: type === 'AS' ? 3 : type === 'TGS' ? 4 : 99,
      activity_name: type === 'AS' || type === 'TGS' ? undefined : (type ?? 'Kerberos request'),
      metadata: base['metadata'] as Record<string, unknown>,
      auth_protocol_id: 2,
      user: principalUser(client),
      service: service === undefined ? undefined : { name: service },
      status_id: success === true ? 1 : success === false ? 2 : undefined,
      status_detail: fields.string('error_msg'),
      status_code: fields.string('error_code'),
      is_remote: true,
    }),
    zeekSource('kerberos', fields.record, options),
  );
}

const NTLM_MAPPED = mappedFields(
  'username',
  'hostname',
  'domainname',
  'server_nb_computer_name',
  'server_dns_computer_name',
  'server_tree_name',
  'success',
  'status',
);

/**
 * A Zeek `ntlm.log` record as OCSF Authentication (3002), Logon (1) with protocol NTLM: the user
 * and domain, the client's host name on `src_endpoint`, the server's NetBIOS/DNS name on
 * `dst_endpoint`, `success` (or `status`) as the outcome.
 *
 * An exchange that names no user (anonymous, or not finished) is Network Activity with the
 * application protocol `ntlm` instead.
 *
 * @throws {NormalizationError} naming the field when `ts` or both endpoints are missing.
 */
export function normalizeZeekNtlm(fields: ZeekFields, options?: NormalizeOptions): NormalizedEvent {
  const base = zeekNetworkBase(fields, 'ntlm', NTLM_MAPPED, 'tcp');
  const username = fields.string('username');
  // An anonymous or unfinished exchange names no user: no Authentication to make of it.
  if (username === undefined) return zeekSessionActivity(fields, 'ntlm', 'ntlm', options);
  const status = fields.string('status');
  const success =
    fields.boolean('success') ?? (status === undefined ? undefined : status === 'SUCCESS');
  const src = base['src_endpoint'] as Record<string, unknown> | undefined;
  const dst = base['dst_endpoint'] as Record<string, unknown> | undefined;
  if (dst === undefined) {
    throw new NormalizationError('Zeek ntlm record has no id.resp_h (the server is required)', {
      path: 'id.resp_h',
    });
  }
  const serverName =
    fields.string('server_dns_computer_name') ?? fields.string('server_nb_computer_name');
  return buildEvent(
    'authentication',
    extend(base, {
      connection_info: undefined,
      activity_id: 1,
      metadata: base['metadata'] as Record<string, unknown>,
      auth_protocol_id: 1,
      user: { name: username, domain: fields.string('domainname') },
      src_endpoint: src && extend(src, { hostname: fields.string('hostname') }),
      dst_endpoint: dst && extend(dst, { hostname: serverName }),
      status_id: success === true ? 1 : success === false ? 2 : undefined,
      status_detail: status,
      is_remote: true,
    }),
    zeekSource('ntlm', fields.record, options),
  );
}
