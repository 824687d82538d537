/**
 * Generates `src/attack/generated/` from MITRE's ATT&CK Enterprise STIX data: the trimmed
 * bundle `data/attack/enterprise-attack.trimmed.json.gz` (written by
 * `scripts/extract-attack-stix.ts` from a mirror of `mitre/cti`) plus the hand-written v19
 * supplement `data/attack/attack-v19-supplement.json` (the Defense Evasion split and the
 * Defense Impairment techniques SigmaHQ uses that the STIX release does not hold yet).
 *
 * - `attack-tactics.ts`: tactics in matrix order, the alias table of renamed short names, and
 *   the data version (ATT&CK version, source commit).
 * - `attack-techniques.ts`: techniques and sub-techniques with tactics, revoked / deprecated
 *   flags and `revoked-by` replacements.
 * - `attack-data-components.ts`: data components, (deprecated) data sources, and the data
 *   components whose analytics detect each technique.
 * - `attack-groups.ts` / `attack-software.ts`: groups and software with the techniques (and, for
 *   groups, the software) they use — separate modules so the technique tables stay light.
 *
 * Deterministic (sorted, no timestamps). Run with `pnpm --filter @openmdr/detections generate`
 * (which formats the output with Biome).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

type Stix = Record<string, unknown> & { type: string; id: string };
interface Supplement {
  attack_version: string;
  tactics: { id: string; short_name: string; name: string; replaces?: string; after?: string }[];
  techniques: { id: string; name: string; tactics: string[] }[];
  revocations: { id: string; revoked_by: string }[];
}

const packageDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDirectory = join(packageDirectory, 'data', 'attack');
const outputDirectory = join(packageDirectory, 'src', 'attack', 'generated');

const bundle = JSON.parse(
  gunzipSync(readFileSync(join(dataDirectory, 'enterprise-attack.trimmed.json.gz'))).toString(
    'utf8',
  ),
) as { objects: Stix[] };
const supplement = JSON.parse(
  readFileSync(join(dataDirectory, 'attack-v19-supplement.json'), 'utf8'),
) as Supplement;

const byId = new Map(bundle.objects.map((object) => [object.id, object]));
const ofType = (type: string) => bundle.objects.filter((object) => object.type === type);
const attackId = (object: Stix | undefined): string | undefined =>
  (object?.['external_references'] as { source_name: string; external_id?: string }[] | undefined)
    ?.find((reference) => reference.source_name === 'mitre-attack')
    ?.external_id?.toUpperCase();
const isActive = (object: Stix) =>
  object['revoked'] !== true && object['x_mitre_deprecated'] !== true;
/** Flags: 1 revoked, 2 deprecated, 4 from the v19 supplement. */
const flagsOf = (object: Stix) =>
  (object['revoked'] === true ? 1 : 0) | (object['x_mitre_deprecated'] === true ? 2 : 0);

const collection = ofType('x-mitre-collection')[0];
const source = (collection?.['external_references'] as Record<string, string>[] | undefined)?.[0];
const stixVersion = collection?.['x_mitre_version'] as string | undefined;
if (collection === undefined || stixVersion === undefined || source === undefined)
  throw new Error('generate-attack: the bundle has no x-mitre-collection with a version');
const stixCommit = source['external_id'] as string;

/** Relationships of one type, active ones only, as [source, target] pairs of STIX objects. */
function related(type: string): [Stix, Stix][] {
  const pairs: [Stix, Stix][] = [];
  for (const relationship of ofType('relationship')) {
    if (relationship['relationship_type'] !== type || !isActive(relationship)) continue;
    const from = byId.get(relationship['source_ref'] as string);
    const to = byId.get(relationship['target_ref'] as string);
    if (from !== undefined && to !== undefined) pairs.push([from, to]);
  }
  return pairs;
}

/** ATT&CK id → ATT&CK id of its replacement (revoked-by), over every object type. */
const revokedBy = new Map<string, string>();
for (const [from, to] of related('revoked-by')) {
  const fromId = attackId(from);
  const toId = attackId(to);
  if (fromId !== undefined && toId !== undefined && fromId !== toId) revokedBy.set(fromId, toId);
}

