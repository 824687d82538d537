import { NormalizationError, type NormalizedEvent } from '@openmdr/connector-kit';
import { connectorSources, isRecord, type NormalizeSource } from '@openmdr/connector-kit/normalize';
import { OCSF_VERSION, validateOcsfEvent } from '@openmdr/core';

/** Where {@link normalizeLakeEvent} keeps what OCSF 1.8.0 refused, under `unmapped`. */
export const SECURITYLAKE_UNMAPPED_KEY = 'security_lake';

/** Repairs tried before an event is given up (each moves one attribute to `unmapped`). */
const MAX_REPAIRS = 50;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Splits an OCSF issue path (`evidences[2].actor`) into keys and indices. */
function pathParts(path: string): Array<string | number> {
  const parts: Array<string | number> = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    parts.push(match[2] === undefined ? (match[1] as string) : Number(match[2]));
  }
  return parts;
}

/** Removes the value at `path` from `root` (an array item is spliced out); returns it. */
function takePath(root: Record<string, unknown>, path: string): unknown {
  const parts = pathParts(path);
  const last = parts.pop();
  let parent: unknown = root;
  for (const part of parts) {
    parent = (parent as Record<string | number, unknown> | undefined)?.[part];
  }
  if (last === undefined || typeof parent !== 'object' || parent === null) return undefined;
  if (Array.isArray(parent) && typeof last === 'number') {
    const [taken] = parent.splice(last, 1);
    return taken;
  }
  const record = parent as Record<string, unknown>;
  const taken = record[String(last)];
  delete record[String(last)];
  return taken;
}

/** Deletes empty arrays and objects left behind by {@link takePath} on the way to `path`. */
function pruneEmpty(root: Record<string, unknown>, path: string): void {
  const parts = pathParts(path);
  for (let depth = parts.length - 1; depth > 0; depth -= 1) {
    let parent: unknown = root;
    for (const part of parts.slice(0, depth - 1)) {
      parent = (parent as Record<string | number, unknown> | undefined)?.[part];
    }
    const key = parts[depth - 1] as string | number;
    const container = (parent as Record<string | number, unknown> | undefined)?.[key];
    const empty = Array.isArray(container)
      ? container.length === 0
      : isObject(container) && Object.keys(container).length === 0;
    if (!empty || typeof parent !== 'object' || parent === null) return;
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete (parent as Record<string, unknown>)[String(key)];
  }
}

/**
 * Brings an OCSF event read from Security Lake (OCSF 1.1.0, as Security Lake stores custom
 * sources) to the OCSF 1.8.0 that OpenMDR works in. OCSF 1.8.0 keeps the 1.1.0 attributes, so
 * the event is mostly taken as it is: `metadata.version` becomes `1.8.0` and it is validated
 * strictly. What 1.8.0 refuses is moved, not dropped: first the lenient repairs (an attribute
 * 1.8.0 does not know goes to `unmapped`, a coercible value is coerced), then each attribute
 * still invalid — typically an object that 1.8.0 constrains more (a Detection Finding
 * `evidences` item that must now hold one of several attributes) — is moved to
 * `unmapped.security_lake` under its path. `metadata.original_version` is not an OCSF attribute,
 * so the source version is not kept beyond the `unmapped` entries. Pure.
 *
 * @throws {NormalizationError} when the record is not an OCSF event (no numeric `class_uid`),
 *   or remains invalid at its root (a class constraint, an unknown class).
 */
export function normalizeLakeEvent(record: unknown): NormalizedEvent {
  if (!isObject(record) || typeof record['class_uid'] !== 'number') {
    throw new NormalizationError('Security Lake record is not an OCSF event (no class_uid)', {
      path: 'class_uid',
    });
  }
  const metadata = isObject(record['metadata']) ? record['metadata'] : {};
  const lenient = validateOcsfEvent<Record<string, unknown>>(
    { ...record, metadata: { ...metadata, version: OCSF_VERSION } },
    { mode: 'lenient' },
  );
  const event = structuredClone(lenient.event) as Record<string, unknown>;
  const moved: Record<string, unknown> = {};
  for (let repairs = 0; ; repairs += 1) {
    const result = validateOcsfEvent<Record<string, unknown>>(event, { mode: 'strict' });
    if (result.ok) return result.event as NormalizedEvent;
    const issue = result.errors.find(
      (error) => error.path !== '' && error.path.split(/[.[]/)[0] !== 'unmapped',
    );
    if (issue === undefined || repairs >= MAX_REPAIRS) {
      const first = result.errors[0];
      throw new NormalizationError(
        `Security Lake event (class ${String(record['class_uid'])}) is not valid OCSF ${OCSF_VERSION}: ${first?.path || '(root)'}: ${first?.message ?? 'invalid'}`,
        { path: first?.path ?? '' },
      );
    }
    let key = issue.path;
    for (let n = 2; key in moved; n += 1) key = `${issue.path}#${n}`;
    moved[key] = takePath(event, issue.path);
    pruneEmpty(event, issue.path);
    const unmapped = isObject(event['unmapped']) ? event['unmapped'] : {};
    event['unmapped'] = { ...unmapped, [SECURITYLAKE_UNMAPPED_KEY]: { ...moved } };
  }
}

/**
 * The Security Lake sources of `openmdr normalize`-style tools: `securitylake/events` (OCSF
 * events as a Security Lake custom source stores them — `openmdr lake read` output, Athena
 * results as JSON — brought to OCSF 1.8.0 by {@link normalizeLakeEvent}), and `securitylake`.
 * The `openmdr` CLI does not list them under `normalize` (that would load DuckDB at start-up
 * through this package's entry point): `openmdr lake read --upgrade` does the same.
 */
export const securitylakeNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'securitylake',
  'Amazon Security Lake',
  [
    {
      id: 'securitylake/events',
      summary: 'OCSF 1.1.0 events as stored in a Security Lake custom source',
      matches: (record) => isRecord(record) && typeof record['class_uid'] === 'number',
      normalize: (record) => normalizeLakeEvent(record),
    },
  ],
);
