/**
 * Loads indicators from MISP: event JSON (`{Event: {Attribute, Object, Tag}}`, as in MISP
 * feeds), `restSearch` attribute responses (`{response: {Attribute: […]}}`) and attribute
 * arrays. Only attributes with `to_ids: true` are taken for detection by default; deleted
 * attributes become revocations.
 */
import type { IndicatorLoadResult, ThreatIndicator, TlpLevel } from './indicator.js';
import { type IndicatorValueKind, patternForValue } from './value-indicator.js';

/** MISP attribute types the loader understands, with the kind of their (first) value. */
export const MISP_ATTRIBUTE_KINDS: Readonly<Record<string, IndicatorValueKind>> = {
  'ip-src': 'ip',
  'ip-dst': 'ip',
  'ip-src|port': 'ip',
  'ip-dst|port': 'ip',
  domain: 'domain',
  hostname: 'domain',
  'domain|ip': 'domain',
  'hostname|port': 'domain',
  url: 'url',
  link: 'url',
  uri: 'url',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha512: 'sha512',
  'filename|md5': 'md5',
  'filename|sha1': 'sha1',
  'filename|sha256': 'sha256',
  'filename|sha512': 'sha512',
  'email-src': 'email',
  'email-dst': 'email',
  email: 'email',
  'email-reply-to': 'email',
};

/** Options of {@link loadMispContent}. */
export interface LoadMispOptions {
  /** Source name (feed URL or file) recorded on indicators and rejections. */
  source?: string;
  /** Take attributes with `to_ids: false` too. Default `false` (they are reported as skipped). */
  includeNonIds?: boolean;
}

function tlpOfTags(tags: unknown): TlpLevel | undefined {
  if (!Array.isArray(tags)) return undefined;
  for (const tag of tags) {
    const name = String((tag as Record<string, unknown>)?.['name'] ?? '').toLowerCase();
    const match = /^tlp:(clear|white|green|amber\+strict|amber|red)$/.exec(name);
    if (match !== null)
      return (
        match[1] === 'amber+strict' ? 'AMBER STRICT' : (match[1] as string).toUpperCase()
      ) as TlpLevel;
  }
  return undefined;
}

function tagNames(tags: unknown): string[] {
  return Array.isArray(tags)
    ? tags
        .map((tag) => (tag as Record<string, unknown>)?.['name'])
        .filter((name): name is string => typeof name === 'string')
    : [];
}

const THREAT_LEVEL_SEVERITY: Record<string, 2 | 3 | 4> = { '1': 4, '2': 3, '3': 2, '4': 3 };

/** True for `{Event: {...}}`; false for an attribute, which has a `type` and a `value`. */
function isEventWrapper(item: object): boolean {
  return 'Event' in item && !('type' in item && 'value' in item);
}

/**
 * Loads MISP content: an event (`{Event}`), an array of events, a `restSearch` answer
 * (`{response: {Attribute}}` or `{response: [{Event}]}`) or an array of attributes (as the
 * `attributes` stream of `@openmdr/connector-misp` delivers them, each with its `Event` summary,
 * whose `info`, `threat_level_id` and tags then apply to it), already parsed from JSON. Unknown
 * attribute types, invalid values and non-IDS attributes are returned in `rejected` with the
 * reason and location.
 */
