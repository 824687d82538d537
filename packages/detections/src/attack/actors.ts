/**
 * ATT&CK groups (`G0032`, Sigma `attack.g0032`) and software (`S0002`, `attack.s0002`) by id or
 * tag, with the techniques they use. A separate module from the technique tables, so importing
 * technique names does not pull these larger tables in.
 */
import { ATTACK_GROUPS } from './generated/attack-groups.js';
import { ATTACK_SOFTWARE } from './generated/attack-software.js';

/** A resolved ATT&CK group or software. */
export interface AttackActor {
  /** `group` (intrusion set) or `software` (malware or tool). */
  kind: 'group' | 'software';
  /** `G0032` / `S0002`. */
  id: string;
  /** Name: `Lazarus Group`, `Mimikatz`. */
  name: string;
  /** Other names ATT&CK lists. */
  aliases: readonly string[];
  /** For software: `malware` or `tool`. */
  softwareType?: 'malware' | 'tool';
  /** Ids of the techniques and sub-techniques it uses. */
  techniques: string[];
  /** For a group: ids of the software it uses. */
  software?: string[];
  /** ATT&CK revoked it (see `revokedBy`). */
  revoked: boolean;
  /** ATT&CK deprecated it. */
  deprecated: boolean;
  /** The group or software that replaced a revoked one. */
  revokedBy?: { id: string; name: string };
  /** `https://attack.mitre.org/groups/G0032/`. */
  url: string;
}

const ids = (list: string): string[] => (list === '' ? [] : list.split(' '));

function normalize(key: string, letter: 'G' | 'S'): string | undefined {
  const id = key
    .trim()
    .toUpperCase()
    .replace(/^ATTACK\./, '');
  return new RegExp(`^${letter}\\d{4}$`).test(id) ? id : undefined;
}

/** Resolves a group id (`G0032`, `g0032`, `attack.g0032`). */
export function resolveAttackGroup(key: string): AttackActor | undefined {
  const id = normalize(key, 'G');
  const row = id === undefined ? undefined : ATTACK_GROUPS[id];
  if (id === undefined || row === undefined) return undefined;
  const [name, aliases, flags, techniques, software, revokedBy] = row;
  const replacement = revokedBy === undefined ? undefined : ATTACK_GROUPS[revokedBy];
  return {
    kind: 'group',
    id,
    name,
    aliases,
    techniques: ids(techniques),
    software: ids(software),
    revoked: (flags & 1) !== 0,
    deprecated: (flags & 2) !== 0,
    ...(revokedBy !== undefined && replacement !== undefined
      ? { revokedBy: { id: revokedBy, name: replacement[0] } }
      : {}),
    url: `https://attack.mitre.org/groups/${id}/`,
  };
}

/** Resolves a software id (`S0002`, `s0002`, `attack.s0002`). */
export function resolveAttackSoftware(key: string): AttackActor | undefined {
  const id = normalize(key, 'S');
  const row = id === undefined ? undefined : ATTACK_SOFTWARE[id];
  if (id === undefined || row === undefined) return undefined;
  const [name, softwareType, aliases, flags, techniques, revokedBy] = row;
  const replacement = revokedBy === undefined ? undefined : ATTACK_SOFTWARE[revokedBy];
  return {
    kind: 'software',
    id,
    name,
    aliases,
    softwareType,
    techniques: ids(techniques),
    revoked: (flags & 1) !== 0,
    deprecated: (flags & 2) !== 0,
    ...(revokedBy !== undefined && replacement !== undefined
      ? { revokedBy: { id: revokedBy, name: replacement[0] } }
      : {}),
    url: `https://attack.mitre.org/software/${id}/`,
  };
}
