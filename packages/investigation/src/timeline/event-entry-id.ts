import { createHash } from 'node:crypto';

/**
 * Serialises a value as canonical JSON: object keys sorted (by code unit), `undefined` members
 * left out, arrays in order, no whitespace. Two records with the same content give the same text
 * whatever order their keys were written in.
 * @param value - Any JSON-like value.
 * @returns The canonical JSON text (`null` for `undefined` at the top level).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const member = record[key];
    if (member === undefined || typeof member === 'function') continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${parts.join(',')}}`;
}

/** The digest id of any record: `sha256:` and the hex SHA-256 of its {@link canonicalJson}. */
export function recordDigestId(record: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(record)).digest('hex')}`;
}

function nonEmptyString(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function member(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object'
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/**
 * The stable id of an OCSF event or finding, shared by the timeline and the graph's evidence: a
 * finding's `finding_info.uid`; else the record's `metadata.uid`, qualified by host and log
 * (`<host>/<log_name>/<uid>`) when the event names its log (`metadata.log_name`), because a log's
 * record number — a Windows `EventRecordID` — is unique only within one log of one host; else a
 * digest of its content (`sha256:<hex>` of the canonical JSON, keys sorted). The same record gives
 * the same id in every run and from every batch.
 * @param event - An OCSF event or finding, as a plain object.
 * @returns The id.
 * @example
 * ```ts
 * eventEntryId({ metadata: { uid: 'a1' } }); // 'a1'
 * eventEntryId({ metadata: { uid: '6575', log_name: 'Security' }, device: { hostname: 'WS1' } }); // 'ws1/Security/6575'
 * eventEntryId({ class_uid: 1007, time: 1 }); // 'sha256:…'
 * ```
 */
export function eventEntryId(event: Readonly<Record<string, unknown>>): string {
  const findingUid = nonEmptyString(member(member(event, 'finding_info'), 'uid'));
  if (findingUid !== undefined) return findingUid;
  const metadata = member(event, 'metadata');
  const metadataUid = nonEmptyString(member(metadata, 'uid'));
  if (metadataUid !== undefined) {
    const log = nonEmptyString(member(metadata, 'log_name'));
    if (log === undefined) return metadataUid;
    const device = member(event, 'device');
    const host =
      nonEmptyString(member(device, 'hostname')) ??
      nonEmptyString(member(device, 'name')) ??
      nonEmptyString(member(device, 'uid')) ??
      '';
    return `${host.toLowerCase()}/${log}/${metadataUid}`;
  }
  return recordDigestId(event);
}
