/**
 * ATT&CK techniques and sub-techniques by id or Sigma tag: names, parents, tactics, and the
 * revoked / deprecated state with the replacement ATT&CK names (`revoked-by`).
 */
import { ATTACK_TECHNIQUES } from './generated/attack-techniques.js';
import { type AttackTactic, findAttackTactic } from './tactics.js';

/** A resolved technique or sub-technique. */
export interface AttackTechnique {
  /** `T1059.001`. */
  id: string;
  /** Name; absent only for a sub-technique ATT&CK does not know under a known parent. */
  name?: string;
  /** The parent technique id of a sub-technique. */
  parentId?: string;
  /** Name of the parent technique. */
  parentName?: string;
  /**
   * Its tactics, in kill-chain order. A revoked technique with a replacement has the
   * replacement's tactics; a retired tactic short name resolves to the tactic holding its id.
   */
  tactics: AttackTactic[];
  /** `https://attack.mitre.org/techniques/T1059/001/`. */
  url: string;
  /** ATT&CK revoked it (see `revokedBy`). */
  revoked: boolean;
  /** ATT&CK deprecated it (no replacement). */
  deprecated: boolean;
  /** The technique that replaced a revoked one. */
  revokedBy?: { id: string; name: string };
  /** True when it comes from the hand-written ATT&CK v19 supplement, not MITRE's STIX data. */
  supplement: boolean;
}

const REVOKED = 1;
const DEPRECATED = 2;
const SUPPLEMENT = 4;

/** A technique id from `T1059.001`, `t1059.001`, `attack.t1059.001`; undefined when not one. */
export function normalizeAttackTechniqueId(key: string): string | undefined {
  const id = key
    .trim()
    .toUpperCase()
    .replace(/^ATTACK\./, '');
  return /^T\d{4}(\.\d{3})?$/.test(id) ? id : undefined;
}

function tacticsOf(shortNames: readonly string[] | undefined): AttackTactic[] {
  const tactics = (shortNames ?? [])
    .map((name) => findAttackTactic(name))
    .filter((tactic): tactic is AttackTactic => tactic !== undefined);
  return [...new Set(tactics)].sort((left, right) => left.order - right.order);
}

/**
 * Resolves a technique id (`T1059.001`, `t1059.001`, `attack.t1059.001`): undefined when neither
 * it nor (for a sub-technique) its parent is an ATT&CK technique. A revoked technique keeps its
 * own name and carries `revokedBy` (the replacement's id and name).
 */
export function resolveAttackTechnique(key: string): AttackTechnique | undefined {
  const id = normalizeAttackTechniqueId(key);
  if (id === undefined) return undefined;
  const entry = ATTACK_TECHNIQUES[id];
  const parentId = id.includes('.') ? (id.split('.')[0] as string) : undefined;
  const parent = parentId === undefined ? undefined : ATTACK_TECHNIQUES[parentId];
  if (entry === undefined && parent === undefined) return undefined;
  const flags = entry?.[2] ?? 0;
  const replacementId = entry?.[3];
  const replacement = replacementId === undefined ? undefined : ATTACK_TECHNIQUES[replacementId];
  const technique: AttackTechnique = {
    id,
    tactics: tacticsOf(replacement?.[1] ?? entry?.[1] ?? parent?.[1]),
    url: `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`,
    revoked: (flags & REVOKED) !== 0,
    deprecated: (flags & DEPRECATED) !== 0,
    supplement: (flags & SUPPLEMENT) !== 0,
  };
  if (entry !== undefined) technique.name = entry[0];
  if (parentId !== undefined) {
    technique.parentId = parentId;
    if (parent !== undefined) technique.parentName = parent[0];
  }
  if (replacementId !== undefined && replacement !== undefined)
    technique.revokedBy = { id: replacementId, name: replacement[0] };
  return technique;
}

/** The ids of the sub-techniques of a technique, in id order. */
export function attackSubTechniques(key: string): string[] {
  const id = normalizeAttackTechniqueId(key);
  if (id === undefined || id.includes('.')) return [];
  return Object.keys(ATTACK_TECHNIQUES)
    .filter((other) => other.startsWith(`${id}.`))
    .sort();
}
