/**
 * The SQL backends' mappings over the hunting event table (see `sql.ts`): `sql-events`, whose
 * columns are the flat input's field names (Sigma's names), and `ocsf`, whose columns are the
 * dotted attribute paths of OCSF events.
 *
 * @module
 */
import { WINDOWS_FIELD_ALIASES } from '../../inputs/windows-logsources.js';
import { COMMON_FIELDS, OCSF_FIELD_TABLES, type OcsfFieldTable } from '../../ocsf/field-tables.js';
import { SIGMA_CATEGORY_OCSF_EVENTS } from '../../ocsf/logsources.js';
import type { SigmaLogsourceMapping, SigmaQueryMapping } from '../types.js';
import { SQL_EVENT_COLUMNS, SQL_EVENT_TABLE } from './sql.js';

/**
 * The event table of flat events: a Sigma field is the column of the same name. Where the flat
 * input reads an alias (`process_creation`: `Image` or else `NewProcessName`), the mapping
 * names both columns (a value in either matches).
 */
export const SQL_EVENTS_MAPPING: SigmaQueryMapping = {
  name: 'sql-events',
  description:
    'The hunting event table (`events`): one text column per field path of flat events, `_logsources` for routing, `_keywords` for keyword searches.',
  fields: {},
  logsources: Object.entries(WINDOWS_FIELD_ALIASES).map(
    ([category, aliases]): SigmaLogsourceMapping => ({
      category,
      fields: Object.fromEntries(
        Object.entries(aliases).map(([field, alias]) => [field, [field, alias]]),
      ),
    }),
  ),
  defaultSource: SQL_EVENT_TABLE,
  timeField: SQL_EVENT_COLUMNS.time,
};

/** The columns of a Sigma field in one OCSF field table (plain attribute reads only). */
function ocsfColumns(table: OcsfFieldTable, field: string): string[] | undefined {
  const rule = table[field];
  if (rule === undefined) return undefined;
  if (typeof rule === 'string') return [rule, `unmapped.${field}`];
  if (rule.read !== undefined && rule.read !== 'value') return [`unmapped.${field}`];
  const paths = typeof rule.ocsf === 'string' ? [rule.ocsf] : [...rule.ocsf];
  return [...paths, `unmapped.${field}`];
}

function ocsfFields(tables: readonly OcsfFieldTable[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const table of tables) {
    for (const field of Object.keys(table)) {
      if (fields[field] !== undefined) continue;
      const columns = ocsfColumns(table, field);
      if (columns !== undefined) fields[field] = columns;
    }
  }
  return fields;
}

/**
 * The event table of OCSF events (columns are dotted attribute paths, `process.file.path`):
 * each Sigma category's OCSF class table ({@link OCSF_FIELD_TABLES}) and the fields every class
 * answers ({@link COMMON_FIELDS}), with `unmapped.<field>` as the fallback the engine reads.
 * Fields the engine reads through a conversion (`hashes`, `account`, …) are read from
 * `unmapped.<field>` only: a subset of what the streaming engine's OCSF input finds.
 */
export const SQL_OCSF_MAPPING: SigmaQueryMapping = {
  name: 'ocsf',
  description:
    'OCSF events in the hunting event table: Sigma fields → dotted OCSF attribute columns, after the OCSF field tables.',
  fields: ocsfFields([COMMON_FIELDS]),
  logsources: Object.entries(SIGMA_CATEGORY_OCSF_EVENTS).map(
    ([category, identities]): SigmaLogsourceMapping => ({
      category,
      fields: ocsfFields([
        ...identities
          .map((identity) => OCSF_FIELD_TABLES[identity.classUid])
          .filter((table): table is OcsfFieldTable => table !== undefined),
        COMMON_FIELDS,
      ]),
    }),
  ),
  defaultSource: SQL_EVENT_TABLE,
  timeField: SQL_EVENT_COLUMNS.time,
};

/**
 * {@link SQL_OCSF_MAPPING} with `unmapped.<field>` as the column of each of `fields` that no
 * table names (where the engine's OCSF input reads such fields): pass the fields of the rules
 * to convert.
 */
export function sqlOcsfMapping(fields: Iterable<string>): SigmaQueryMapping {
  const fallback: Record<string, string[]> = {};
  for (const field of fields) fallback[field] = [`unmapped.${field}`];
  return { ...SQL_OCSF_MAPPING, fields: { ...fallback, ...SQL_OCSF_MAPPING.fields } };
}
