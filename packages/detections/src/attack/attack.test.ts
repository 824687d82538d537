import { ocsf, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { attacksFromTags, enrichFindingAttacks, resolveAttackTechnique } from './enrich.js';
import { ATTACK_TECHNIQUES } from './generated/attack-table.js';
import { findAttackTactic } from './tactics.js';

describe('ATT&CK table and enrichment', () => {
  it('resolves techniques, sub-techniques and tactics by id or Sigma tag', () => {
    expect(resolveAttackTechnique('attack.t1059.001')).toMatchObject({
      id: 'T1059.001',
      name: 'PowerShell',
      parentId: 'T1059',
      parentName: 'Command and Scripting Interpreter',
      url: 'https://attack.mitre.org/techniques/T1059/001/',
    });
    expect(resolveAttackTechnique('T1003.001')?.tactics.map((tactic) => tactic.id)).toEqual([
      'TA0006',
    ]);
    expect(resolveAttackTechnique('T9999')).toBeUndefined();
    expect(findAttackTactic('attack.command-and-control')?.id).toBe('TA0011');
    expect(findAttackTactic('TA0008')?.name).toBe('Lateral Movement');
    expect(findAttackTactic('stealth')).toMatchObject({ name: 'Stealth', order: 7 });
  });

  it('covers every technique the SigmaHQ corpus tags (names where curated)', () => {
    const named = Object.values(ATTACK_TECHNIQUES).filter(([name]) => name !== null).length;
    expect(Object.keys(ATTACK_TECHNIQUES).length).toBeGreaterThan(400);
    expect(named / Object.keys(ATTACK_TECHNIQUES).length).toBeGreaterThan(0.95);
  });

  it('builds OCSF attacks from tags, narrowing to tagged tactics', () => {
    const attacks = attacksFromTags([
      'attack.execution',
      'attack.t1059.001',
      'attack.t1003.001',
      'attack.credential-access',
      'cve.2021-44228',
    ]);
    expect(
      attacks.map((attack) => [
        attack.technique?.uid,
        attack.sub_technique?.uid,
        attack.tactic?.uid,
      ]),
    ).toEqual([
      ['T1059', 'T1059.001', 'TA0002'],
      ['T1003', 'T1003.001', 'TA0006'],
    ]);
  });

  it('enriches a finding with names and kill-chain phases, staying valid OCSF', () => {
    const finding = ocsf.detectionFinding({
      activity_id: 1,
      severity_id: 3,
      status_id: 1,
      time: 0,
      finding_info: {
        uid: 'x',
        title: 'x',
        attacks: [
          { technique: { uid: 'T1566.001' } },
          { tactic: { uid: 'TA0011' }, technique: { uid: 'T1071' } },
        ],
      },
      metadata: { product: { name: 'x' } },
    });
    const enriched = enrichFindingAttacks(finding);
    expect(enriched.finding_info.attacks?.[0]).toMatchObject({
      technique: { uid: 'T1566', name: 'Phishing' },
      sub_technique: { uid: 'T1566.001', name: 'Spearphishing Attachment' },
      tactic: { uid: 'TA0001', name: 'Initial Access' },
    });
    expect(enriched.finding_info.attacks?.[1]?.tactic?.name).toBe('Command and Control');
    expect(enriched.finding_info.kill_chain?.map((phase) => phase.phase_id)).toEqual([3, 6]);
    expect(validateOcsfEvent(enriched, { mode: 'strict' }).ok).toBe(true);
  });
});
