/**
 * ATT&CK enrichment: technique and tactic ids resolved to names, tactics and kill-chain phases
 * from the generated table, and OCSF `attacks[]` / `kill_chain[]` filled on findings.
 */
import { ATTACK_TABLE_VERSION, ATTACK_TECHNIQUES } from './generated/attack-table.js';
import { type AttackTactic, findAttackTactic } from './tactics.js';

/** A resolved technique. */
export interface AttackTechnique {
  /** `T1059.001`. */
  id: string;
  /** Name, when the table has one. */
  name?: string;
  /** The parent technique id of a sub-technique. */
  parentId?: string;
  /** Name of the parent technique. */
  parentName?: string;
  /** Its tactics, in kill-chain order. */
  tactics: AttackTactic[];
  /** `https://attack.mitre.org/techniques/T1059/001/`. */
  url: string;
}

/** The version of the bundled ATT&CK table. */
export const ATTACK_VERSION: string = ATTACK_TABLE_VERSION;

/** Resolves a technique id (`T1059.001`, `t1059.001`, `attack.t1059.001`). */
export function resolveAttackTechnique(key: string): AttackTechnique | undefined {
  const id = key
    .trim()
    .toUpperCase()
    .replace(/^ATTACK\./, '');
  if (!/^T\d{4}(\.\d{3})?$/.test(id)) return undefined;
  const entry = ATTACK_TECHNIQUES[id];
  const parentId = id.includes('.') ? (id.split('.')[0] as string) : undefined;
  const parent = parentId === undefined ? undefined : ATTACK_TECHNIQUES[parentId];
  if (entry === undefined && parent === undefined) return undefined;
  const tactics = (entry?.[1] ?? parent?.[1] ?? [])
    .map((name) => findAttackTactic(name))
    .filter((tactic): tactic is AttackTactic => tactic !== undefined);
  const technique: AttackTechnique = {
    id,
    tactics,
    url: `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`,
  };
  if (entry?.[0] != null) technique.name = entry[0];
  if (parentId !== undefined) {
    technique.parentId = parentId;
    if (parent?.[0] != null) technique.parentName = parent[0];
  }
  return technique;
}

/** An OCSF `attack` object. */
export interface OcsfAttack {
  technique?: { uid: string; name?: string; src_url?: string };
  sub_technique?: { uid: string; name?: string; src_url?: string };
  tactic?: { uid?: string; name: string };
  version?: string;
}

/**
 * OCSF `attacks[]` from ATT&CK tags (`attack.t1059.001`, `attack.execution`, `T1003`, `TA0006`):
 * one entry per technique and tactic of the technique (tags naming a tactic narrow the
 * technique's tactics to those; a tactic without technique gets its own entry).
 */
export function attacksFromTags(tags: readonly string[]): OcsfAttack[] {
  const techniques: AttackTechnique[] = [];
  const tactics: AttackTactic[] = [];
  for (const tag of tags) {
    const technique = resolveAttackTechnique(tag);
    if (technique !== undefined) {
      if (!techniques.some((known) => known.id === technique.id)) techniques.push(technique);
      continue;
    }
    const tactic =
      /^(attack\.)?ta\d{4}$/i.test(tag) ||
      tag.toLowerCase().startsWith('attack.') ||
      findAttackTactic(tag) !== undefined
        ? findAttackTactic(tag)
        : undefined;
    if (tactic !== undefined && !tactics.includes(tactic)) tactics.push(tactic);
  }
  const attacks: OcsfAttack[] = [];
  const used = new Set<AttackTactic>();
  for (const technique of techniques) {
    const applicable =
      tactics.length > 0 && technique.tactics.some((tactic) => tactics.includes(tactic))
        ? technique.tactics.filter((tactic) => tactics.includes(tactic))
        : technique.tactics;
    const base: OcsfAttack = { version: ATTACK_VERSION };
    if (technique.parentId !== undefined) {
      base.technique = {
        uid: technique.parentId,
        ...(technique.parentName === undefined ? {} : { name: technique.parentName }),
        src_url: `https://attack.mitre.org/techniques/${technique.parentId}/`,
      };
      base.sub_technique = {
        uid: technique.id,
        ...(technique.name === undefined ? {} : { name: technique.name }),
        src_url: technique.url,
      };
    } else
      base.technique = {
        uid: technique.id,
        ...(technique.name === undefined ? {} : { name: technique.name }),
        src_url: technique.url,
      };
    if (applicable.length === 0) attacks.push(base);
    for (const tactic of applicable) {
      used.add(tactic);
      attacks.push({
        ...base,
        tactic: { name: tactic.name, ...(tactic.id === undefined ? {} : { uid: tactic.id }) },
      });
    }
  }
  for (const tactic of tactics)
    if (!used.has(tactic))
      attacks.push({
        version: ATTACK_VERSION,
        tactic: { name: tactic.name, ...(tactic.id === undefined ? {} : { uid: tactic.id }) },
      });
  return attacks;
}

/**
 * Enriches a finding's `finding_info.attacks[]`: technique, sub-technique and tactic names (and
 * ids) filled from the table, and `finding_info.kill_chain[]` set from the tactics' kill-chain
 * phases. Returns a copy; unknown ids are left as they are.
 */
export function enrichFindingAttacks<T extends object>(finding: T): T {
  const info = (finding as Record<string, unknown>)['finding_info'] as
    | Record<string, unknown>
    | undefined;
  const attacks = Array.isArray(info?.['attacks'])
    ? (info?.['attacks'] as Record<string, Record<string, unknown> | undefined>[])
    : [];
  if (info === undefined || attacks.length === 0) return finding;
  const phases = new Set<number>();
  const enriched = attacks.map((attack) => {
    const copy: Record<string, unknown> = { ...attack };
    const techniqueId = (attack['sub_technique']?.['uid'] ?? attack['technique']?.['uid']) as
      | string
      | undefined;
    const technique = techniqueId === undefined ? undefined : resolveAttackTechnique(techniqueId);
    if (technique !== undefined) {
      if (technique.parentId !== undefined) {
        copy['technique'] = {
          ...attack['technique'],
          uid: technique.parentId,
          ...(technique.parentName === undefined ? {} : { name: technique.parentName }),
        };
        copy['sub_technique'] = {
          ...attack['sub_technique'],
          uid: technique.id,
          ...(technique.name === undefined ? {} : { name: technique.name }),
        };
      } else
        copy['technique'] = {
          ...attack['technique'],
          uid: technique.id,
          ...(technique.name === undefined ? {} : { name: technique.name }),
        };
    }
    const tacticKey = (attack['tactic']?.['uid'] ?? attack['tactic']?.['name']) as
      | string
      | undefined;
    const tactic =
      tacticKey === undefined
        ? technique?.tactics.length === 1
          ? technique.tactics[0]
          : undefined
        : findAttackTactic(tacticKey);
    if (tactic !== undefined) {
      copy['tactic'] = {
        ...attack['tactic'],
        name: tactic.name,
        ...(tactic.id === undefined ? {} : { uid: tactic.id }),
      };
      phases.add(tactic.killChainPhaseId);
    } else for (const known of technique?.tactics ?? []) phases.add(known.killChainPhaseId);
    copy['version'] ??= ATTACK_VERSION;
    return copy;
  });
  const killChain = [...phases]
    .sort((left, right) => left - right)
    .map((phase_id) => ({ phase_id }));
  return {
    ...finding,
    finding_info: {
      ...info,
      attacks: enriched,
      ...(killChain.length > 0 ? { kill_chain: killChain } : {}),
    },
  };
}
