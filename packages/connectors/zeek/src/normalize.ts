import type { NormalizedEvent } from '@openmdr/connector-kit';
import type { NormalizeOptions } from '@openmdr/connector-kit/normalize';
import { normalizeZeekKerberos, normalizeZeekNtlm } from './normalize-auth.js';
import type { ZeekNormalizer } from './normalize-common.js';
import { normalizeZeekConn } from './normalize-conn.js';
import { normalizeZeekDhcp } from './normalize-dhcp.js';
import { normalizeZeekDns } from './normalize-dns.js';
import { normalizeZeekFiles } from './normalize-files.js';
import { normalizeZeekHttp } from './normalize-http.js';
import { normalizeZeekFtp, normalizeZeekSmtp } from './normalize-mail-ftp.js';
import { normalizeZeekNotice, normalizeZeekWeird } from './normalize-notice.js';
import { normalizeZeekRdp, normalizeZeekSsh } from './normalize-remote.js';
import {
  normalizeZeekDceRpc,
  normalizeZeekSmbFiles,
  normalizeZeekSmbMapping,
} from './normalize-smb.js';
import { normalizeZeekSsl, normalizeZeekX509 } from './normalize-tls.js';
import { ZeekFields } from './zeek-fields.js';
import { readZeekInput } from './zeek-input.js';
import type { ZeekLog } from './zeek-log.js';

/** The normaliser of each Zeek log. */
export const ZEEK_NORMALIZERS: Readonly<Record<ZeekLog, ZeekNormalizer>> = {
  conn: normalizeZeekConn,
  dns: normalizeZeekDns,
  http: normalizeZeekHttp,
  ssl: normalizeZeekSsl,
  x509: normalizeZeekX509,
  files: normalizeZeekFiles,
  notice: normalizeZeekNotice,
  weird: normalizeZeekWeird,
  ssh: normalizeZeekSsh,
  smtp: normalizeZeekSmtp,
  ftp: normalizeZeekFtp,
  rdp: normalizeZeekRdp,
  dhcp: normalizeZeekDhcp,
  kerberos: normalizeZeekKerberos,
  ntlm: normalizeZeekNtlm,
  smb_files: normalizeZeekSmbFiles,
  smb_mapping: normalizeZeekSmbMapping,
  dce_rpc: normalizeZeekDceRpc,
};

/**
 * Normalises one Zeek record to strictly valid OCSF 1.8.0. `raw` is a log file line as the
 * kit's file tail gives it (`{ text, header, path }`: JSON, or TSV with its `#` header), a JSON
 * text, or a parsed object. The log is `log` when given, else told by `_path`, `#path`, the file
 * name or the record's shape.
 *
 * @example
 * ```ts
 * normalizeZeek('{"ts":1700000000.1,"uid":"C1","id.orig_h":"192.0.2.10",…}', 'conn');
 * ```
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record cannot be
 *   read or normalised.
 */
export function normalizeZeek(
  raw: unknown,
  log?: ZeekLog,
  options?: NormalizeOptions,
): NormalizedEvent {
  const input = readZeekInput(raw, log);
  return ZEEK_NORMALIZERS[input.log](new ZeekFields(input.record), options);
}
