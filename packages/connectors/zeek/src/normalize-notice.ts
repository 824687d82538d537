import { createHash } from 'node:crypto';
import type { NormalizedEvent } from '@openmdr/connector-kit';
import { buildEvent, type NormalizeOptions, type OcsfPart } from '@openmdr/connector-kit/normalize';
import { mappedFields, zeekEndpoints, zeekMetadata, zeekSource } from './normalize-common.js';
import type { ZeekFields } from './zeek-fields.js';

const NOTICE_MAPPED = mappedFields(
  'note',
  'msg',
  'sub',
  'src',
  'dst',
  'p',
  'actions',
  'fuid',
  'suppress_for',
);

const WEIRD_MAPPED = mappedFields('name', 'addl', 'notice', 'peer', 'source');

/** A stable id for a record that has no unique id of its own: a digest of its content. */
function digestOf(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** Evidence of a finding: the connection endpoints (or a notice's `src`/`dst`/`p`). */
function evidences(fields: ZeekFields): OcsfPart[] | undefined {
  const endpoints = zeekEndpoints(fields, fields.string('proto'));
  const src =
    endpoints['src_endpoint'] ?? (fields.ip('src') ? { ip: fields.ip('src') } : undefined);
  const dst =
    endpoints['dst_endpoint'] ??
    (fields.ip('dst') ? { ip: fields.ip('dst'), port: fields.count('p') } : undefined);
  if (src === undefined && dst === undefined) return undefined;
  return [{ src_endpoint: src, dst_endpoint: dst }];
}

/**
 * A Zeek `notice.log` record as OCSF Detection Finding (2004): the notice type (`note`,
 * `Scan::Port_Scan`) is the title and finding type, `msg` the description, `sub` its
 * sub-message; the connection (or `src`/`dst`/`p`) is the evidence. Severity is Medium (3), High
 * (4) when the notice raised `Notice::ACTION_ALARM` or `ACTION_EMAIL`. The finding uid is the
 * connection or file uid with the note and time, or a digest of the record.
 *
 * @throws {NormalizationError} naming the field when `ts` or `note` is missing.
 */
export function normalizeZeekNotice(
  fields: ZeekFields,
  options?: NormalizeOptions,
): NormalizedEvent {
  const time = fields.requireTime('ts');
  const note = fields.requireString('note');
  const msg = fields.string('msg');
  const actions = fields.strings('actions');
  const alarm = actions.some((action) => /ACTION_(ALARM|EMAIL|PAGE)/.test(action));
  const anchor = fields.string('uid') ?? fields.string('fuid');
  return buildEvent(
    'detection_finding',
    {
      time,
      activity_id: 1,
      severity_id: alarm ? 4 : 3,
      status_id: 1,
      metadata: zeekMetadata(fields, 'notice'),
      message: msg,
      finding_info: {
        uid: anchor === undefined ? digestOf(fields.record) : `${anchor}:${note}:${time}`,
        title: note,
        desc: [msg, fields.string('sub')].filter(Boolean).join(' — ') || undefined,
        types: ['Zeek notice', note],
        created_time: time,
        product: { name: 'Zeek', vendor_name: 'Zeek' },
      },
      evidences: evidences(fields),
      unmapped: fields.rest(NOTICE_MAPPED),
    },
    zeekSource('notice', fields.record, options),
  );
}

/**
 * A Zeek `weird.log` record (protocol anomalies: `bad_TCP_checksum`, `dns_unmatched_reply`) as
 * OCSF Detection Finding (2004) of Low severity (2): `name` is the title, `addl` the
 * description, the connection (when there is one) the evidence. Weirds are anomalies Zeek
 * reports, many without a connection, which Network Activity (requiring an endpoint) cannot hold.
 *
 * @throws {NormalizationError} naming the field when `ts` or `name` is missing.
 */
export function normalizeZeekWeird(
  fields: ZeekFields,
  options?: NormalizeOptions,
): NormalizedEvent {
  const time = fields.requireTime('ts');
  const name = fields.requireString('name');
  const uid = fields.string('uid');
  return buildEvent(
    'detection_finding',
    {
      time,
      activity_id: 1,
      severity_id: 2,
      status_id: 1,
      metadata: zeekMetadata(fields, 'weird'),
      finding_info: {
        uid: uid === undefined ? digestOf(fields.record) : `${uid}:${name}:${time}`,
        title: name,
        desc: fields.string('addl'),
        types: ['Zeek weird'],
        created_time: time,
        product: { name: 'Zeek', vendor_name: 'Zeek' },
      },
      evidences: evidences(fields),
      unmapped: fields.rest(WEIRD_MAPPED),
    },
    zeekSource('weird', fields.record, options),
  );
}
