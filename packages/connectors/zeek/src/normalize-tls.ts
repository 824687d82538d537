import { NormalizationError, type NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  extend,
  fingerprint,
  type NormalizeOptions,
  type OcsfPart,
  validIp,
} from '@openmdr/connector-kit/normalize';
import { mappedFields, zeekMetadata, zeekNetworkBase, zeekSource } from './normalize-common.js';
import type { ZeekFields } from './zeek-fields.js';

const SSL_MAPPED = mappedFields(
  'version',
  'cipher',
  'curve',
  'server_name',
  'established',
  'ja3',
  'ja3s',
  'ja4',
  'ja4s',
  'subject',
  'issuer',
  'validation_status',
  'next_protocol',
);

/** The TLS version as OCSF writes it (`1.2`, `1.3`) from Zeek's `TLSv12`, `TLSv13`, `SSLv3`… */
export function tlsVersion(version: string | undefined): string | undefined {
  if (version === undefined) return undefined;
  const tls = /^(D?TLS)v1(\d)$/.exec(version);
  if (tls) return `${tls[1] === 'DTLS' ? 'DTLS ' : ''}1.${tls[2] === '0' ? '0' : tls[2]}`;
  const ssl = /^SSLv(\d)$/.exec(version);
  if (ssl) return `SSL ${ssl[1]}.0`;
  return version;
}

/**
 * A Zeek `ssl.log` record as OCSF Network Activity (4001) with its `tls` object: version,
 * cipher, SNI, JA3/JA3S (MD5 fingerprints) and JA4 when the JA4 package logs it; an established
 * session is Traffic (6), a failed handshake Fail (4). Without a `version` (handshake not seen
 * through) there is no `tls` object (OCSF requires its version) and the fields stay unmapped.
 *
 * @throws {NormalizationError} naming the field when `ts` or both endpoints are missing.
 */
export function normalizeZeekSsl(fields: ZeekFields, options?: NormalizeOptions): NormalizedEvent {
  const version = tlsVersion(fields.string('version'));
  const mapped = version === undefined ? mappedFields('established', 'next_protocol') : SSL_MAPPED;
  const base = zeekNetworkBase(fields, 'ssl', mapped, 'tcp');
  const ja3 = fields.string('ja3');
  const ja3s = fields.string('ja3s');
  const ja4 = fields.string('ja4');
  const ja4s = fields.string('ja4s');
  const established = fields.boolean('established');
  const tls: OcsfPart | undefined =
    version === undefined
      ? undefined
      : {
          version,
          cipher: fields.string('cipher'),
          sni: fields.string('server_name'),
          ja3_hash: ja3 === undefined ? undefined : fingerprint('MD5', ja3),
          ja3s_hash: ja3s === undefined ? undefined : fingerprint('MD5', ja3s),
        };
  return buildEvent(
    'network_activity',
    extend(base, {
      activity_id: established === false ? 4 : 6,
      metadata: base['metadata'] as Record<string, unknown>,
      app_protocol_name: fields.string('next_protocol') ?? 'tls',
      tls,
      ja4_fingerprint_list: [
        ja4 === undefined ? undefined : { type_id: 1, value: ja4 },
        ja4s === undefined ? undefined : { type_id: 2, value: ja4s },
      ].filter((item) => item !== undefined),
    }),
    zeekSource('ssl', fields.record, options),
  );
}

const X509_MAPPED = new Set([
  'ts',
  'id',
  'fuid',
  'fingerprint',
  '_path',
  '_system_name',
  '_write_ts',
  'certificate.version',
  'certificate.serial',
  'certificate.subject',
  'certificate.issuer',
  'certificate.not_valid_before',
  'certificate.not_valid_after',
  'certificate',
  'san.dns',
  'san.ip',
  'san',
]);

/** The common name of an X.509 distinguished name (`CN=www.example.com,O=…`). */
function commonName(dn: string | undefined): string | undefined {
  return dn === undefined ? undefined : /(?:^|,)\s*CN=([^,]+)/.exec(dn)?.[1];
}

/**
 * An OCSF certificate from a Zeek `x509.log` record (or `undefined` without a serial or issuer,
 * which OCSF requires): serial, subject, issuer, validity, version, SHA-256 (Zeek 5+) or SHA-1
 * fingerprint, SANs (DNS names and addresses), self-signed when subject equals issuer.
 */
export function zeekCertificate(fields: ZeekFields): OcsfPart | undefined {
  const serial = fields.string('certificate.serial');
  const issuer = fields.string('certificate.issuer');
  if (serial === undefined || issuer === undefined) return undefined;
  const subject = fields.string('certificate.subject');
  const print = fields.string('fingerprint');
  const sans = [
    ...fields.strings('san.dns').map((name) => ({ name, type: 'DNS' })),
    ...fields.strings('san.ip').map((name) => ({ name, type: 'IP Address' })),
  ];
  return {
    serial_number: serial,
    issuer,
    subject,
    version: fields.string('certificate.version'),
    created_time: fields.time('certificate.not_valid_before'),
    expiration_time: fields.time('certificate.not_valid_after'),
    is_self_signed: subject === undefined ? undefined : subject === issuer,
    fingerprints:
      print === undefined
        ? undefined
        : [fingerprint(print.length === 40 ? 'SHA1' : 'SHA256', print)],
    sans,
    uid: fields.string('fuid') ?? fields.string('id'),
  };
}

/**
 * A Zeek `x509.log` record as OCSF Network Activity (4001), activity Other (99, "Certificate"),
 * with the certificate in `tls.certificate` — the mapping OCSF's own Zeek examples publish for
 * x509.log. x509.log has no connection: the endpoint is the host the certificate names (its
 * first SAN address or DNS name, else its subject CN), and `tls.version` is `unknown` because
 * the log does not carry the session's version (OCSF requires one).
 *
 * @throws {NormalizationError} naming the field when `ts`, `certificate.serial` or
 *   `certificate.issuer` is missing, or when the certificate names no host (`san.dns`).
 */
export function normalizeZeekX509(fields: ZeekFields, options?: NormalizeOptions): NormalizedEvent {
  const time = fields.requireTime('ts');
  fields.requireString('certificate.serial');
  fields.requireString('certificate.issuer');
  const certificate = zeekCertificate(fields);
  const ip = fields.strings('san.ip')[0];
  const hostname =
    fields.strings('san.dns')[0]?.replace(/^\*\./, '') ??
    commonName(fields.string('certificate.subject'));
  if (ip === undefined && hostname === undefined) {
    throw new NormalizationError('Zeek x509 record names no host (san.dns, san.ip or subject CN)', {
      path: 'san.dns',
    });
  }
  return buildEvent(
    'network_activity',
    {
      time,
      activity_id: 99,
      activity_name: 'Certificate',
      severity_id: 1,
      metadata: zeekMetadata(fields, 'x509'),
      dst_endpoint: { ip: validIp(ip), hostname: validIp(ip) === undefined ? hostname : undefined },
      tls: { version: 'unknown', certificate },
      unmapped: fields.rest(X509_MAPPED),
    },
    zeekSource('x509', fields.record, options),
  );
}
