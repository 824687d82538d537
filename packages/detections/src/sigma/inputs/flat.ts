/**
 * The `flat` input: events whose keys are Sigma field names (`Image`, `CommandLine`, …), as
 * in `regression-dev/events_flat/`. Dotted names (`actor.alternateId`) are read as flat keys
 * first, then as nested paths. Windows events are routed by `Channel`, `EventID` (and
 * `EventType` for Sysmon registry events); Zeek records by `_path` (the log) and Suricata EVE
 * records by `event_type` (see `network-logsources.ts`); AWS CloudTrail records by
 * `eventVersion`/`eventSource`/`eventName` to `product: aws, service: cloudtrail` (see
 * `cloudtrail.ts`). Records without any of these (Zeek's own JSON writer names no log) are
 * routed by the caller's `logsource` hint, or reach every rule. Rules of the generic network
 * categories read their fields from Zeek and Suricata names (`network-fields.ts`); CloudTrail
 * rules read theirs through nested objects, flattened keys and arrays alike.
 *
 * @module
 */
import { collectStrings } from '../event-context.js';
import type { SigmaFieldGetter, SigmaFieldMapping, SigmaLogsource } from '../field-access.js';
import {
  CLOUDTRAIL_LOGSOURCES,
  cloudTrailFieldGetter,
  isCloudTrailLogsource,
  isCloudTrailRecord,
} from './cloudtrail.js';
import { flatNetworkGetter, NETWORK_FLAT_FIELDS } from './network-fields.js';
import { networkLogsources, networkTableKey } from './network-logsources.js';
import { WINDOWS_FIELD_ALIASES, windowsLogsources } from './windows-logsources.js';

function record(event: unknown): Record<string, unknown> | undefined {
  return typeof event === 'object' && event !== null
    ? (event as Record<string, unknown>)
    : undefined;
}

function pathGetter(field: string): SigmaFieldGetter {
  if (!field.includes('.')) {
    return (event) =>
      typeof event === 'object' && event !== null
        ? (event as Record<string, unknown>)[field]
        : undefined;
  }
  const path = field.split('.');
  return (event) => {
    const flat = record(event);
    if (flat === undefined) return undefined;
    const direct = flat[field];
    if (direct !== undefined) return direct;
    let value: unknown = flat;
    for (const segment of path) {
      const next = record(value);
      if (next === undefined) return undefined;
      value = next[segment];
    }
    return value;
  };
}

function aliasGetter(field: string, alias: string): SigmaFieldGetter {
  return (event) => {
    const flat = record(event);
    if (flat === undefined) return undefined;
    const value = flat[field];
    return value === undefined ? flat[alias] : value;
  };
}

/** At most this many channels, and EventIDs per channel, have a cached route key. */
const KEY_CACHE_LIMIT = 1024;

/** The route key of CloudTrail records. */
const CLOUDTRAIL_KEY = '\u0001aws|cloudtrail';

/** The network sensor of a record without `Channel`: Zeek by `_path`, Suricata by `event_type`. */
function networkSource(flat: Record<string, unknown>): ['zeek' | 'suricata', string] | undefined {
  const path = flat['_path'];
  if (typeof path === 'string' && path !== '') return ['zeek', path];
  const eventType = flat['event_type'];
  if (typeof eventType === 'string' && eventType !== '' && typeof flat['timestamp'] === 'string') {
    return ['suricata', eventType];
  }
  return undefined;
}

/** Creates the field mapping of flat events (Sigma field names as keys). */
export function createFlatFieldMapping(): SigmaFieldMapping {
  const getters = new Map<string, SigmaFieldGetter>();
  const routes = new Map<string, SigmaLogsource[]>();
  const keys = new Map<string, Map<unknown, Map<unknown, string>>>();
  const networkKeys = { zeek: new Map<string, string>(), suricata: new Map<string, string>() };
  return {
    name: 'flat',
    logsources(event) {
      const flat = record(event);
      if (flat === undefined) return [];
      const channel = flat['Channel'];
      if (typeof channel !== 'string') {
        const source = networkSource(flat);
        if (source !== undefined) return networkLogsources(source[0], source[1]);
        return isCloudTrailRecord(flat) ? CLOUDTRAIL_LOGSOURCES : undefined;
      }
      const key = this.routeKey(event);
      let logsources = routes.get(key);
      if (logsources === undefined) {
        const eventId = Number(flat['EventID']);
        const eventType = flat['EventType'];
        logsources = windowsLogsources(
          channel,
          Number.isFinite(eventId) ? eventId : undefined,
          typeof eventType === 'string' ? eventType : undefined,
        );
        routes.set(key, logsources);
      }
      return logsources;
    },
    routeKey(event) {
      const flat = record(event);
      if (flat === undefined) return '';
      const channel = flat['Channel'];
      if (typeof channel !== 'string') {
        const source = networkSource(flat);
        if (source === undefined) return isCloudTrailRecord(flat) ? CLOUDTRAIL_KEY : '*';
        const cache = networkKeys[source[0]];
        let key = cache.get(source[1]);
        if (key === undefined) {
          key = `\u0001${source[0]}|${source[1]}`;
          if (cache.size < KEY_CACHE_LIMIT) cache.set(source[1], key);
        }
        return key;
      }
      const eventId = flat['EventID'];
      // The same key string for the same channel, EventID (and EventType): no string is
      // built per event, and the engine's route lookup hashes it once.
      let byEventId = keys.get(channel);
      if (byEventId === undefined) {
        byEventId = new Map();
        if (keys.size < KEY_CACHE_LIMIT) keys.set(channel, byEventId);
      }
      const registry = Number(eventId) === 12;
      const subkey = registry ? flat['EventType'] : undefined;
      let byType = byEventId.get(eventId);
      if (byType === undefined) {
        byType = new Map();
        if (byEventId.size < KEY_CACHE_LIMIT) byEventId.set(eventId, byType);
      }
      let key = byType.get(subkey);
      if (key === undefined) {
        key = registry ? `${channel}|12|${String(subkey)}` : `${channel}|${String(eventId)}`;
        if (byType.size < KEY_CACHE_LIMIT) byType.set(subkey, key);
      }
      return key;
    },
    field(field, logsource) {
      if (isCloudTrailLogsource(logsource)) return cloudTrailFieldGetter(field);
      const table = networkTableKey(logsource);
      const network = table === undefined ? undefined : NETWORK_FLAT_FIELDS[table]?.[field];
      if (network !== undefined) {
        const key = `${table}\u0001${field}`;
        let getter = getters.get(key);
        if (getter === undefined) {
          getter = flatNetworkGetter(field, network);
          getters.set(key, getter);
        }
        return getter;
      }
      const alias =
        logsource.category === undefined
          ? undefined
          : WINDOWS_FIELD_ALIASES[logsource.category]?.[field];
      const key = alias === undefined ? field : `${field}\u0000${alias}`;
      let getter = getters.get(key);
      if (getter === undefined) {
        getter = alias === undefined ? pathGetter(field) : aliasGetter(field, alias);
        getters.set(key, getter);
      }
      return getter;
    },
    keywords: (event) => collectStrings(event),
  };
}