// ---- tactics --------------------------------------------------------------------------------
const matrix = ofType('x-mitre-matrix')[0];
const tacticRows: { id: string; shortName: string; name: string; supplement: boolean }[] = (
  (matrix?.['tactic_refs'] as string[] | undefined) ?? []
).map((ref) => {
  const tactic = byId.get(ref);
  const id = attackId(tactic);
  if (tactic === undefined || id === undefined)
    throw new Error(`generate-attack: matrix tactic ${ref} is not in the bundle`);
  return {
    id,
    shortName: tactic['x_mitre_shortname'] as string,
    name: tactic['name'] as string,
    supplement: false,
  };
});
const aliases: Record<string, string> = {};
for (const tactic of supplement.tactics) {
  if (tacticRows.some((row) => row.shortName === tactic.short_name))
    throw new Error(
      `generate-attack: the STIX data already has tactic ${tactic.short_name}: remove it from the v19 supplement`,
    );
  const row = { id: tactic.id, shortName: tactic.short_name, name: tactic.name, supplement: true };
  if (tactic.replaces !== undefined) {
    const index = tacticRows.findIndex((known) => known.shortName === tactic.replaces);
    if (index === -1) throw new Error(`generate-attack: no tactic ${tactic.replaces} to replace`);
    tacticRows[index] = row;
    aliases[tactic.replaces] = tactic.short_name;
  } else {
    const index = tacticRows.findIndex((known) => known.shortName === tactic.after);
    if (index === -1) throw new Error(`generate-attack: no tactic ${tactic.after} to follow`);
    tacticRows.splice(index + 1, 0, row);
  }
}

// ---- techniques -----------------------------------------------------------------------------
interface TechniqueRow {
  name: string;
  tactics: string[];
  flags: number;
  revokedBy?: string;
}
const techniques = new Map<string, TechniqueRow>();
const techniqueIdByStix = new Map<string, string>();
for (const pattern of ofType('attack-pattern')) {
  const id = attackId(pattern);
  if (id === undefined || !/^T\d{4}(\.\d{3})?$/.test(id)) continue;
  techniqueIdByStix.set(pattern.id, id);
  const tactics = (
    (pattern['kill_chain_phases'] as { kill_chain_name: string; phase_name: string }[]) ?? []
  )
    .filter((phase) => phase.kill_chain_name === 'mitre-attack')
    .map((phase) => phase.phase_name);
  const known = techniques.get(id);
  // an id held by a revoked object and an active one (rare): the active one wins
  if (known !== undefined && (known.flags & 1) === 0 && pattern['revoked'] === true) continue;
  techniques.set(id, { name: pattern['name'] as string, tactics, flags: flagsOf(pattern) });
}
for (const [id, row] of techniques) {
  const replacement = revokedBy.get(id);
  if (replacement !== undefined) row.revokedBy = replacement;
}
for (const [child, parent] of related('subtechnique-of')) {
  const childId = attackId(child);
  const parentId = attackId(parent);
  if (childId !== undefined && parentId !== undefined && childId.split('.')[0] !== parentId)
    console.warn(`generate-attack: ${childId} is a sub-technique of ${parentId}`);
}
for (const technique of supplement.techniques) {
  if (techniques.has(technique.id))
    throw new Error(
      `generate-attack: the STIX data already has ${technique.id}: remove it from the v19 supplement`,
    );
  techniques.set(technique.id, { name: technique.name, tactics: technique.tactics, flags: 4 });
}
for (const revocation of supplement.revocations) {
  const row = techniques.get(revocation.id);
  if (row === undefined || !techniques.has(revocation.revoked_by))
    throw new Error(`generate-attack: v19 revocation ${revocation.id} names an unknown technique`);
  if ((row.flags & 1) !== 0)
    throw new Error(
      `generate-attack: the STIX data already revokes ${revocation.id}: remove it from the v19 supplement`,
    );
  row.flags |= 1 | 4;
  row.revokedBy = revocation.revoked_by;
}
const tacticNames = new Set([...tacticRows.map((row) => row.shortName), ...Object.keys(aliases)]);
for (const [id, row] of techniques)
  for (const tactic of row.tactics)
    if (!tacticNames.has(tactic))
      throw new Error(`generate-attack: ${id} has unknown tactic ${tactic}`);

// ---- data components ------------------------------------------------------------------------
const dataComponents = new Map<string, { name: string; flags: number }>();
for (const component of ofType('x-mitre-data-component')) {
  const id = attackId(component);
  if (id !== undefined)
    dataComponents.set(id, { name: component['name'] as string, flags: flagsOf(component) });
}
const dataSources = new Map<string, { name: string; flags: number }>();
for (const dataSource of ofType('x-mitre-data-source')) {
  const id = attackId(dataSource);
  if (id !== undefined)
    dataSources.set(id, { name: dataSource['name'] as string, flags: flagsOf(dataSource) });
}
/** technique → data components of the analytics of the detection strategies detecting it */
const techniqueComponents = new Map<string, Set<string>>();
for (const [strategy, pattern] of related('detects')) {
  const techniqueId = techniqueIdByStix.get(pattern.id);
  if (techniqueId === undefined || strategy.type !== 'x-mitre-detection-strategy') continue;
  const set = techniqueComponents.get(techniqueId) ?? new Set<string>();
  for (const analyticRef of (strategy['x_mitre_analytic_refs'] as string[] | undefined) ?? []) {
    const analytic = byId.get(analyticRef);
    for (const reference of (analytic?.['x_mitre_log_source_references'] as
      | { x_mitre_data_component_ref: string }[]
      | undefined) ?? []) {
      const componentId = attackId(byId.get(reference.x_mitre_data_component_ref));
      if (componentId !== undefined) set.add(componentId);
    }
  }
  techniqueComponents.set(techniqueId, set);
}

