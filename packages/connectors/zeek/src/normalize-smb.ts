import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  baseName,
  buildEvent,
  extend,
  type NormalizeOptions,
} from '@openmdr/connector-kit/normalize';
import { mappedFields, zeekNetworkBase, zeekSource } from './normalize-common.js';
import type { ZeekFields } from './zeek-fields.js';

const FILES_MAPPED = mappedFields(
  'fuid',
  'action',
  'path',
  'name',
  'size',
  'prev_name',
  'times.modified',
  'times.accessed',
  'times.created',
  'times.changed',
  'times',
);

/**
 * A Zeek `smb_files.log` record as OCSF SMB Activity (4006): `SMB::FILE_OPEN` is File Open
 * (2), every other action (read, write, delete, rename, close, set attribute) Other (99) with
 * the action's name; the share (`path`) and the file (name, path on the share, size, MAC times)
 * with the previous name of a rename kept unmapped.
 *
 * @throws {NormalizationError} naming the field when `ts` or both endpoints are missing.
 */
export function normalizeZeekSmbFiles(
  fields: ZeekFields,
  options?: NormalizeOptions,
): NormalizedEvent {
  const base = zeekNetworkBase(fields, 'smb_files', FILES_MAPPED, 'tcp');
  const action = fields.string('action');
  const activity = action === 'SMB::FILE_OPEN' ? 2 : action === undefined ? 0 : 99;
  const name = fields.string('name');
  const share = fields.string('path');
  return buildEvent(
    'smb_activity',
    extend(base, {
      activity_id: activity,
      activity_name: activity === 99 ? action?.replace(/^SMB::/, '') : undefined,
      metadata: base['metadata'] as Record<string, unknown>,
      app_protocol_name: 'smb',
      share,
      file:
        name === undefined
          ? undefined
          : {
              name: baseName(name),
              path: share === undefined ? name : `${share}\\${name}`,
              uid: fields.string('fuid'),
              type_id: 1,
              size: fields.count('size'),
              modified_time: fields.time('times.modified'),
              accessed_time: fields.time('times.accessed'),
              created_time: fields.time('times.created'),
            },
    }),
    zeekSource('smb_files', fields.record, options),
  );
}

const MAPPING_MAPPED = mappedFields('path', 'service', 'native_file_system', 'share_type');

const SHARE_TYPES: Readonly<Record<string, number>> = { DISK: 1, PIPE: 2, PRINTER: 3, PRINT: 3 };

/**
 * A Zeek `smb_mapping.log` record (a tree connect) as OCSF SMB Activity (4006), activity Other
 * (99, "Tree Connect"): the share path, its type (DISK File, PIPE Pipe, PRINTER Print), the
 * service and native file system unmapped.
 *
 * @throws {NormalizationError} naming the field when `ts` or both endpoints are missing.
 */
export function normalizeZeekSmbMapping(
  fields: ZeekFields,
  options?: NormalizeOptions,
): NormalizedEvent {
  const base = zeekNetworkBase(fields, 'smb_mapping', MAPPING_MAPPED, 'tcp');
  const shareType = fields.string('share_type')?.toUpperCase();
  const typeId = shareType === undefined ? undefined : (SHARE_TYPES[shareType] ?? 99);
  return buildEvent(
    'smb_activity',
    extend(base, {
      activity_id: 99,
      activity_name: 'Tree Connect',
      metadata: base['metadata'] as Record<string, unknown>,
      app_protocol_name: 'smb',
      share: fields.string('path'),
      share_type_id: typeId,
      share_type: typeId === 99 ? shareType : undefined,
      unmapped: extend(base['unmapped'] as Record<string, unknown> | undefined, {
        service: fields.string('service'),
        native_file_system: fields.string('native_file_system'),
      }),
    }),
    zeekSource('smb_mapping', fields.record, options),
  );
}

const DCE_MAPPED = mappedFields('rtt', 'named_pipe', 'endpoint', 'operation');

/**
 * A Zeek `dce_rpc.log` record as OCSF Network Activity (4001), Traffic (6), application protocol
 * `dce_rpc`: `endpoint::operation` (`samr::SamrLookupNamesInDomain`) as the message, the named
 * pipe and round-trip time unmapped. OCSF's `dce_rpc` object needs the interface UUID and
 * version, which dce_rpc.log does not carry, so SMB Activity's `dce_rpc` is not used.
 *
 * @throws {NormalizationError} naming the field when `ts` or both endpoints are missing.
 */
export function normalizeZeekDceRpc(
  fields: ZeekFields,
  options?: NormalizeOptions,
): NormalizedEvent {
  const base = zeekNetworkBase(fields, 'dce_rpc', DCE_MAPPED, 'tcp');
  const endpoint = fields.string('endpoint');
  const operation = fields.string('operation');
  const rtt = fields.number('rtt');
  return buildEvent(
    'network_activity',
    extend(base, {
      activity_id: 6,
      metadata: base['metadata'] as Record<string, unknown>,
      app_protocol_name: 'dce_rpc',
      message:
        endpoint === undefined && operation === undefined
          ? undefined
          : `${endpoint ?? '?'}::${operation ?? '?'}`,
      unmapped: extend(base['unmapped'] as Record<string, unknown> | undefined, {
        endpoint,
        operation,
        named_pipe: fields.string('named_pipe'),
        rtt,
      }),
    }),
    zeekSource('dce_rpc', fields.record, options),
  );
}
