import type { SigmaFieldGetter, SigmaFieldMapping, SigmaLogsource } from '../field-access.js';
import { isCloudTrailLogsource } from '../inputs/cloudtrail.js';
import { networkTableKey } from '../inputs/network-logsources.js';
import { ocsfCloudTrailFieldGetter } from './cloudtrail-field-table.js';
import { pathGetter, readerFor } from './field-readers.js';
import { COMMON_FIELDS, OCSF_FIELD_TABLES, type OcsfFieldRule } from './field-tables.js';
import { ocsfEventLogsources, ocsfRouteKey } from './logsources.js';
import { NETWORK_OCSF_FIELD_TABLES } from './network-field-tables.js';

function compileRule(rule: string | OcsfFieldRule): SigmaFieldGetter {
  if (typeof rule === 'string') return pathGetter(rule);
  const kind = rule.read ?? 'value';
  if (typeof rule.ocsf === 'string') return readerFor(rule.ocsf, kind);
  const readers = rule.ocsf.map((path) => readerFor(path, kind));
  return (event) => {
    for (const read of readers) {
      const value = read(event);
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

/** `unmapped.<field>`, where the normaliser keeps values OCSF has no attribute for. */
function unmappedGetter(field: string): SigmaFieldGetter {
  return (event) => {
    const unmapped = (event as { unmapped?: unknown } | null)?.unmapped;
    return typeof unmapped === 'object' && unmapped !== null
      ? (unmapped as Record<string, unknown>)[field]
      : undefined;
  };
}

/** The attribute, or `unmapped.<field>` when the attribute is absent (e.g. Windows' `-`). */
function orUnmapped(getter: SigmaFieldGetter, unmapped: SigmaFieldGetter): SigmaFieldGetter {
  return (event) => {
    const value = getter(event);
    return value === undefined ? unmapped(event) : value;
  };
}

const getterCache = new Map<string, SigmaFieldGetter>();

/**
 * The getter of Sigma field `field` for OCSF events: dispatches on the event's `class_uid` to
 * that class's table ({@link OCSF_FIELD_TABLES}), then the fields every class answers
 * ({@link COMMON_FIELDS}); when the attribute is absent, `unmapped.<field>` (where the
 * normaliser keeps what OCSF has no place for, and Windows' `-` placeholders). One function
 * per field name.
 */
export function ocsfFieldGetter(field: string): SigmaFieldGetter {
  const cached = getterCache.get(field);
  if (cached !== undefined) return cached;
  const common = COMMON_FIELDS[field];
  const unmapped = unmappedGetter(field);
  const fallback = common === undefined ? unmapped : orUnmapped(compileRule(common), unmapped);
  const byClass = new Map<unknown, SigmaFieldGetter>();
  for (const [classUid, table] of Object.entries(OCSF_FIELD_TABLES)) {
    const rule = table[field];
    if (rule !== undefined) byClass.set(Number(classUid), orUnmapped(compileRule(rule), unmapped));
  }
  const getter: SigmaFieldGetter =
    byClass.size === 0
      ? fallback
      : (event) => {
          const classUid = (event as { class_uid?: unknown } | null)?.class_uid;
          return (byClass.get(classUid) ?? fallback)(event);
        };
  getterCache.set(field, getter);
  return getter;
}

const networkCache = new Map<string, SigmaFieldGetter>();

/**
 * The getter of Sigma field `field` in network rules of table `table` (`zeek:dns`, `proxy`, …,
 * see {@link NETWORK_OCSF_FIELD_TABLES}); `unmapped.<field>` when the table does not name it or
 * the attribute is absent.
 */
export function ocsfNetworkFieldGetter(table: string, field: string): SigmaFieldGetter {
  const key = `${table}\u0000${field}`;
  const cached = networkCache.get(key);
  if (cached !== undefined) return cached;
  const rule = NETWORK_OCSF_FIELD_TABLES[table]?.[field];
  const unmapped = unmappedGetter(field);
  const getter = rule === undefined ? unmapped : orUnmapped(compileRule(rule), unmapped);
  networkCache.set(key, getter);
  return getter;
}

/**
 * The Sigma field-mapping pipeline for OCSF events (`--input ocsf`): Sigma's Windows and
 * Linux taxonomy (Sysmon/Security field names) read from OCSF 1.8.0 attribute paths, and
 * OCSF class/activity (and, for Sysmon, the event code) routed to Sigma logsources.
 *
 * Sigma `Image` is a full path and maps to `process.file.path` (or `actor.process.file.path`
 * where the process is the actor), never to `process.name`.
 *
 * Network rules (`product: zeek`, and the `dns`, `proxy`, `webserver` and `firewall`
 * categories) read their fields through the tables of {@link NETWORK_OCSF_FIELD_TABLES},
 * chosen by the rule's logsource; CloudTrail rules (`product: aws, service: cloudtrail`) read
 * CloudTrail's field names through `CLOUDTRAIL_OCSF_FIELDS` (`cloudtrail-field-table.ts`).
 */
export const ocsfFieldMapping: SigmaFieldMapping = {
  name: 'ocsf',
  logsources: ocsfEventLogsources,
  routeKey: ocsfRouteKey,
  field: (field: string, logsource: SigmaLogsource) => {
    if (isCloudTrailLogsource(logsource)) return ocsfCloudTrailFieldGetter(field);
    const table = networkTableKey(logsource);
    return table === undefined ? ocsfFieldGetter(field) : ocsfNetworkFieldGetter(table, field);
  },
};
