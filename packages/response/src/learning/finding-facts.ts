/** Reading the rule, source and entities of an OCSF finding, for verdicts and suppression proposals. */
import type { FindingEntity, FindingEntityKind, FindingFacts } from './verdict-types.js';

/** Every string value at a dotted path; arrays along the way are flattened. */
export function stringsAtPath(value: unknown, path: string): string[] {
  let current: unknown[] = [value];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const item of current)
      for (const element of Array.isArray(item) ? item : [item]) {
        if (typeof element !== 'object' || element === null) continue;
        const child = (element as Record<string, unknown>)[part];
        if (child !== undefined && child !== null) next.push(child);
      }
    current = next;
  }
  return current
    .flatMap((item) => (Array.isArray(item) ? item : [item]))
    .filter((item) => typeof item === 'string' || typeof item === 'number')
    .map(String)
    .filter((item) => item.length > 0);
}

/**
 * Where each entity kind is read, in order: the first path with a value wins. OCSF's own fields
 * first, then the evidences (EDR alerts, native rules), then the matched fields a Sigma finding
 * keeps in `evidences[].data.fields` (Sysmon names).
 */
export const FINDING_ENTITY_PATHS: Readonly<Record<FindingEntityKind, readonly string[]>> = {
  host: [
    'device.hostname',
    'device.name',
    'evidences.device.hostname',
    'evidences.data.fields.Computer',
  ],
  ip: ['device.ip', 'evidences.device.ip', 'src_endpoint.ip', 'evidences.src_endpoint.ip'],
  user: [
    'actor.user.name',
    'user.name',
    'evidences.actor.user.name',
    'evidences.user.name',
    'evidences.process.user.name',
    'evidences.data.fields.User',
  ],
  process: [
    'process.file.path',
    'evidences.process.file.path',
    'evidences.data.fields.Image',
    'process.name',
    'evidences.process.name',
  ],
  parentProcess: [
    'process.parent_process.file.path',
    'evidences.process.parent_process.file.path',
    'evidences.actor.process.file.path',
    'evidences.data.fields.ParentImage',
  ],
  commandLine: [
    'process.cmd_line',
    'evidences.process.cmd_line',
    'evidences.data.fields.CommandLine',
  ],
  destination: [
    'dst_endpoint.ip',
    'evidences.dst_endpoint.ip',
    'dst_endpoint.hostname',
    'evidences.dst_endpoint.hostname',
  ],
};

const MAX_VALUES = 5;

/** The entities a finding names, one entry per kind found (values deduplicated, at most 5). */
export function findingEntities(finding: Record<string, unknown>): FindingEntity[] {
  const entities: FindingEntity[] = [];
  for (const [kind, paths] of Object.entries(FINDING_ENTITY_PATHS) as [
    FindingEntityKind,
    readonly string[],
  ][]) {
    for (const path of paths) {
      const values = [...new Set(stringsAtPath(finding, path))].slice(0, MAX_VALUES);
      if (values.length === 0) continue;
      entities.push({ kind, path, values });
      break;
    }
  }
  return entities;
}

/**
 * What a verdict keeps of an OCSF finding (Detection Finding, vendor alert, Incident Finding):
 * its id, rule (`finding_info.analytic.uid`, else name, else title), source product, time and
 * entities.
 */
export function findingFacts(finding: Record<string, unknown>): FindingFacts {
  const first = (path: string) => stringsAtPath(finding, path)[0] ?? null;
  const ruleName = first('finding_info.analytic.name') ?? first('finding_info.title');
  const time = finding['time'];
  return {
    findingId: first('finding_info.uid') ?? first('metadata.uid') ?? '',
    ruleId: first('finding_info.analytic.uid') ?? ruleName,
    ruleName,
    source: first('metadata.product.name') ?? first('metadata.product.vendor_name'),
    time: typeof time === 'number' && Number.isFinite(time) ? time : null,
    entities: findingEntities(finding),
  };
}
