import { describe, expect, it } from 'vitest';
import { attacks, categoryAttacks, tacticOf } from './attack.js';

describe('attacks', () => {
  it('splits a sub-technique id into the technique and the named sub-technique', () => {
    expect(
      attacks([
        {
          tacticUid: 'ta0006',
          tacticName: 'Credential Access',
          techniqueUid: 't1110.003',
          techniqueName: 'Password Spraying',
        },
      ]),
    ).toEqual([
      {
        tactic: { uid: 'TA0006', name: 'Credential Access' },
        technique: { uid: 'T1110' },
        sub_technique: { uid: 'T1110.003', name: 'Password Spraying' },
      },
    ]);
  });

  it('drops malformed ids but keeps the names, merges duplicates, and is undefined for nothing', () => {
    expect(
      attacks([
        { tacticUid: 'CredentialAccess', tacticName: 'Credential Access', techniqueUid: 'T1110' },
        { tacticName: 'Credential Access', techniqueUid: 'T1110' },
        { techniqueUid: 'brute', techniqueName: 'Brute Force' },
      ]),
    ).toEqual([
      { tactic: { name: 'Credential Access' }, technique: { uid: 'T1110' } },
      { technique: { name: 'Brute Force' } },
    ]);
    expect(attacks([{}, { techniqueUid: 'x' }])).toBeUndefined();
  });
});

describe('tacticOf and categoryAttacks', () => {
  it.each([
    ['DefenseEvasion', 'TA0005'],
    ['Command and Control', 'TA0011'],
    ['credential_access', 'TA0006'],
  ])('%j is tactic %s', (name, uid) => {
    expect(tacticOf(name)?.tacticUid).toBe(uid);
  });

  it('is undefined for a category that is no tactic', () => {
    expect(tacticOf('SuspiciousActivity')).toBeUndefined();
    expect(tacticOf(undefined)).toBeUndefined();
  });

  it('puts every technique under the category tactic, or gives the tactic alone', () => {
    expect(categoryAttacks('Execution', ['T1059.001', 'T1204'])).toEqual([
      { tacticUid: 'TA0002', tacticName: 'Execution', techniqueUid: 'T1059.001' },
      { tacticUid: 'TA0002', tacticName: 'Execution', techniqueUid: 'T1204' },
    ]);
    expect(categoryAttacks('Execution', [])).toEqual([
      { tacticUid: 'TA0002', tacticName: 'Execution' },
    ]);
    expect(categoryAttacks('Malware', ['T1204'])).toEqual([{ techniqueUid: 'T1204' }]);
    expect(categoryAttacks('Malware', [])).toEqual([]);
  });
});
