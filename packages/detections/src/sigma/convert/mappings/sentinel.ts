/**
 * The `sentinel` mapping: Windows events in a Microsoft Sentinel (Log Analytics) workspace.
 *
 * - **Sysmon** events are read through the `Sysmon` parser function that Microsoft Sentinel's
 *   Sysmon content deploys over the `Event` table: it projects each Sysmon event's data as
 *   columns under Sysmon's own names (`Image`, `CommandLine`, `TargetObject`, …) beside
 *   `EventID`. Process creation is Sysmon event 1 (a tenant reading Security 4688 instead maps
 *   `process_creation` to `SecurityEvent` with `Image: NewProcessName`).
 * - The **Security** channel is the `SecurityEvent` table, whose columns carry the event data
 *   names (`TargetUserName`, `ServiceName`, …), `EventID`, and the provider as
 *   `EventSourceName`.
 * - **Every other channel** is the `WindowsEvent` table (Windows Forwarded Events / Azure
 *   Monitor Agent): `Channel` and `EventID` are columns, the event data is the dynamic
 *   `EventData` column. Its entries rename every field through the template `'*':
 *   'EventData.*'` (applied by the KQL backend to fields the entry does not rename), so
 *   `ServiceName` is read as `tostring(EventData.ServiceName)`.
 *
 * @module
 */
import type { SigmaLogsourceMapping, SigmaQueryMapping } from '../types.js';
import { WINDOWS_CATEGORY_SOURCES, WINDOWS_SERVICE_CHANNELS } from './windows-event-sources.js';

/** The `WindowsEvent` columns; every other field is a property of `EventData`. */
const WINDOWS_EVENT_FIELDS: Readonly<Record<string, string>> = {
  '*': 'EventData.*',
  EventID: 'EventID',
  Channel: 'Channel',
  Computer: 'Computer',
  Provider_Name: 'Provider',
};

const channelCondition = (service: string): string | readonly string[] => {
  const channels = WINDOWS_SERVICE_CHANNELS[service] ?? [];
  return channels.length === 1 ? (channels[0] as string) : channels;
};

const serviceEntry = (service: string): SigmaLogsourceMapping => {
  if (service === 'security') {
    return {
      product: 'windows',
      service,
      source: 'SecurityEvent',
      fields: { Provider_Name: 'EventSourceName' },
    };
  }
  if (service === 'sysmon') return { product: 'windows', service, source: 'Sysmon' };
  return {
    product: 'windows',
    service,
    source: 'WindowsEvent',
    conditions: { Channel: channelCondition(service) },
    fields: WINDOWS_EVENT_FIELDS,
  };
};

const categoryEntry = ([category, variants]: [string, (typeof WINDOWS_CATEGORY_SOURCES)[string]]):
  | SigmaLogsourceMapping
  | undefined => {
  const variant = variants[0];
  if (variant === undefined) return undefined;
  const ids = variant.eventIds.length === 1 ? (variant.eventIds[0] as number) : variant.eventIds;
  const types = variant.eventTypes;
  const eventType =
    types === undefined ? {} : { EventType: types.length === 1 ? (types[0] as string) : types };
  const product = variant.service === 'windefend' ? undefined : 'windows';
  if (variant.service === 'sysmon') {
    return { product, category, source: 'Sysmon', conditions: { EventID: ids, ...eventType } };
  }
  const renames = Object.fromEntries(
    Object.entries(variant.fields ?? {}).map(([sigma, name]) => [sigma, `EventData.${name}`]),
  );
  return {
    product,
    category,
    source: 'WindowsEvent',
    conditions: { Channel: channelCondition(variant.service), EventID: ids },
    fields: { ...WINDOWS_EVENT_FIELDS, ...renames },
  };
};

/** The `sentinel` mapping (see the module documentation). */
export const SENTINEL_MAPPING: SigmaQueryMapping = {
  name: 'sentinel',
  description:
    'Windows events in Microsoft Sentinel: Sysmon through the Sysmon parser function, the Security channel in SecurityEvent, other channels in WindowsEvent (EventData).',
  timeField: 'TimeGenerated',
  fields: {},
  unmappedFields: 'keep',
  logsources: [
    ...Object.keys(WINDOWS_SERVICE_CHANNELS).map(serviceEntry),
    ...Object.entries(WINDOWS_CATEGORY_SOURCES)
      .map(categoryEntry)
      .filter((entry): entry is SigmaLogsourceMapping => entry !== undefined),
    // Any other Windows rule (a category no channel is known for, such as file_access, or a
    // product-only rule): every channel in WindowsEvent, the rule's own predicate narrowing.
    { product: 'windows', source: 'WindowsEvent', fields: WINDOWS_EVENT_FIELDS },
  ],
};
