/**
 * ATT&CK Enterprise from MITRE's STIX data: tactics in kill-chain order, techniques,
 * sub-techniques, groups, software and data components by id or Sigma tag, and finding
 * enrichment.
 */
export { type AttackActor, resolveAttackGroup, resolveAttackSoftware } from './actors.js';
export {
  type AttackDataComponent,
  attackTechniqueDataComponents,
  resolveAttackDataComponent,
} from './data-components.js';
export {
  ATTACK_VERSION,
  attacksFromTags,
  enrichFindingAttacks,
  type OcsfAttack,
} from './enrich.js';
export { ATTACK_DATA_SOURCE } from './generated/attack-tactics.js';
export { ATTACK_TECHNIQUES } from './generated/attack-techniques.js';
export {
  ATTACK_TACTIC_ALIASES,
  ATTACK_TACTICS,
  type AttackTactic,
  findAttackTactic,
} from './tactics.js';
export { type AttackReference, attackName, resolveAttackReference } from './tags.js';
export {
  type AttackTechnique,
  attackSubTechniques,
  normalizeAttackTechniqueId,
  resolveAttackTechnique,
} from './techniques.js';
