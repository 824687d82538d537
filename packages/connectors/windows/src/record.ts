import { NormalizationError } from './errors.js';

/** A Windows Event Log record as exported (`{Event: {System, EventData | UserData}}`). */
export interface WindowsEventLogRecord {
  Event: {
    System: Record<string, unknown>;
    EventData?: unknown;
    UserData?: unknown;
  };
}

/** The parts of a Windows Event Log record the normaliser reads, in a flat, typed form. */
export interface WindowsEvent {
  /** `System.Provider.Name`, e.g. `Microsoft-Windows-Sysmon`. */
  provider: string;
  /** `System.EventID`. */
  eventId: number;
  /** `System.Channel`, e.g. `Security`. */
  channel: string | undefined;
  /** `System.Computer`. */
  computer: string | undefined;
  /** `System.TimeCreated.SystemTime` in epoch milliseconds. */
  timeCreated: number;
  /** `System.TimeCreated.SystemTime` as written. */
  systemTime: string;
  /** `System.EventRecordID`. */
  recordId: string | undefined;
  /** `System.Security.UserID`. */
  securityUserId: string | undefined;
  /** `System.Execution.ProcessID`. */
  executionProcessId: number | undefined;
  /** `System.Execution.ThreadID`. */
  executionThreadId: number | undefined;
  /** `EventData` (or the first element of `UserData`) with named values, `#attributes` removed. */
  data: Record<string, unknown>;
  /** The name of the EventData template (`EventData.#attributes.Name`), when exported. */
  dataName: string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function attributes(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  const attrs = value['#attributes'];
  return isRecord(attrs) ? attrs : undefined;
}

/** The text of an XML-exported value: a scalar, or an object with `#text`. */
function text(value: unknown): unknown {
  if (isRecord(value) && '#text' in value) return value['#text'];
  return value;
}

function optionalString(value: unknown): string | undefined {
  const scalar = text(value);
  if (scalar === null || scalar === undefined) return undefined;
  if (typeof scalar === 'string') return scalar;
  if (typeof scalar === 'number' || typeof scalar === 'boolean') return String(scalar);
  return undefined;
}

/**
 * Reads an integer written as a number, a decimal string or a `0x` hexadecimal string;
 * `undefined` for anything else.
 */
export function parseInteger(value: unknown): number | undefined {
  const scalar = text(value);
  if (typeof scalar === 'number') return Number.isSafeInteger(scalar) ? scalar : undefined;
  if (typeof scalar !== 'string') return undefined;
  const trimmed = scalar.trim();
  if (/^-?\d+$/.test(trimmed)) {
    const parsed = Number(trimmed);
    return Number.isSafeInteger(parsed) ? parsed : undefined;
  }
  if (/^0x[0-9a-f]+$/i.test(trimmed)) {
    const parsed = Number.parseInt(trimmed.slice(2), 16);
    return Number.isSafeInteger(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** Parses a Windows/Sysmon time (`2025-12-06T21:11:02.649150Z`, `2025-12-06 21:11:02.632`) to epoch ms. */
export function parseWindowsTime(value: string): number | undefined {
  // Fast path: `2025-12-06T21:11:02.649150Z` and `2025-12-06 21:11:02.632`.
  if (value.length >= 23 && value.charCodeAt(4) === 45 && value.charCodeAt(19) === 46) {
    const fast = Date.parse(`${value.slice(0, 10)}T${value.slice(11, 23)}Z`);
    if (!Number.isNaN(fast) && (value.length === 23 || value.endsWith('Z'))) return fast;
  }
  let iso = value.trim().replace(' ', 'T');
  if (!/(Z|[+-]\d\d:?\d\d)$/.test(iso)) iso = `${iso}Z`;
  // Date.parse keeps milliseconds; trim longer fractions so every engine accepts the string.
  iso = iso.replace(/(\.\d{3})\d+/, '$1');
  const parsed = Date.parse(iso);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Sigma reads data names without spaces (`New Value` → `NewValue`). */
function stripSpaces(name: string): string {
  return name.includes(' ') || name.includes('\t') ? name.replace(/\s+/g, '') : name;
}

/** Turns the different export shapes of `EventData` into a flat `{name: value}` map. */
function readEventData(eventData: unknown, path: string): Record<string, unknown> {
  if (eventData === null || eventData === undefined) return {};
  if (!isRecord(eventData)) {
    throw new NormalizationError(`${path} must be an object`, { path });
  }
  const data: Record<string, unknown> = {};
  const named = eventData.Data;
  if (Array.isArray(named) || (isRecord(named) && attributes(named)?.Name !== undefined)) {
    // <Data Name="x">value</Data> exported as a list of {#attributes: {Name}, #text}
    const items = Array.isArray(named) ? named : [named];
    items.forEach((item, index) => {
      const name = attributes(item)?.Name;
      if (typeof name === 'string') data[stripSpaces(name)] = text(item) ?? null;
      else data[`Data${index}`] = text(item) ?? null;
    });
  }
  const namedData =
    named !== undefined && (Array.isArray(named) || attributes(named)?.Name !== undefined);
  for (const key in eventData) {
    if (key === '#attributes' || (key === 'Data' && namedData)) continue;
    data[stripSpaces(key)] = eventData[key];
  }
  return data;
}

/** Providers whose channel is not named after them. */
const channelProviders: Record<string, string> = {
  security: 'Microsoft-Windows-Security-Auditing',
  'windows powershell': 'PowerShell',
  'powershellcore/operational': 'PowerShellCore',
};

/**
 * The provider of a record that names only its channel (some forwarders drop the provider):
 * `Security` → Microsoft-Windows-Security-Auditing, `<Provider>/Operational` → `<Provider>`.
 */
function providerOfChannel(channel: string): string | undefined {
  const known = channelProviders[channel.toLowerCase()];
  if (known !== undefined) return known;
  const slash = channel.indexOf('/');
  return slash > 0 ? channel.slice(0, slash) : undefined;
}

/**
 * Reads a raw Windows Event Log record into a {@link WindowsEvent}. A record without a provider
 * name takes it from its channel (`Security`, `<Provider>/Operational`).
 *
 * @throws {NormalizationError} when the record has no `Event.System`, no `EventID` or no
 *   readable `TimeCreated`.
 */
export function readWindowsEvent(record: unknown): WindowsEvent {
  if (!isRecord(record)) throw new NormalizationError('record must be a JSON object', { path: '' });
  const event = record.Event;
  if (!isRecord(event)) {
    throw new NormalizationError('record has no Event object', { path: 'Event' });
  }
  const system = event.System;
  if (!isRecord(system)) {
    throw new NormalizationError('record has no Event.System object', { path: 'Event.System' });
  }
  const eventId = parseInteger(system.EventID);
  if (eventId === undefined) {
    throw new NormalizationError('Event.System.EventID is missing or not an integer', {
      path: 'Event.System.EventID',
    });
  }
  const named =
    optionalString(attributes(system.Provider)?.Name) ??
    optionalString(system.Provider_Name) ??
    optionalString(system.Provider);
  const channel = optionalString(system.Channel);
  const provider = named ?? (channel === undefined ? undefined : providerOfChannel(channel));
  if (provider === undefined) {
    throw new NormalizationError('Event.System.Provider has no Name', {
      path: 'Event.System.Provider.#attributes.Name',
    });
  }
  const systemTime =
    optionalString(attributes(system.TimeCreated)?.SystemTime) ??
    optionalString(system.TimeCreated_SystemTime) ??
    optionalString(system.TimeCreated);
  const timeCreated = systemTime === undefined ? undefined : parseWindowsTime(systemTime);
  if (systemTime === undefined || timeCreated === undefined) {
    throw new NormalizationError('Event.System.TimeCreated.SystemTime is missing or not a time', {
      path: 'Event.System.TimeCreated.#attributes.SystemTime',
    });
  }
  const execution = attributes(system.Execution);
  let data: Record<string, unknown>;
  let dataName: string | undefined;
  if (event.EventData !== undefined && event.EventData !== null) {
    data = readEventData(event.EventData, 'Event.EventData');
    dataName = optionalString(attributes(event.EventData)?.Name);
  } else if (isRecord(event.UserData)) {
    // UserData holds one element whose children are the values.
    const [first] = Object.entries(event.UserData).filter(([key]) => key !== '#attributes');
    data = first === undefined ? {} : readEventData(first[1], `Event.UserData.${first[0]}`);
    dataName = first?.[0];
  } else {
    data = {};
  }
  return {
    provider,
    eventId,
    channel,
    computer: optionalString(system.Computer),
    timeCreated,
    systemTime,
    recordId: optionalString(system.EventRecordID),
    securityUserId: optionalString(attributes(system.Security)?.UserID),
    executionProcessId: parseInteger(execution?.ProcessID),
    executionThreadId: parseInteger(execution?.ThreadID),
    data,
    dataName,
  };
}
