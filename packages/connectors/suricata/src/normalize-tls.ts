import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import {
  buildEvent,
  extend,
  fingerprint,
  type OcsfPart,
  type RecordReader,
} from '@openmdr/connector-kit/normalize';
import { parseEveTime } from './eve-time.js';
import { type EveRecord, keys } from './normalize-common.js';

const timeOf = (text: string | undefined): number | undefined =>
  text === undefined ? undefined : parseEveTime(text)?.ms;

const hex = (text: string): string => text.replaceAll(':', '').toLowerCase();

/**
 * OCSF `certificate` of the server certificate Suricata logged (`subject`, `issuerdn`, `serial`,
 * the SHA-1 `fingerprint`, `notbefore` / `notafter` in UTC), or `undefined` without an issuer and
 * serial (which OCSF requires).
 */
function certificateOf(tls: RecordReader): OcsfPart | undefined {
  const issuer = tls.string('issuerdn');
  const serial = tls.string('serial');
  if (!issuer || !serial) return undefined;
  const sha1 = tls.string('fingerprint');
  return {
    subject: tls.string('subject'),
    issuer,
    serial_number: serial,
    fingerprints: sha1 ? [fingerprint('SHA1', hex(sha1))] : undefined,
    created_time: timeOf(tls.string('notbefore')),
    expiration_time: timeOf(tls.string('notafter')),
    is_self_signed: tls.string('subject') === issuer ? true : undefined,
  };
}

/**
 * OCSF `tls` of a Suricata `tls` object: version (Suricata's `UNDETERMINED` when it is absent,
 * OCSF requires one), SNI, JA3 / JA3S hashes (MD5), the server certificate.
 */
export function tlsOf(tls: RecordReader): OcsfPart {
  const ja3 = tls.string('ja3.hash');
  const ja3s = tls.string('ja3s.hash');
  return {
    version: tls.string('version') ?? 'UNDETERMINED',
    sni: tls.string('sni'),
    ja3_hash: ja3 ? fingerprint('MD5', ja3) : undefined,
    ja3s_hash: ja3s ? fingerprint('MD5', ja3s) : undefined,
    certificate: certificateOf(tls),
  };
}

/** OCSF `ja4_fingerprint_list` of a Suricata `tls` object (`ja4`, Suricata 7.0.5+ / 8). */
export function ja4Of(tls: RecordReader): OcsfPart[] | undefined {
  const ja4 = tls.string('ja4');
  return ja4 ? [{ type_id: 1, value: ja4 }] : undefined;
}

/** The fields of `tls` a TLS record maps (the rest stays in `unmapped`). */
const TLS_LEFTOVERS = {
  tls: keys(
    'version',
    'sni',
    'subject',
    'issuerdn',
    'serial',
    'fingerprint',
    'notbefore',
    'notafter',
    'ja4',
  ),
};

/**
 * A Suricata `tls` record (a TLS handshake) → OCSF Network Activity (4001), Traffic (6), with
 * `tls` (version, SNI, JA3/JA3S, certificate) and the JA4 fingerprint.
 */
export function normalizeTls(eve: EveRecord): NormalizedEvent {
  const tls = eve.section('tls');
  if (!tls) throw new NormalizationError('tls is missing or not an object', { path: 'tls' });
  return buildEvent(
    'network_activity',
    extend(eve.common(), {
      activity_id: 6,
      severity_id: 1,
      connection_info: eve.connectionInfo(),
      tls: tlsOf(tls),
      ja4_fingerprint_list: ja4Of(tls),
      unmapped: eve.unmapped(TLS_LEFTOVERS),
    }),
    { source: 'Suricata tls', record: eve.reader.record, options: eve.options },
  );
}
