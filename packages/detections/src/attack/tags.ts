/**
 * One lookup for any ATT&CK reference — a Sigma tag (`attack.t1003`, `attack.defense_evasion`,
 * `attack.g0032`, `attack.s0002`, `attack.ds0005`) or a bare id (`T1566`, `TA0001`, `G0032`) —
 * to its kind, id and name.
 */
import { type AttackActor, resolveAttackGroup, resolveAttackSoftware } from './actors.js';
import { type AttackDataComponent, resolveAttackDataComponent } from './data-components.js';
import { type AttackTactic, findAttackTactic } from './tactics.js';
import { type AttackTechnique, resolveAttackTechnique } from './techniques.js';

/** What an ATT&CK reference resolved to. */
export type AttackReference =
  | { kind: 'technique'; id: string; name: string; technique: AttackTechnique }
  | { kind: 'tactic'; id: string; name: string; tactic: AttackTactic }
  | { kind: 'group' | 'software'; id: string; name: string; actor: AttackActor }
  | {
      kind: 'data-component' | 'data-source';
      id: string;
      name: string;
      dataComponent: AttackDataComponent;
    };

/**
 * Resolves an ATT&CK tag or id to its kind, id and name; undefined when it names nothing ATT&CK
 * knows (a technique is resolved only when ATT&CK names it, not from its parent alone).
 */
export function resolveAttackReference(key: string): AttackReference | undefined {
  const bare = key
    .trim()
    .toLowerCase()
    .replace(/^attack\./, '');
  if (/^t\d{4}(\.\d{3})?$/.test(bare)) {
    const technique = resolveAttackTechnique(bare);
    return technique?.name === undefined
      ? undefined
      : { kind: 'technique', id: technique.id, name: technique.name, technique };
  }
  if (/^[gs]\d{4}$/.test(bare)) {
    const actor = bare.startsWith('g') ? resolveAttackGroup(bare) : resolveAttackSoftware(bare);
    return actor === undefined
      ? undefined
      : { kind: actor.kind, id: actor.id, name: actor.name, actor };
  }
  if (/^d[cs]\d{4}$/.test(bare)) {
    const dataComponent = resolveAttackDataComponent(bare);
    return dataComponent === undefined
      ? undefined
      : { kind: dataComponent.kind, id: dataComponent.id, name: dataComponent.name, dataComponent };
  }
  const tactic = findAttackTactic(bare);
  return tactic === undefined
    ? undefined
    : { kind: 'tactic', id: tactic.id, name: tactic.name, tactic };
}

/** The ATT&CK name of a tag or id (`T1003` → `OS Credential Dumping`), or undefined. */
export function attackName(key: string): string | undefined {
  return resolveAttackReference(key)?.name;
}
