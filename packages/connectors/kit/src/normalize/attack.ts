import { compact, type OcsfPart, part } from './compact.js';

const TECHNIQUE = /^T\d{4}(?:\.\d{3})?$/i;
const TACTIC = /^TA\d{4}$/i;

/** One ATT&CK tactic/technique pair as the vendor names it. */
export interface AttackInput {
  /** `TA0006`. */
  tacticUid?: string | undefined;
  /** `Credential Access`. */
  tacticName?: string | undefined;
  /** `T1110` or a sub-technique `T1110.003`. */
  techniqueUid?: string | undefined;
  /** The name of the technique, or of the sub-technique when the uid names one. */
  techniqueName?: string | undefined;
  /** The ATT&CK version the mapping follows (`16.1`). */
  version?: string | undefined;
}

/**
 * OCSF `attacks` from ATT&CK pairs: technique ids of the form `T1059.001` become a technique
 * `T1059` with a sub-technique (which takes the name); malformed ids are dropped (the names are
 * kept); duplicates are merged. `undefined` when no pair names a tactic or technique.
 */
export function attacks(inputs: readonly AttackInput[]): OcsfPart[] | undefined {
  const out = new Map<string, OcsfPart>();
  for (const input of inputs) {
    const tacticUid = input.tacticUid && TACTIC.test(input.tacticUid) ? input.tacticUid : undefined;
    const tactic = part({ uid: tacticUid?.toUpperCase(), name: input.tacticName });
    const techniqueUid =
      input.techniqueUid && TECHNIQUE.test(input.techniqueUid)
        ? input.techniqueUid.toUpperCase()
        : undefined;
    let technique: OcsfPart | undefined;
    let subTechnique: OcsfPart | undefined;
    if (techniqueUid?.includes('.')) {
      technique = { uid: techniqueUid.split('.')[0] };
      subTechnique = part({ uid: techniqueUid, name: input.techniqueName });
    } else {
      technique = part({ uid: techniqueUid, name: input.techniqueName });
    }
    if (!tactic && !technique) continue;
    const attack = compact({
      tactic,
      technique,
      sub_technique: subTechnique,
      version: input.version,
    });
    out.set(JSON.stringify(attack), attack);
  }
  return out.size > 0 ? [...out.values()] : undefined;
}

/** ATT&CK tactics by the names vendors use (without spaces, any case). */
const TACTICS: Readonly<Record<string, [string, string]>> = {
  reconnaissance: ['TA0043', 'Reconnaissance'],
  resourcedevelopment: ['TA0042', 'Resource Development'],
  initialaccess: ['TA0001', 'Initial Access'],
  execution: ['TA0002', 'Execution'],
  persistence: ['TA0003', 'Persistence'],
  privilegeescalation: ['TA0004', 'Privilege Escalation'],
  defenseevasion: ['TA0005', 'Defense Evasion'],
  credentialaccess: ['TA0006', 'Credential Access'],
  discovery: ['TA0007', 'Discovery'],
  lateralmovement: ['TA0008', 'Lateral Movement'],
  collection: ['TA0009', 'Collection'],
  commandandcontrol: ['TA0011', 'Command and Control'],
  exfiltration: ['TA0010', 'Exfiltration'],
  impact: ['TA0040', 'Impact'],
};

/** The ATT&CK tactic of a category name (`DefenseEvasion`, `Command and Control`), if it is one. */
export function tacticOf(name: string | undefined): AttackInput | undefined {
  if (!name) return undefined;
  const found = TACTICS[name.replace(/[\s_-]/g, '').toLowerCase()];
  return found ? { tacticUid: found[0], tacticName: found[1] } : undefined;
}

/**
 * ATT&CK pairs of an alert that names one tactic by category (Defender's `category`) and lists
 * technique ids (`mitreTechniques`): each technique under that tactic, or the tactic alone.
 */
export function categoryAttacks(
  category: string | undefined,
  techniqueUids: readonly string[],
): AttackInput[] {
  const tactic = tacticOf(category);
  if (techniqueUids.length > 0)
    return techniqueUids.map((techniqueUid) => ({ ...tactic, techniqueUid }));
  return tactic ? [tactic] : [];
}
