import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import { buildEvent, extend, filePart } from '@openmdr/connector-kit/normalize';
import { type EveRecord, keys } from './normalize-common.js';

/** The fields of `fileinfo` a file record maps (the rest stays in `unmapped`). */
const FILEINFO_LEFTOVERS = {
  fileinfo: keys('filename', 'md5', 'sha1', 'sha256', 'size', 'file_id'),
};

/**
 * A Suricata `fileinfo` record (a file seen in HTTP, SMTP, FTP, SMB or NFS traffic) → OCSF
 * Network File Activity (4010): the file (name, path as transferred, size, MD5/SHA-1/SHA-256
 * when Suricata hashed it), Upload (1) for an HTTP POST or PUT, Download (2) otherwise; the
 * application protocol that carried it is the actor (`app_name`).
 */
export function normalizeFileinfo(eve: EveRecord): NormalizedEvent {
  const info = eve.section('fileinfo');
  if (!info) {
    throw new NormalizationError('fileinfo is missing or not an object', { path: 'fileinfo' });
  }
  const filename = info.string('filename');
  if (!filename) {
    throw new NormalizationError('fileinfo.filename is missing or not a string', {
      path: 'fileinfo.filename',
    });
  }
  const method = eve.reader.string('http.http_method')?.toUpperCase();
  const upload = method === 'POST' || method === 'PUT';
  const common = eve.common();
  const file = filePart({
    path: filename,
    md5: info.string('md5'),
    sha1: info.string('sha1'),
    sha256: info.string('sha256'),
    size: info.number('size'),
    extra: { uid: info.string('file_id') },
  });
  return buildEvent(
    'network_file_activity',
    extend(common, {
      activity_id: upload ? 1 : 2,
      severity_id: 1,
      actor: { app_name: (common['app_protocol_name'] as string | undefined) ?? 'unknown' },
      connection_info: eve.connectionInfo(),
      file,
      unmapped: eve.unmapped(FILEINFO_LEFTOVERS),
    }),
    { source: 'Suricata fileinfo', record: eve.reader.record, options: eve.options },
  );
}
