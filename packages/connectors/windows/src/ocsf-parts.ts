import {
  baseName,
  compact,
  fingerprint,
  isEmpty,
  type OcsfPart,
  osPart,
  parentFolder,
} from '@openmdr/connector-kit/normalize';
import { OCSF_VERSION } from '@openmdr/core';
import { OCSF_CLASSES, type OcsfClassKey } from './ocsf-classes.js';
import { parseInteger, parseWindowsTime, type WindowsEvent } from './record.js';

/** A JSON object of an OCSF event (the kit's `OcsfPart`). */
export type OcsfObject = OcsfPart;

/** The OCSF schema version the normaliser writes (`OCSF_VERSION` of `@openmdr/core`). */
export const NORMALIZER_OCSF_VERSION: string = OCSF_VERSION;

/**
 * Reads `EventData` values by name and remembers which were read, so that the rest go to the
 * OCSF `unmapped` object and nothing of the record is lost.
 */
export class EventDataReader {
  readonly #data: Record<string, unknown>;
  readonly #read = new Set<string>();

  constructor(event: WindowsEvent) {
    this.#data = event.data;
  }

  /** The raw value of `name`, marked as read. */
  raw(name: string): unknown {
    this.#read.add(name);
    return this.#data[name];
  }

  /** Like {@link EventDataReader.string} but leaves the value in `unmapped`. */
  peek(name: string): string | undefined {
    const value = this.#data[name];
    if (value === null || value === undefined) return undefined;
    const text = typeof value === 'string' ? value : String(value);
    return text === '' || text === '-' ? undefined : text;
  }

  /**
   * A non-empty string (numbers and booleans are written as text). `-` and `''` count as
   * empty: they are not mapped and stay in `unmapped` as written.
   */
  string(name: string): string | undefined {
    const value = this.raw(name);
    if (value === null || value === undefined) return undefined;
    const text = typeof value === 'string' ? value : String(value);
    if (text === '' || text === '-') {
      this.#read.delete(name);
      return undefined;
    }
    return text;
  }

  /** An integer written as number, decimal or `0x` hexadecimal. */
  integer(name: string): number | undefined {
    return parseInteger(this.raw(name));
  }

  /** A Windows boolean (`true`/`false`, `1`/`0`). */
  boolean(name: string): boolean | undefined {
    const value = this.raw(name);
    if (typeof value === 'boolean') return value;
    if (value === 1 || value === '1' || value === 'true' || value === 'True') return true;
    if (value === 0 || value === '0' || value === 'false' || value === 'False') return false;
    return undefined;
  }

  /** Whether `name` is present in the record. */
  has(name: string): boolean {
    return this.#data[name] !== undefined;
  }

