/** ATT&CK Enterprise: tactics in kill-chain order, the generated technique table and finding enrichment. */
export {
  ATTACK_VERSION,
  type AttackTechnique,
  attacksFromTags,
  enrichFindingAttacks,
  type OcsfAttack,
  resolveAttackTechnique,
} from './enrich.js';
export { ATTACK_TABLE_VERSION, ATTACK_TECHNIQUES } from './generated/attack-table.js';
export { ATTACK_TACTICS, type AttackTactic, findAttackTactic } from './tactics.js';
