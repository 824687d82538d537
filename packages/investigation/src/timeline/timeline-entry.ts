import { entitiesOf, hostNodeId, hostOf, userOf } from './entry-entities.js';
import { summarizeEvent } from './entry-summary.js';
import { eventEntryId, recordDigestId } from './event-entry-id.js';
import { arr, at, num, obj, oneLine, str } from './ocsf-read.js';
import { rawRecordTime } from './raw-time.js';
import type { TimelineEntry } from './timeline-types.js';

/** Options of {@link timelineEntry}. */
export interface TimelineEntryOptions {
  /** The entry's `source`, overriding what the record's metadata names. */
  source?: string;
  /** Added to the reported time (see `ClockSkew`); default 0. */
  offsetMs?: number;
}

const TECHNIQUE = /\bT\d{4}(?:\.\d{3})?\b/g;

/** The OCSF class uids of findings (category 2) and the class names that say `Finding`. */
function isFinding(event: Readonly<Record<string, unknown>>): boolean {
  const classUid = num(event, 'class_uid');
  if (classUid !== undefined && classUid >= 2000 && classUid < 3000) return true;
  return obj(event['finding_info']) !== undefined;
}

/**
 * Where an event came from: `metadata.log_name` (`Microsoft-Windows-Sysmon/Operational`,
 * `Security`), qualified by the product for a short log name (`zeek.conn`), else
 * `metadata.product.name`, else `unknown`.
 */
export function eventSource(event: Readonly<Record<string, unknown>>): string {
  const log = str(event, 'metadata.log_name');
  const product = str(event, 'metadata.product.name');
  if (log !== undefined) {
    if (
      product !== undefined &&
      /^[a-z0-9_.-]+$/.test(log) &&
      !log.includes(product.toLowerCase())
    ) {
      return `${product.toLowerCase()}.${log}`;
    }
    return log;
  }
  return product ?? str(event, 'metadata.log_provider') ?? 'unknown';
}

/** ATT&CK technique ids an event or finding carries (`attacks`, `finding_info.attacks`, Sysmon rule names). */
export function techniquesOf(event: Readonly<Record<string, unknown>>): string[] {
  const found = new Set<string>();
  for (const attack of [...arr(event, 'attacks'), ...arr(event, 'finding_info.attacks')]) {
    for (const path of ['sub_technique.uid', 'technique.uid']) {
      const uid = str(attack, path);
      if (uid !== undefined && /^T\d{4}(\.\d{3})?$/.test(uid)) found.add(uid);
    }
  }
  const ruleName = str(event, 'unmapped.RuleName');
  if (ruleName !== undefined) for (const match of ruleName.match(TECHNIQUE) ?? []) found.add(match);
  return [...found].sort();
}

/** The event's time: `time`, else `start_time`, else `finding_info.created_time`, else NaN. */
function eventTime(event: Readonly<Record<string, unknown>>): number {
  return (
    num(event, 'time') ??
    num(event, 'start_time') ??
    num(event, 'finding_info.created_time') ??
    num(event, 'metadata.logged_time') ??
    Number.NaN
  );
}

/**
 * The timeline line of one OCSF event or finding: id ({@link eventEntryId}), time, source, host,
 * user, class, a one-line summary (by class: process created with command line and parent,
 * network `src → dst:port`, DNS query → answers, logon type, user and source IP, API call by
 * principal on resource, finding title and severity, …), ATT&CK techniques and the graph node
 * ids it touches.
 * @param event - An OCSF event or finding.
 * @param options - The source to name and the clock offset of that source.
 * @returns The entry; `time` is NaN when the record holds no time.
 */
export function timelineEntry(
  event: Readonly<Record<string, unknown>>,
  options: TimelineEntryOptions = {},
): TimelineEntry {
  const finding = isFinding(event);
  const reportedTime = eventTime(event);
  const host = hostOf(event) ?? null;
  return {
    id: eventEntryId(event),
    time: reportedTime + (options.offsetMs ?? 0),
    reportedTime,
    source: options.source ?? eventSource(event),
    type: finding ? 'finding' : 'event',
    className: str(event, 'class_name') ?? null,
    classUid: num(event, 'class_uid') ?? null,
    host,
    user: userOf(event) ?? null,
    summary: summarizeEvent(event, finding),
    entities: entitiesOf(event),
    techniques: techniquesOf(event),
    severity: finding ? (str(event, 'severity') ?? null) : null,
  };
}

/**
 * The timeline line of a record that could not be normalised, so it still appears: time from
 * the usual raw fields (see {@link rawRecordTime}), source the Windows channel or `raw`, host
 * the Windows `Computer` or a `host`/`hostname` field, and a summary naming the provider and
 * EventID when present and why it was not normalised.
 * @param record - The raw record.
 * @param reason - Why it could not be normalised (one sentence).
 * @param options - The source to name and the clock offset of that source.
 */
export function rawTimelineEntry(
  record: unknown,
  reason: string,
  options: TimelineEntryOptions = {},
): TimelineEntry {
  const system = at(record, 'Event.System') ?? at(record, 'System') ?? at(record, 'winlog');
  const provider =
    str(system, 'Provider.#attributes.Name') ??
    str(system, 'Provider.Name') ??
    str(system, 'Provider') ??
    str(system, 'provider_name') ??
    str(record, 'provider');
  const eventId =
    str(system, 'EventID.#text') ??
    str(system, 'EventID') ??
    str(system, 'event_id') ??
    str(record, 'EventID');
  const channel = str(system, 'Channel') ?? str(system, 'channel') ?? str(record, 'Channel');
  const host =
    str(system, 'Computer') ??
    str(system, 'computer_name') ??
    str(record, 'host.name') ??
    str(record, 'hostname') ??
    str(record, 'host') ??
    null;
  const reportedTime = rawRecordTime(record) ?? Number.NaN;
  const what =
    provider !== undefined || eventId !== undefined
      ? `${provider ?? 'record'}${eventId === undefined ? '' : ` EventID ${eventId}`}`
      : 'Record';
  return {
    id: recordDigestId(record),
    time: reportedTime + (options.offsetMs ?? 0),
    reportedTime,
    source: options.source ?? channel ?? provider ?? 'raw',
    type: 'event',
    className: null,
    classUid: null,
    host,
    user: null,
    summary: oneLine(`${what} (not normalised: ${reason})`),
    entities: host === null ? [] : [hostNodeId(host)],
    techniques: [],
    severity: null,
  };
}