// ---- groups and software --------------------------------------------------------------------
interface ActorRow {
  name: string;
  aliases: string[];
  flags: number;
  techniques: Set<string>;
  software: Set<string>;
  kind?: 'malware' | 'tool';
  revokedBy?: string;
}
const actors = new Map<string, ActorRow>();
const actorIdByStix = new Map<string, string>();
for (const object of [...ofType('intrusion-set'), ...ofType('malware'), ...ofType('tool')]) {
  const id = attackId(object);
  if (id === undefined || !/^[GS]\d{4}$/.test(id)) continue;
  actorIdByStix.set(object.id, id);
  const names = (object['aliases'] ?? object['x_mitre_aliases'] ?? []) as string[];
  const row: ActorRow = {
    name: object['name'] as string,
    aliases: names.filter((alias) => alias !== object['name']),
    flags: flagsOf(object),
    techniques: new Set(),
    software: new Set(),
  };
  if (object.type !== 'intrusion-set') row.kind = object.type as 'malware' | 'tool';
  const replacement = revokedBy.get(id);
  if (replacement !== undefined) row.revokedBy = replacement;
  actors.set(id, row);
}
for (const [from, to] of related('uses')) {
  const row = actors.get(actorIdByStix.get(from.id) ?? '');
  if (row === undefined) continue;
  const techniqueId = techniqueIdByStix.get(to.id);
  const softwareId = actorIdByStix.get(to.id);
  if (techniqueId !== undefined) row.techniques.add(techniqueId);
  else if (softwareId?.startsWith('S')) row.software.add(softwareId);
}

// ---- output ---------------------------------------------------------------------------------
const sortIds = (ids: Iterable<string>) =>
  [...ids].sort((left, right) => left.localeCompare(right, 'en', { numeric: true }));
const json = (value: unknown) => JSON.stringify(value);
const header = (what: string) => `/**
 * ${what}
 * Generated by scripts/generate-attack.ts from MITRE ATT&CK Enterprise ${stixVersion} (STIX, mitre/cti
 * commit ${stixCommit}) and the ATT&CK v${supplement.attack_version} supplement. Do not edit.
 * © The MITRE Corporation. This work is reproduced and distributed with the permission of The
 * MITRE Corporation (see NOTICE).
 */
`;
const version = `enterprise-attack ${stixVersion} + v${supplement.attack_version} supplement`;

const tacticsModule = `${header('ATT&CK Enterprise tactics in matrix order, and the short names ATT&CK retired.')}
/** The data behind the ATT&CK tables. */
export const ATTACK_DATA_SOURCE = {
  /** \`enterprise-attack <STIX version> + v<supplement> supplement\`. */
  version: ${json(version)},
  /** ATT&CK version of the STIX release. */
  stixVersion: ${json(stixVersion)},
  /** ATT&CK version of the hand-written supplement (data/attack/attack-v19-supplement.json). */
  supplementVersion: ${json(supplement.attack_version)},
  /** Source repository and commit of the STIX data. */
  repository: 'https://github.com/mitre/cti',
  commit: ${json(stixCommit)},
} as const;

/** Tactics in matrix order: [id, short name, name, 1 when from the supplement]. */
export const ATTACK_TACTIC_ROWS: readonly (readonly [string, string, string, 0 | 1])[] = [
${tacticRows.map((row) => `  [${json(row.id)}, ${json(row.shortName)}, ${json(row.name)}, ${row.supplement ? 1 : 0}],`).join('\n')}
];

/** Retired tactic short names → the short name of the tactic that took over their id. */
export const ATTACK_TACTIC_ALIASES: Readonly<Record<string, string>> = ${json(aliases)};
`;

