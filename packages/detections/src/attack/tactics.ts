/**
 * The ATT&CK Enterprise tactics in kill-chain order, with ids, short names (the
 * `kill_chain_phases.phase_name` of ATT&CK STIX data and the Sigma `attack.<name>` tags) and the
 * Lockheed Martin kill-chain phase OCSF `kill_chain_phase.phase_id` uses.
 *
 * Defense Evasion (TA0005) is split into Stealth and Defense Impairment in newer ATT&CK
 * releases; SigmaHQ tags use the new names. Their ATT&CK ids could not be checked offline, so
 * they carry no `id` here (see docs/detections/scoring.md).
 */

/** One ATT&CK tactic. */
export interface AttackTactic {
  /** `TA0001`…, when known. */
  readonly id?: string;
  /** Short name: `initial-access`. */
  readonly shortName: string;
  /** Display name: `Initial Access`. */
  readonly name: string;
  /** Position in the ATT&CK kill chain, from 1 (Reconnaissance) to 14 (Impact). */
  readonly order: number;
  /** OCSF kill-chain `phase_id` (Lockheed Martin): 1 Reconnaissance … 7 Actions on Objectives. */
  readonly killChainPhaseId: 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

/** The tactics of ATT&CK Enterprise in kill-chain order. */
export const ATTACK_TACTICS: readonly AttackTactic[] = [
  {
    id: 'TA0043',
    shortName: 'reconnaissance',
    name: 'Reconnaissance',
    order: 1,
    killChainPhaseId: 1,
  },
  {
    id: 'TA0042',
    shortName: 'resource-development',
    name: 'Resource Development',
    order: 2,
    killChainPhaseId: 2,
  },
  {
    id: 'TA0001',
    shortName: 'initial-access',
    name: 'Initial Access',
    order: 3,
    killChainPhaseId: 3,
  },
  { id: 'TA0002', shortName: 'execution', name: 'Execution', order: 4, killChainPhaseId: 4 },
  { id: 'TA0003', shortName: 'persistence', name: 'Persistence', order: 5, killChainPhaseId: 5 },
  {
    id: 'TA0004',
    shortName: 'privilege-escalation',
    name: 'Privilege Escalation',
    order: 6,
    killChainPhaseId: 4,
  },
  {
    id: 'TA0005',
    shortName: 'defense-evasion',
    name: 'Defense Evasion',
    order: 7,
    killChainPhaseId: 5,
  },
  { shortName: 'stealth', name: 'Stealth', order: 7, killChainPhaseId: 5 },
  { shortName: 'defense-impairment', name: 'Defense Impairment', order: 7, killChainPhaseId: 5 },
  {
    id: 'TA0006',
    shortName: 'credential-access',
    name: 'Credential Access',
    order: 8,
    killChainPhaseId: 7,
  },
  { id: 'TA0007', shortName: 'discovery', name: 'Discovery', order: 9, killChainPhaseId: 7 },
  {
    id: 'TA0008',
    shortName: 'lateral-movement',
    name: 'Lateral Movement',
    order: 10,
    killChainPhaseId: 7,
  },
  { id: 'TA0009', shortName: 'collection', name: 'Collection', order: 11, killChainPhaseId: 7 },
  {
    id: 'TA0011',
    shortName: 'command-and-control',
    name: 'Command and Control',
    order: 12,
    killChainPhaseId: 6,
  },
  { id: 'TA0010', shortName: 'exfiltration', name: 'Exfiltration', order: 13, killChainPhaseId: 7 },
  { id: 'TA0040', shortName: 'impact', name: 'Impact', order: 14, killChainPhaseId: 7 },
];

const BY_KEY = new Map<string, AttackTactic>();
for (const tactic of ATTACK_TACTICS) {
  BY_KEY.set(tactic.shortName, tactic);
  BY_KEY.set(tactic.name.toLowerCase(), tactic);
  if (tactic.id !== undefined) BY_KEY.set(tactic.id.toLowerCase(), tactic);
}

/**
 * Finds a tactic by id (`TA0002`), short name (`execution`, `attack.execution`), or display
 * name (`Command and Control`), case-insensitively.
 */
export function findAttackTactic(key: string): AttackTactic | undefined {
  const normalized = key
    .trim()
    .toLowerCase()
    .replace(/^attack\./, '')
    .replace(/_/g, '-');
  return BY_KEY.get(normalized) ?? BY_KEY.get(normalized.replace(/-/g, ' '));
}