  /** Every value not read yet (`RuleName: '-'` and empty values are dropped). */
  rest(): OcsfObject {
    const rest: OcsfObject = {};
    for (const key in this.#data) {
      const value = this.#data[key];
      if (this.#read.has(key) || value === null || value === undefined) continue;
      if (key === 'RuleName' && (value === '-' || value === '')) continue;
      rest[key] = value;
    }
    return rest;
  }
}

/** An OCSF `file` for a path (`type_id` 1 Regular File unless given). */
export function fileFromPath(path: string, extra: OcsfObject = {}, typeId: 1 | 6 = 1): OcsfObject {
  const name = baseName(path);
  return compact({
    name,
    path,
    parent_folder: parentFolder(path),
    type_id: typeId,
    type: typeId === 6 ? 'Named Pipe' : 'Regular File',
    ...extra,
  });
}

/** Splits a Sysmon `Hashes` value (`MD5=…,SHA256=…,IMPHASH=…`) into OCSF fingerprints. */
export function parseHashes(hashes: string | undefined): OcsfObject[] | undefined {
  if (hashes === undefined) return undefined;
  const fingerprints: OcsfObject[] = [];
  for (const part of hashes.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const value = part.slice(separator + 1).trim();
    if (value === '') continue;
    fingerprints.push(fingerprint(part.slice(0, separator).trim().toUpperCase(), value));
  }
  return fingerprints.length === 0 ? undefined : fingerprints;
}

/** Splits `DOMAIN\name` into an OCSF `user`; a SID goes to `uid`. */
export function userFromAccount(account: string | undefined, sid?: string): OcsfObject | undefined {
  if (account === undefined && sid === undefined) return undefined;
  const user: OcsfObject = {};
  if (account !== undefined) {
    const separator = account.indexOf('\\');
    if (separator >= 0) {
      user.domain = account.slice(0, separator);
      user.name = account.slice(separator + 1);
    } else {
      user.name = account;
    }
  }
  if (sid !== undefined) user.uid = sid;
  return compact(user);
}

/** An OCSF `user` from separate name/domain/SID values (Security log style). */
export function userFromParts(
  name: string | undefined,
  domain: string | undefined,
  sid: string | undefined,
): OcsfObject | undefined {
  if (name === undefined && sid === undefined) return undefined;
  return compact({ name, domain, uid: sid });
}

const integrityIds: Record<string, number> = {
  untrusted: 1,
  low: 2,
  medium: 3,
  high: 4,
  system: 5,
  protected: 6,
};

/** OCSF `integrity` / `integrity_id` for a Windows integrity level name. */
export function integrity(level: string | undefined): OcsfObject {
  if (level === undefined) return {};
  const id = integrityIds[level.toLowerCase()];
  return id === undefined
    ? { integrity: level, integrity_id: 99 }
    : { integrity: level, integrity_id: id };
}

const mandatoryLabels: Record<string, string> = {
  'S-1-16-0': 'Untrusted',
  'S-1-16-4096': 'Low',
  'S-1-16-8192': 'Medium',
  'S-1-16-8448': 'Medium',
  'S-1-16-12288': 'High',
  'S-1-16-16384': 'System',
  'S-1-16-20480': 'Protected',
};

/** The integrity level name for a mandatory-label SID (Security 4688 `MandatoryLabel`). */
export function integrityFromLabel(label: string | undefined): string | undefined {
  return label === undefined ? undefined : (mandatoryLabels[label.toUpperCase()] ?? label);
}

/** A GUID without braces when it has the UUID shape, otherwise `undefined`. */
export function guid(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const bare = value.replace(/^\{|\}$/g, '');
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(bare)
    ? bare
    : undefined;
}

/** A port in 0–65535, or `undefined`. */
export function port(value: number | undefined): number | undefined {
  return value !== undefined && value >= 0 && value <= 65535 ? value : undefined;
}

/** The `device.os` of Windows records, and of Sysmon for Linux records. */
const WINDOWS = osPart({ name: 'Windows' });
const LINUX = osPart({ name: 'Linux' });

const severityByLevel: Record<number, [number, string]> = {
  1: [5, 'Critical'],
  2: [3, 'Medium'],
  3: [2, 'Low'],
};

/** Options for {@link buildWindowsEvent}. */
export interface WindowsEventOptions {
  /** Keep the original record as a JSON string in `raw_data`. */
  rawData?: string | undefined;
  /** Product name for `metadata.product.name`. */
  productName: string;
  /** `metadata.profiles`. */
  profiles?: string[];
  /** Windows `System.Level` (maps to `severity_id`). */
  level?: number | undefined;
  /** The event time (epoch ms) when the data carries a better one than `TimeCreated`. */
  time?: number | undefined;
  /** A label for activity 99 (Other). */
  activityName?: string;
}

/**
 * Builds an OCSF event: classification (`class_uid`, `category_uid`, `activity_id`, `type_uid`
 * and their captions), `time`, `severity_id`, `metadata` (product, version, log name/provider,
 * event code, record id), `device`, the class-specific attributes and `unmapped`.
 */
export function buildWindowsEvent(
  event: WindowsEvent,
  classKey: OcsfClassKey,
  activityId: number,
  attributes: OcsfObject,
  unmapped: OcsfObject,
  options: WindowsEventOptions,
): OcsfObject {
  const info = OCSF_CLASSES[classKey];
  const activities: Record<number, string> = info.activities;
  const activityName =
    activityId === 99 && options.activityName !== undefined
      ? options.activityName
      : (activities[activityId] ?? 'Unknown');
  const [severityId, severity] = severityByLevel[options.level ?? 0] ?? [1, 'Informational'];
  const metadata: OcsfObject = compact({
    version: NORMALIZER_OCSF_VERSION,
    product: { name: options.productName, vendor_name: 'Microsoft' },
    log_name: event.channel,
    log_provider: event.provider,
    event_code: String(event.eventId),
    uid: event.recordId,
    original_time: event.systemTime,
    logged_time: event.timeCreated,
    // `host` enables actor/device on every class (they are profile attributes in IAM and
    // network classes).
    profiles: options.profiles ?? ['host'],
  });
  const ocsfEvent: OcsfObject = {
    class_uid: info.uid,
    class_name: info.name,
    category_uid: info.categoryUid,
    category_name: info.categoryName,
    activity_id: activityId,
    activity_name: activityName,
    type_uid: info.uid * 100 + activityId,
    type_name: `${info.name}: ${activities[activityId] ?? 'Unknown'}`,
    time: options.time ?? event.timeCreated,
    severity_id: severityId,
    severity,
    metadata,
    device: compact({
      hostname: event.computer,
      type_id: 0,
      type: 'Unknown',
      os: { ...(event.provider.startsWith('Linux-') ? LINUX : WINDOWS) },
    }),
  };
  // Attribute objects are built compact by the mappers: drop only top-level empties here.
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined) continue;
    if (typeof value === 'object' && isEmpty(value)) continue;
    ocsfEvent[key] = value;
  }
  if (ocsfEvent.device !== undefined && (ocsfEvent.device as OcsfObject).hostname === undefined) {
    // A device needs an identifier: without a computer name there is no device.
    delete ocsfEvent.device;
  }
  if (!isEmpty(unmapped)) ocsfEvent.unmapped = unmapped;
  if (options.rawData !== undefined) ocsfEvent.raw_data = options.rawData;
  return ocsfEvent;
}

/** The time of a Sysmon record: `UtcTime` when present and valid. */
export function sysmonTime(reader: EventDataReader): number | undefined {
  const utc = reader.string('UtcTime');
  return utc === undefined ? undefined : parseWindowsTime(utc);
}
