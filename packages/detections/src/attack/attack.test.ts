import { readFileSync } from 'node:fs';
import { ocsf, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { resolveAttackGroup, resolveAttackSoftware } from './actors.js';
import { attackTechniqueDataComponents, resolveAttackDataComponent } from './data-components.js';
import { attacksFromTags, enrichFindingAttacks } from './enrich.js';
import { ATTACK_DATA_SOURCE } from './generated/attack-tactics.js';
import { ATTACK_TACTICS, findAttackTactic } from './tactics.js';
import { attackName, resolveAttackReference } from './tags.js';
import { attackSubTechniques, resolveAttackTechnique } from './techniques.js';

describe('ATT&CK tables from MITRE data, and enrichment', () => {
  it('names techniques and sub-techniques, with parents, tactics and URLs', () => {
    expect(resolveAttackTechnique('T1003')).toMatchObject({
      id: 'T1003',
      name: 'OS Credential Dumping',
      revoked: false,
      deprecated: false,
      supplement: false,
    });
    expect(attackName('T1566')).toBe('Phishing');
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
    expect(resolveAttackTechnique('T1053.005')?.tactics.map((tactic) => tactic.shortName)).toEqual([
      'execution',
      'persistence',
      'privilege-escalation',
    ]);
    expect(attackSubTechniques('T1003')).toContain('T1003.008');
    expect(resolveAttackTechnique('T9999')).toBeUndefined();
    expect(resolveAttackTechnique('cve.2021-44228')).toBeUndefined();
    // an unknown sub-technique of a known parent: the parent, no name of its own
    expect(resolveAttackTechnique('T1003.999')).toMatchObject({
      parentName: 'OS Credential Dumping',
    });
    expect(resolveAttackTechnique('T1003.999')?.name).toBeUndefined();
    expect(resolveAttackReference('T1003.999')).toBeUndefined();
  });

  it('keeps the name of a revoked or deprecated technique and gives the replacement', () => {
    expect(resolveAttackTechnique('T1086')).toMatchObject({
      name: 'PowerShell',
      revoked: true,
      revokedBy: { id: 'T1059.001', name: 'PowerShell' },
    });
    expect(resolveAttackTechnique('T1043')).toMatchObject({
      name: 'Commonly Used Port',
      deprecated: true,
    });
    expect(resolveAttackTechnique('T1043')?.revokedBy).toBeUndefined();
    // revoked by ATT&CK v19 (the supplement): the replacement's tactic
    const impair = resolveAttackTechnique('T1562.001');
    expect(impair).toMatchObject({
      name: 'Disable or Modify Tools',
      revoked: true,
      supplement: true,
      revokedBy: { id: 'T1685', name: 'Disable or Modify Tools' },
    });
    expect(impair?.tactics.map((tactic) => tactic.id)).toEqual(['TA0112']);
  });

  it('orders the tactics as the matrix does, with the v19 split of Defense Evasion', () => {
    expect(ATTACK_TACTICS.map((tactic) => tactic.shortName)).toEqual([
      'reconnaissance',
      'resource-development',
      'initial-access',
      'execution',
      'persistence',
      'privilege-escalation',
      'stealth',
      'defense-impairment',
      'credential-access',
      'discovery',
      'lateral-movement',
      'collection',
      'command-and-control',
      'exfiltration',
      'impact',
    ]);
    expect(ATTACK_TACTICS.map((tactic) => tactic.order)).toEqual(
      ATTACK_TACTICS.map((_, index) => index + 1),
    );
    expect(findAttackTactic('attack.command-and-control')?.id).toBe('TA0011');
    expect(findAttackTactic('attack.command_and_control')?.id).toBe('TA0011');
    expect(findAttackTactic('TA0008')?.name).toBe('Lateral Movement');
    expect(findAttackTactic('Command and Control')?.shortName).toBe('command-and-control');
    expect(findAttackTactic('attack.stealth')).toMatchObject({ id: 'TA0005', name: 'Stealth' });
    expect(findAttackTactic('attack.defense-impairment')).toMatchObject({
      id: 'TA0112',
      name: 'Defense Impairment',
    });
    // retired short names resolve to the tactic holding their id
    for (const retired of [
      'attack.defense_evasion',
      'defense-evasion',
      'Defense Evasion',
      'TA0005',
    ])
      expect(findAttackTactic(retired)?.shortName).toBe('stealth');
    expect(findAttackTactic('stealth')?.formerShortNames).toEqual(['defense-evasion']);
    expect(findAttackTactic('attack.t1003')).toBeUndefined();
    // techniques ATT&CK 18.1 files under defense-evasion resolve to the tactic holding TA0005
    expect(resolveAttackTechnique('T1027')?.tactics.map((tactic) => tactic.name)).toEqual([
      'Stealth',
    ]);
  });

  it('resolves groups, software and data components, with what they use', () => {
    const lazarus = resolveAttackGroup('attack.g0032');
    expect(lazarus).toMatchObject({ kind: 'group', id: 'G0032', name: 'Lazarus Group' });
    expect(lazarus?.aliases).toContain('HIDDEN COBRA');
    expect(lazarus?.techniques.length).toBeGreaterThan(50);
    expect(lazarus?.software?.length).toBeGreaterThan(10);
    const mimikatz = resolveAttackSoftware('S0002');
    expect(mimikatz).toMatchObject({ name: 'Mimikatz', softwareType: 'tool', revoked: false });
    expect(mimikatz?.techniques).toContain('T1003.001');
    expect(resolveAttackGroup('G0042')).toMatchObject({
      revoked: true,
      revokedBy: { id: 'G0040' },
    });
    expect(resolveAttackGroup('S0002')).toBeUndefined();
    expect(resolveAttackDataComponent('DC0084')?.name).toBe('Active Directory Credential Request');
    expect(resolveAttackDataComponent('attack.ds0005')).toMatchObject({
      kind: 'data-source',
      name: 'WMI',
      deprecated: true,
    });
    const lsass = attackTechniqueDataComponents('T1003.001');
    expect(lsass.length).toBeGreaterThan(0);
    for (const id of lsass) expect(resolveAttackDataComponent(id)?.kind).toBe('data-component');
  });

  it('resolves any tag or id to its kind and name', () => {
    expect(
      [
        'attack.t1003',
        'TA0001',
        'attack.initial_access',
        'attack.g0032',
        'S0002',
        'attack.ds0005',
      ].map((key) => {
        const reference = resolveAttackReference(key);
        return [reference?.kind, reference?.id, reference?.name];
      }),
    ).toEqual([
      ['technique', 'T1003', 'OS Credential Dumping'],
      ['tactic', 'TA0001', 'Initial Access'],
      ['tactic', 'TA0001', 'Initial Access'],
      ['group', 'G0032', 'Lazarus Group'],
      ['software', 'S0002', 'Mimikatz'],
      ['data-source', 'DS0005', 'WMI'],
    ]);
    expect(resolveAttackReference('attack.car.2013-05-004')).toBeUndefined();
    expect(ATTACK_DATA_SOURCE).toMatchObject({ stixVersion: '18.1', supplementVersion: '19' });
    expect(ATTACK_DATA_SOURCE.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('states the data version, source commit and MITRE terms in the NOTICE files', () => {
    for (const notice of ['../../NOTICE', '../../../../NOTICE']) {
      const text = readFileSync(new URL(notice, import.meta.url), 'utf8');
      expect(text).toContain(`ATT&CK v${ATTACK_DATA_SOURCE.stixVersion} Enterprise`);
      expect(text).toContain(ATTACK_DATA_SOURCE.commit);
      expect(text.replace(/\s+/g, ' ')).toContain(
        '© The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.',
      );
      expect(text).toContain('hereby grants you a non-exclusive, royalty-free license');
    }
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
