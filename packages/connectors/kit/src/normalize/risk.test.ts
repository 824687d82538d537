import { describe, expect, it } from 'vitest';
import { riskLevelAttributes, riskLevelOf } from './risk.js';

describe('riskLevelOf', () => {
  it.each([
    // Entra ID Protection (riskLevel, riskLevelDuringSignIn) and Defender (riskScore)
    ['none', 0],
    ['None', 0],
    ['Informational', 0],
    ['low', 1],
    ['Low', 1],
    ['medium', 2],
    ['high', 3],
    ['High', 3],
    // Okta debugData.risk and riskLevel
    ['{reasons=Anonymizing Proxy, level=HIGH}', 3],
    ['{reasons=Anomalous Location, level=MEDIUM}', 2],
    ['{level=LOW}', 1],
    ['HIGH', 3],
    ['critical', 4],
    // a level OCSF has no id for
    ['elevated', 99],
  ] as const)('%j → %i', (value, expected) => {
    expect(riskLevelOf(value)).toBe(expected);
  });

  it.each([
    [undefined],
    [null],
    [''],
    ['hidden'],
    ['unknownFutureValue'],
    ['{reasons=Anomalous Device}'],
    [3],
  ])('%j claims no level', (value) => {
    expect(riskLevelOf(value)).toBeUndefined();
  });
});

describe('riskLevelAttributes', () => {
  it('gives the id alone for a level OCSF names, the vendor word too for Other', () => {
    expect(riskLevelAttributes('Medium')).toEqual({ risk_level_id: 2 });
    expect(riskLevelAttributes('elevated')).toEqual({ risk_level_id: 99, risk_level: 'elevated' });
    expect(riskLevelAttributes('{reasons=Impossible Travel, level=SEVERE}')).toEqual({
      risk_level_id: 99,
      risk_level: 'SEVERE',
    });
    expect(riskLevelAttributes('hidden')).toEqual({});
  });
});
