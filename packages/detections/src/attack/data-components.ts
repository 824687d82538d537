/**
 * ATT&CK data components (`DC0084`) and the deprecated data sources (`DS0005`, Sigma
 * `attack.ds0005`), and the data components whose analytics detect a technique.
 */
import {
  ATTACK_DATA_COMPONENTS,
  ATTACK_DATA_SOURCES,
  ATTACK_TECHNIQUE_DATA_COMPONENTS,
} from './generated/attack-data-components.js';
import { normalizeAttackTechniqueId } from './techniques.js';

/** A resolved data component or data source. */
export interface AttackDataComponent {
  /** `data-component` (`DC0084`) or `data-source` (`DS0005`, deprecated by ATT&CK v18). */
  kind: 'data-component' | 'data-source';
  /** `DC0084`. */
  id: string;
  /** `Active Directory Credential Request`. */
  name: string;
  /** ATT&CK revoked it. */
  revoked: boolean;
  /** ATT&CK deprecated it. */
  deprecated: boolean;
}

/** Resolves a data component (`DC0084`) or data source (`DS0005`, `attack.ds0005`) id. */
export function resolveAttackDataComponent(key: string): AttackDataComponent | undefined {
  const id = key
    .trim()
    .toUpperCase()
    .replace(/^ATTACK\./, '');
  const kind = id.startsWith('DC') ? 'data-component' : 'data-source';
  const row = /^D[CS]\d{4}$/.test(id)
    ? (kind === 'data-component' ? ATTACK_DATA_COMPONENTS : ATTACK_DATA_SOURCES)[id]
    : undefined;
  if (row === undefined) return undefined;
  return { kind, id, name: row[0], revoked: (row[1] & 1) !== 0, deprecated: (row[1] & 2) !== 0 };
}

/**
 * The data components (ids, in order) used by the analytics of the ATT&CK detection strategies
 * that detect a technique; empty when ATT&CK gives none.
 */
export function attackTechniqueDataComponents(key: string): string[] {
  const id = normalizeAttackTechniqueId(key);
  const list = id === undefined ? undefined : ATTACK_TECHNIQUE_DATA_COMPONENTS[id];
  return list === undefined ? [] : list.split(' ');
}
