/**
 * The `splunk-windows` mapping: Windows Event Log and Sysmon events as the Splunk Add-on for
 * Microsoft Windows stores them with `renderXml=true`: one `source` per channel
 * (`XmlWinEventLog:<channel>`), `EventCode` for the event id, the event's data fields under
 * their own names. Process creation is read from Sysmon (event 1) and from the Security
 * channel (event 4688, whose `NewProcessName`/`ParentProcessName` are Sigma's
 * `Image`/`ParentImage`). Channels and event ids: {@link WINDOWS_CATEGORY_SOURCES}. The index
 * is left to the deployment (a tenant adds `index=…` to the sources with
 * `mergeQueryMappings`).
 *
 * @module
 */
import type { SigmaLogsourceMapping, SigmaQueryMapping } from '../types.js';
import { WINDOWS_CATEGORY_SOURCES, WINDOWS_SERVICE_CHANNELS } from './windows-event-sources.js';

const sourceTerm = (service: string): string => {
  const channels = WINDOWS_SERVICE_CHANNELS[service] ?? [];
  const terms = channels.map((channel) => `source="XmlWinEventLog:${channel}"`);
  return terms.length === 1 ? (terms[0] as string) : `(${terms.join(' OR ')})`;
};

const eventCodes = (ids: readonly number[]): string =>
  ids.length === 1 ? `EventCode=${ids[0]}` : `EventCode IN (${ids.join(', ')})`;

const categoryEntries: SigmaLogsourceMapping[] = Object.entries(WINDOWS_CATEGORY_SOURCES).map(
  ([category, variants]) => {
    const [only, ...more] = variants;
    if (only !== undefined && more.length === 0) {
      return {
        product: only.service === 'windefend' ? undefined : 'windows',
        category,
        source: sourceTerm(only.service),
        conditions: {
          EventCode: only.eventIds.length === 1 ? (only.eventIds[0] as number) : only.eventIds,
          ...(only.eventTypes === undefined
            ? {}
            : {
                EventType:
                  only.eventTypes.length === 1 ? (only.eventTypes[0] as string) : only.eventTypes,
              }),
        },
        fields: only.fields,
      };
    }
    // Several channels: one OR of (source, event code) pairs; each renamed field is looked
    // for under every channel's name (only one is present in a given event).
    const fields: Record<string, string[]> = {};
    for (const variant of variants) {
      for (const [sigma, name] of Object.entries(variant.fields ?? {})) {
        fields[sigma] = [...new Set([...(fields[sigma] ?? [sigma]), name])];
      }
    }
    return {
      product: 'windows',
      category,
      source: `(${variants
        .map((variant) => `(${sourceTerm(variant.service)} ${eventCodes(variant.eventIds)})`)
        .join(' OR ')})`,
      fields,
    };
  },
);

/** The `splunk-windows` mapping (see the module documentation). */
export const SPLUNK_WINDOWS_MAPPING: SigmaQueryMapping = {
  name: 'splunk-windows',
  description:
    'Windows Event Log and Sysmon events as the Splunk Add-on for Microsoft Windows stores them (XmlWinEventLog sources, EventCode).',
  timeField: '_time',
  fields: { EventID: 'EventCode' },
  unmappedFields: 'keep',
  keywordField: '_raw',
  logsources: [
    ...Object.keys(WINDOWS_SERVICE_CHANNELS).map((service) => ({
      product: 'windows',
      service,
      source: sourceTerm(service),
    })),
    ...categoryEntries,
    // Any other Windows rule (a category no channel is known for, such as file_access, or a
    // product-only rule): every Windows event log source, the rule's own predicate narrowing.
    { product: 'windows', source: 'source="XmlWinEventLog:*"' },
  ],
};
