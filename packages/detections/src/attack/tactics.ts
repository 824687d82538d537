/**
 * The ATT&CK Enterprise tactics in kill-chain order, from MITRE's STIX data (generated into
 * `generated/attack-tactics.ts`), with the Lockheed Martin kill-chain phase OCSF
 * `kill_chain_phase.phase_id` uses, and lookup by id, short name (Sigma `attack.<name>` tags,
 * `_` or `-`), display name, or a short name ATT&CK retired.
 *
 * ATT&CK v19 split Defense Evasion: Stealth keeps its id TA0005, Defense Impairment (TA0112) is
 * new. `defense-evasion` (and "Defense Evasion") therefore resolve to Stealth, the tactic that
 * holds TA0005 now; `ATTACK_TACTIC_ALIASES` lists such retired short names.
 */
import { ATTACK_TACTIC_ALIASES, ATTACK_TACTIC_ROWS } from './generated/attack-tactics.js';

/** One ATT&CK tactic. */
export interface AttackTactic {
  /** `TA0001`. */
  readonly id: string;
  /** Short name: `initial-access`. */
  readonly shortName: string;
  /** Display name: `Initial Access`. */
  readonly name: string;
  /** Position in the ATT&CK matrix, from 1 (Reconnaissance) to 15 (Impact). */
  readonly order: number;
  /** OCSF kill-chain `phase_id` (Lockheed Martin): 1 Reconnaissance … 7 Actions on Objectives. */
  readonly killChainPhaseId: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  /** Short names ATT&CK used for this tactic before (`defense-evasion` for Stealth). */
  readonly formerShortNames: readonly string[];
  /** `https://attack.mitre.org/tactics/TA0001/`. */
  readonly url: string;
}

/**
 * OpenMDR's mapping of ATT&CK tactics onto the seven Lockheed Martin phases (not ATT&CK data):
 * a tactic missing here (a future ATT&CK addition) falls back to 7, Actions on Objectives.
 */
const KILL_CHAIN_PHASE: Readonly<Record<string, AttackTactic['killChainPhaseId']>> = {
  reconnaissance: 1,
  'resource-development': 2,
  'initial-access': 3,
  execution: 4,
  persistence: 5,
  'privilege-escalation': 4,
  stealth: 5,
  'defense-impairment': 5,
  'credential-access': 7,
  discovery: 7,
  'lateral-movement': 7,
  collection: 7,
  'command-and-control': 6,
  exfiltration: 7,
  impact: 7,
};

/** The tactics of ATT&CK Enterprise in matrix (kill-chain) order. */
export const ATTACK_TACTICS: readonly AttackTactic[] = ATTACK_TACTIC_ROWS.map(
  ([id, shortName, name], index) => ({
    id,
    shortName,
    name,
    order: index + 1,
    killChainPhaseId: KILL_CHAIN_PHASE[shortName] ?? 7,
    formerShortNames: Object.keys(ATTACK_TACTIC_ALIASES).filter(
      (former) => ATTACK_TACTIC_ALIASES[former] === shortName,
    ),
    url: `https://attack.mitre.org/tactics/${id}/`,
  }),
);

export { ATTACK_TACTIC_ALIASES };

const BY_KEY = new Map<string, AttackTactic>();
for (const tactic of ATTACK_TACTICS) {
  for (const shortName of [tactic.shortName, ...tactic.formerShortNames]) {
    BY_KEY.set(shortName, tactic);
    BY_KEY.set(shortName.replace(/-/g, ' '), tactic);
  }
  BY_KEY.set(tactic.name.toLowerCase(), tactic);
  BY_KEY.set(tactic.id.toLowerCase(), tactic);
}

/**
 * Finds a tactic by id (`TA0002`), short name (`execution`, `attack.execution`,
 * `attack.command_and_control`), display name (`Command and Control`), or a retired short name
 * or display name (`defense-evasion`, `Defense Evasion` → Stealth), case-insensitively.
 */
export function findAttackTactic(key: string): AttackTactic | undefined {
  const normalized = key
    .trim()
    .toLowerCase()
    .replace(/^attack\./, '')
    .replace(/_/g, '-');
  return BY_KEY.get(normalized) ?? BY_KEY.get(normalized.replace(/-/g, ' '));
}
