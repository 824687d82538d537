/**
 * ATT&CK enrichment: OCSF `attacks[]` built from Sigma tags, and `finding_info.attacks[]` /
 * `finding_info.kill_chain[]` filled with technique, sub-technique and tactic names from the
 * tables generated from MITRE's ATT&CK data.
 */
import { ATTACK_DATA_SOURCE } from './generated/attack-tactics.js';
import { type AttackTactic, findAttackTactic } from './tactics.js';
import { type AttackTechnique, resolveAttackTechnique } from './techniques.js';

/** The ATT&CK data version the tables hold (`enterprise-attack 18.1 + v19 supplement`). */
export const ATTACK_VERSION: string = ATTACK_DATA_SOURCE.version;

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