const techniquesModule = `${header('ATT&CK Enterprise techniques and sub-techniques.')}
/**
 * Technique id → [name, tactic short names (as ATT&CK gave them; a retired name resolves through
 * ATTACK_TACTIC_ALIASES), flags (1 revoked, 2 deprecated, 4 from the supplement), the id of the
 * technique that revoked it].
 */
export const ATTACK_TECHNIQUES: Readonly<
  Record<string, readonly [name: string, tactics: readonly string[], flags: number, revokedBy?: string]>
> = {
${sortIds(techniques.keys())
  .map((id) => {
    const row = techniques.get(id) as TechniqueRow;
    const tail = row.revokedBy === undefined ? '' : `, ${json(row.revokedBy)}`;
    return `  ${json(id)}: [${json(row.name)}, ${json(row.tactics)}, ${row.flags}${tail}],`;
  })
  .join('\n')}
};
`;

const componentsModule = `${header('ATT&CK data components, data sources, and the data components that detect each technique.')}
/** Data component id → [name, flags (1 revoked, 2 deprecated)]. */
export const ATTACK_DATA_COMPONENTS: Readonly<Record<string, readonly [name: string, flags: number]>> = {
${sortIds(dataComponents.keys())
  .map((id) => {
    const row = dataComponents.get(id) as { name: string; flags: number };
    return `  ${json(id)}: [${json(row.name)}, ${row.flags}],`;
  })
  .join('\n')}
};

/** Data source id → [name, flags] (ATT&CK deprecated data sources in v18). */
export const ATTACK_DATA_SOURCES: Readonly<Record<string, readonly [name: string, flags: number]>> = {
${sortIds(dataSources.keys())
  .map((id) => {
    const row = dataSources.get(id) as { name: string; flags: number };
    return `  ${json(id)}: [${json(row.name)}, ${row.flags}],`;
  })
  .join('\n')}
};

/** Technique id → space-separated ids of the data components its detection strategies use. */
export const ATTACK_TECHNIQUE_DATA_COMPONENTS: Readonly<Record<string, string>> = {
${sortIds(techniqueComponents.keys())
  .filter((id) => (techniqueComponents.get(id)?.size ?? 0) > 0)
  .map((id) => `  ${json(id)}: ${json(sortIds(techniqueComponents.get(id) ?? []).join(' '))},`)
  .join('\n')}
};
`;

const actorRow = (id: string) => {
  const row = actors.get(id) as ActorRow;
  const tail = row.revokedBy === undefined ? '' : `, ${json(row.revokedBy)}`;
  const kind = row.kind === undefined ? '' : `${json(row.kind)}, `;
  const software = row.kind === undefined ? `, ${json(sortIds(row.software).join(' '))}` : '';
  return `  ${json(id)}: [${json(row.name)}, ${kind}${json(row.aliases)}, ${row.flags}, ${json(sortIds(row.techniques).join(' '))}${software}${tail}],`;
};
const groupIds = sortIds([...actors.keys()].filter((id) => id.startsWith('G')));
const softwareIds = sortIds([...actors.keys()].filter((id) => id.startsWith('S')));
const groupsModule = `${header('ATT&CK groups (intrusion sets) with the techniques and software they use.')}
/**
 * Group id → [name, aliases, flags (1 revoked, 2 deprecated), space-separated technique ids,
 * space-separated software ids, the id of the group that revoked it].
 */
export const ATTACK_GROUPS: Readonly<
  Record<
    string,
    readonly [
      name: string,
      aliases: readonly string[],
      flags: number,
      techniques: string,
      software: string,
      revokedBy?: string,
    ]
  >
> = {
${groupIds.map(actorRow).join('\n')}
};
`;
const softwareModule = `${header('ATT&CK software (malware and tools) with the techniques they use.')}
/**
 * Software id → [name, kind, aliases, flags (1 revoked, 2 deprecated), space-separated technique
 * ids, the id of the software that revoked it].
 */
export const ATTACK_SOFTWARE: Readonly<
  Record<
    string,
    readonly [
      name: string,
      kind: 'malware' | 'tool',
      aliases: readonly string[],
      flags: number,
      techniques: string,
      revokedBy?: string,
    ]
  >
> = {
${softwareIds.map(actorRow).join('\n')}
};
`;

mkdirSync(outputDirectory, { recursive: true });
const files: [string, string][] = [
  ['attack-tactics.ts', tacticsModule],
  ['attack-techniques.ts', techniquesModule],
  ['attack-data-components.ts', componentsModule],
  ['attack-groups.ts', groupsModule],
  ['attack-software.ts', softwareModule],
];
for (const [name, text] of files) writeFileSync(join(outputDirectory, name), text);
const revoked = [...techniques.values()].filter((row) => (row.flags & 1) !== 0).length;
console.log(
  `generate-attack: ${version} (${stixCommit.slice(0, 12)}): ${tacticRows.length} tactics, ${techniques.size} techniques (${revoked} revoked), ${dataComponents.size} data components, ${dataSources.size} data sources, ${groupIds.length} groups, ${softwareIds.length} software → ${outputDirectory}`,
);
