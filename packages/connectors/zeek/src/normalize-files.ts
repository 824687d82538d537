import { NormalizationError, type NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  extend,
  fingerprints,
  type NormalizeOptions,
  validIp,
} from '@openmdr/connector-kit/normalize';
import { mappedFields, zeekConnectionInfo, zeekMetadata, zeekSource } from './normalize-common.js';
import type { ZeekFields } from './zeek-fields.js';

const MAPPED = mappedFields(
  'fuid',
  'source',
  'mime_type',
  'filename',
  'duration',
  'is_orig',
  'seen_bytes',
  'total_bytes',
  'md5',
  'sha1',
  'sha256',
  'tx_hosts',
  'rx_hosts',
  'conn_uids',
);

/**
 * A Zeek `files.log` record as OCSF Network File Activity (4010): the file (name, or the file
 * id when the protocol gave none; MIME type, size, MD5/SHA-1/SHA-256) sent over the connection;
 * a file the originator sent (`is_orig`) is an Upload (1), one it received a Download (2). The
 * sender is `src_endpoint`; the protocol that carried it (`source`: HTTP, SMTP, SMB…) is the
 * actor's application. Zeek before 5.0 names the hosts in `tx_hosts`/`rx_hosts` instead of `id`.
 *
 * @throws {NormalizationError} naming the field when `ts` or `fuid` is missing, or when no
 *   sender address is known (`id.orig_h`).
 */
export function normalizeZeekFiles(
  fields: ZeekFields,
  options?: NormalizeOptions,
): NormalizedEvent {
  const time = fields.requireTime('ts');
  const fuid = fields.requireString('fuid');
  const isOrig = fields.boolean('is_orig');
  const orig = fields.ip('id.orig_h');
  const resp = fields.ip('id.resp_h');
  const tx = validIp(fields.strings('tx_hosts')[0]);
  const rx = validIp(fields.strings('rx_hosts')[0]);
  const sender = tx ?? (isOrig === true ? orig : resp);
  const receiver = rx ?? (isOrig === true ? resp : orig);
  if (sender === undefined) {
    throw new NormalizationError('Zeek files record names no sending host', { path: 'id.orig_h' });
  }
  const senderPort = sender === orig ? fields.count('id.orig_p') : fields.count('id.resp_p');
  const receiverPort = receiver === orig ? fields.count('id.orig_p') : fields.count('id.resp_p');
  const source = fields.string('source');
  const durationS = fields.number('duration');
  return buildEvent(
    'network_file_activity',
    {
      time,
      activity_id: isOrig === true ? 1 : isOrig === false ? 2 : 0,
      severity_id: 1,
      metadata: extend(zeekMetadata(fields, 'files'), {
        correlation_uid: fields.string('uid') ?? fields.strings('conn_uids')[0],
      }),
      actor: { app_name: source ?? 'Zeek' },
      src_endpoint: { ip: sender, port: senderPort },
      dst_endpoint: receiver === undefined ? undefined : { ip: receiver, port: receiverPort },
      connection_info: orig === undefined ? undefined : zeekConnectionInfo(fields, 'tcp'),
      app_protocol_name: source?.toLowerCase(),
      duration: durationS === undefined ? undefined : Math.round(durationS * 1000),
      file: {
        name: fields.string('filename') ?? fuid,
        uid: fuid,
        type_id: 1,
        mime_type: fields.string('mime_type'),
        size: fields.count('total_bytes') ?? fields.count('seen_bytes'),
        hashes: fingerprints({
          md5: fields.string('md5'),
          sha1: fields.string('sha1'),
          sha256: fields.string('sha256'),
        }),
      },
      unmapped: fields.rest(MAPPED),
    },
    zeekSource('files', fields.record, options),
  );
}
