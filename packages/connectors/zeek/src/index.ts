/**
 * `@openmdr/connector-zeek`: the Zeek connector — one stream per Zeek log, tailed from the log
 * directory (JSON, Corelight JSON or classic TSV; rotation, gzip and restarts handled by the
 * kit's file source) and normalised to OCSF 1.8.0: conn, ssl, x509 and dce_rpc to Network
 * Activity, dns, http, ssh, rdp, smtp, ftp, dhcp, smb_files/smb_mapping to their protocol
 * classes, files to Network File Activity, kerberos and ntlm to Authentication, notice and weird
 * to Detection Finding. Community ID v1 is computed for records that lack one.
 *
 * @packageDocumentation
 */

export { NormalizationError } from '@openmdr/connector-kit';
export type { NormalizeOptions, NormalizeSource } from '@openmdr/connector-kit/normalize';
export { type ZeekConfig, zeekConfigSchema, zeekGlob } from './config.js';
export { zeekConnector } from './connector.js';
export { normalizeZeek, ZEEK_NORMALIZERS } from './normalize.js';
export { normalizeZeekKerberos, normalizeZeekNtlm } from './normalize-auth.js';
export { ZEEK_PRODUCT, type ZeekNormalizer } from './normalize-common.js';
export { connActivityId, normalizeZeekConn } from './normalize-conn.js';
export { normalizeZeekDhcp } from './normalize-dhcp.js';
export { normalizeZeekDns } from './normalize-dns.js';
export { normalizeZeekFiles } from './normalize-files.js';
export { normalizeZeekHttp } from './normalize-http.js';
export { mailAddress, normalizeZeekFtp, normalizeZeekSmtp } from './normalize-mail-ftp.js';
export { normalizeZeekNotice, normalizeZeekWeird } from './normalize-notice.js';
export { normalizeZeekRdp, normalizeZeekSsh } from './normalize-remote.js';
export {
  normalizeZeekDceRpc,
  normalizeZeekSmbFiles,
  normalizeZeekSmbMapping,
} from './normalize-smb.js';
export { zeekNormalizeSources } from './normalize-sources.js';
export {
  normalizeZeekSsl,
  normalizeZeekX509,
  tlsVersion,
  zeekCertificate,
} from './normalize-tls.js';
export { readZeekLog, zeekStream, zeekStreams } from './streams.js';
export {
  parseZeekHeader,
  parseZeekTsvLine,
  unescapeZeek,
  type ZeekTsvHeader,
} from './tsv.js';
export { ZeekFields } from './zeek-fields.js';
export { readZeekInput, type ZeekInput, type ZeekLine } from './zeek-input.js';
export {
  isZeekLog,
  type KebabLog,
  ZEEK_LOGS,
  type ZeekLog,
  type ZeekStreamId,
  zeekLogOfFileName,
  zeekLogOfPath,
  zeekLogOfShape,
  zeekStreamId,
} from './zeek-log.js';