export function loadMispContent(
  content: unknown,
  options: LoadMispOptions = {},
): IndicatorLoadResult {
  const result: IndicatorLoadResult = { indicators: [], rejected: [] };
  const prefix = options.source === undefined ? '' : `${options.source} `;
  const visitAttributes = (
    attributes: unknown,
    where: string,
    event: Record<string, unknown> | undefined,
  ): void => {
    if (!Array.isArray(attributes)) return;
    attributes.forEach((raw, index) => {
      const location = `${prefix}${where}[${index}]`;
      if (typeof raw !== 'object' || raw === null) {
        result.rejected.push({
          code: 'INTEL_SOURCE_INVALID',
          reason: 'attribute is not an object',
          location,
        });
        return;
      }
      const attribute = raw as Record<string, unknown>;
      // a restSearch attribute carries its event's summary (info, threat level) as `Event`
      const embedded = attribute['Event'];
      const context =
        event ??
        (typeof embedded === 'object' && embedded !== null
          ? (embedded as Record<string, unknown>)
          : undefined);
      const eventTlp = tlpOfTags(context?.['Tag']);
      const eventTags = tagNames(context?.['Tag']);
      const type = String(attribute['type'] ?? '');
      const rawValue = String(attribute['value'] ?? '');
      const uuid = typeof attribute['uuid'] === 'string' ? attribute['uuid'] : undefined;
      const id = `misp:${uuid ?? `${type}:${rawValue}`}`;
      const kind = MISP_ATTRIBUTE_KINDS[type];
      if (kind === undefined) {
        result.rejected.push({
          id,
          input: rawValue,
          code: 'INTEL_PATTERN_UNSUPPORTED',
          reason: `MISP attribute type '${type}' is not supported`,
          location,
        });
        return;
      }
      const toIds =
        attribute['to_ids'] === true || attribute['to_ids'] === 1 || attribute['to_ids'] === '1';
      if (!toIds && options.includeNonIds !== true) {
        result.rejected.push({
          id,
          input: rawValue,
          code: 'INTEL_NOT_FOR_DETECTION',
          reason: 'to_ids is false',
          location,
        });
        return;
      }
      let value = rawValue;
      if (type.startsWith('filename|')) value = rawValue.split('|')[1] ?? '';
      else if (type.includes('|')) value = rawValue.split('|')[0] ?? '';
      const pattern = patternForValue(kind, value);
      if (pattern === undefined) {
        result.rejected.push({
          id,
          input: rawValue,
          code: 'INTEL_SOURCE_INVALID',
          reason: `'${value}' is not a valid ${type} value`,
          location,
        });
        return;
      }
      const indicator: ThreatIndicator = { id, pattern, name: `${type}: ${rawValue}` };
      const timestamp = Number(attribute['timestamp']);
      if (Number.isFinite(timestamp) && timestamp > 0) indicator.modified = timestamp * 1000;
      const firstSeen = Date.parse(String(attribute['first_seen'] ?? ''));
      if (!Number.isNaN(firstSeen)) indicator.validFrom = firstSeen;
      if (attribute['deleted'] === true) indicator.revoked = true;
      const tlp = tlpOfTags(attribute['Tag']) ?? eventTlp;
      if (tlp !== undefined) indicator.tlp = tlp;
      const labels = [
        ...new Set(
          [...eventTags, ...tagNames(attribute['Tag'])].filter(
            (tag) => !tag.toLowerCase().startsWith('tlp:'),
          ),
        ),
      ];
      if (typeof attribute['category'] === 'string') labels.unshift(attribute['category']);
      if (labels.length > 0) indicator.labels = labels;
      if (typeof attribute['comment'] === 'string' && attribute['comment'] !== '')
        indicator.description = attribute['comment'];
      const severity = THREAT_LEVEL_SEVERITY[String(context?.['threat_level_id'] ?? '')];
      if (severity !== undefined) indicator.severityId = severity;
      const source =
        options.source ??
        (typeof context?.['info'] === 'string' ? `misp event: ${context['info']}` : undefined);
      if (source !== undefined) indicator.source = source;
      result.indicators.push(indicator);
    });
  };
  const visitEvent = (event: Record<string, unknown>, where: string): void => {
    visitAttributes(event['Attribute'], `${where}.Attribute`, event);
    if (Array.isArray(event['Object']))
      event['Object'].forEach((object, index) => {
        if (typeof object === 'object' && object !== null)
          visitAttributes(
            (object as Record<string, unknown>)['Attribute'],
            `${where}.Object[${index}].Attribute`,
            event,
          );
      });
  };
  if (Array.isArray(content)) {
    // event wrappers (`[{Event: {...}}]`), not restSearch attributes (which embed `Event` too)
    if (content.every((item) => typeof item === 'object' && item !== null && isEventWrapper(item)))
      for (const [index, item] of content.entries())
        visitEvent((item as { Event: Record<string, unknown> }).Event, `[${index}].Event`);
    else visitAttributes(content, 'Attribute', undefined);
    return result;
  }
  if (typeof content === 'object' && content !== null) {
    const record = content as Record<string, unknown>;
    if (typeof record['Event'] === 'object' && record['Event'] !== null) {
      visitEvent(record['Event'] as Record<string, unknown>, 'Event');
      return result;
    }
    const response = record['response'];
    if (typeof response === 'object' && response !== null && 'Attribute' in response) {
      visitAttributes(
        (response as Record<string, unknown>)['Attribute'],
        'response.Attribute',
        undefined,
      );
      return result;
    }
    if (Array.isArray(response)) {
      response.forEach((item, index) => {
        if (typeof item === 'object' && item !== null && 'Event' in item)
          visitEvent(
            (item as { Event: Record<string, unknown> }).Event,
            `response[${index}].Event`,
          );
      });
      return result;
    }
  }
  result.rejected.push({
    code: 'INTEL_SOURCE_INVALID',
    reason: 'not a MISP event, attribute list or restSearch response',
    ...(options.source === undefined ? {} : { location: options.source }),
  });
  return result;
}
