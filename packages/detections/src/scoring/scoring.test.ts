import { describe, expect, it } from 'vitest';
import { addEntityRisk, emptyEntityRiskState, entityRisk, ZETA_1_5 } from './entity-risk.js';
import { applyFindingScore, scoreFinding } from './score-finding.js';
import { resolveScoringConfig, ScoringConfigError } from './scoring-config.js';

const HOUR = 3_600_000;

function finding(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    class_uid: 2004,
    severity_id: 4,
    time: 0,
    finding_info: { uid: 'f1', title: 't' },
    metadata: { version: '1.8.0', product: { name: 'x' } },
    device: { hostname: 'DC-01', type_id: 0 },
    actor: { user: { name: 'alice' } },
    ...overrides,
  };
}

describe('scoreFinding', () => {
  it('explains each factor: contributions are weight × value over the applied weights and sum to the score', () => {
    const config = resolveScoringConfig({
      assetCriticality: { 'dc-*': 'critical' },
      userPrivilege: { alice: 'high' },
    });
    const result = scoreFinding(finding(), config, { ruleConfidence: 0.9 });
    // applied weights: severity 40 + rule 15 + asset 20 + user 15 = 90; indicator not applied
    const expected = {
      severity: (100 * 40 * 0.8) / 90,
      ruleConfidence: (100 * 15 * 0.9) / 90,
      assetCriticality: (100 * 20 * 1) / 90,
      userPrivilege: (100 * 15 * 0.75) / 90,
    };
    for (const [name, points] of Object.entries(expected))
      expect(result.factors.find((factor) => factor.factor === name)?.contribution).toBeCloseTo(
        points,
        2,
      );
    const indicator = result.factors.find((factor) => factor.factor === 'indicatorConfidence');
    expect(indicator).toMatchObject({ applied: false, contribution: 0, reason: 'no indicator' });
    const sum = Object.values(expected).reduce((total, value) => total + value, 0);
    expect(result.score).toBe(Math.round(sum));
    expect(result.score).toBe(85);
    expect(result.level).toBe('Critical');
    expect(result.explanation).toContain(
      'assetCriticality: +22.22 (value 1.00 × weight 20; host DC-01: asset table entry dc-*)',
    );
    expect(result.explanation).toContain('userPrivilege: +12.50');
  });

  it('uses indicator confidence for intel findings, OCSF admin users, defaults and per-tenant weights', () => {
    const config = resolveScoringConfig({
      weights: {
        severity: 50,
        indicatorConfidence: 50,
        ruleConfidence: 0,
        assetCriticality: 0,
        userPrivilege: 0,
      },
    });
    const intel = finding({
      severity_id: 3,
      confidence_score: 80,
      osint: [{ type_id: 1, value: '1.2.3.4', confidence_id: 3 }],
    });
    const result = scoreFinding(intel, config);
    expect(result.factors.find((factor) => factor.factor === 'indicatorConfidence')).toMatchObject({
      applied: true,
      value: 0.8,
      contribution: 40,
    });
    expect(result.score).toBe(65);
    const admin = scoreFinding(
      finding({ actor: { user: { name: 'bob', type_id: 2 } } }),
      resolveScoringConfig(),
    );
    expect(admin.factors.find((factor) => factor.factor === 'userPrivilege')).toMatchObject({
      applied: true,
      value: 0.75,
    });
    const lowHost = scoreFinding(
      finding(),
      resolveScoringConfig({ defaultAssetCriticality: 'low' }),
    );
    const unknownHost = scoreFinding(finding(), resolveScoringConfig());
    expect(lowHost.score).toBeLessThan(unknownHost.score);
  });

  it('writes risk attributes onto the finding with the security_control profile', () => {
    const config = resolveScoringConfig();
    const scored = applyFindingScore(finding(), scoreFinding(finding(), config));
    expect(scored).toMatchObject({ risk_score: 80, risk_level_id: 4, risk_level: 'Critical' });
    expect((scored['metadata'] as { profiles: string[] }).profiles).toEqual(['security_control']);
    expect(String(scored['risk_details'])).toContain('severity: +80.00');
  });

  it('rejects invalid configuration with the key path', () => {
    expect(() => resolveScoringConfig({ weights: { severity: 0 } })).toThrow(ScoringConfigError);
    try {
      resolveScoringConfig({
        riskLevels: { low: 50, medium: 40 },
        assetCriticality: { x: 'extreme' },
      });
    } catch (error) {
      expect(ScoringConfigError.isInstance(error)).toBe(true);
      const paths = (error as ScoringConfigError).issues.map((issue) => issue.path);
      expect(paths).toContain('assetCriticality.x');
    }
  });
});

describe('entity risk', () => {
  const config = resolveScoringConfig({ entity: { windowMs: 48 * HOUR, halfLifeMs: 24 * HOUR } });

  it('aggregates with 1/i^1.5 weighting, decays with age and drops findings outside the window', () => {
    let state = emptyEntityRiskState();
    state = addEntityRisk(state, finding({ finding_info: { uid: 'a' }, time: 0 }), 90, 0, config);
    state = addEntityRisk(state, finding({ finding_info: { uid: 'b' }, time: 0 }), 60, 0, config);
    const now = entityRisk(state, 'host:dc-01', 0, config);
    expect(now.score).toBeCloseTo((90 + 60 / 2 ** 1.5) / ZETA_1_5, 1);
    expect(entityRisk(state, 'user:alice', 0, config).findings).toBe(2);
    const later = entityRisk(state, 'host:dc-01', 24 * HOUR, config);
    expect(later.score).toBeCloseTo(now.score / 2, 1);
    expect(entityRisk(state, 'host:dc-01', 49 * HOUR, config).findings).toBe(0);
  });

  it('is idempotent per finding uid, accepts late findings and stays JSON', () => {
    let state = emptyEntityRiskState();
    state = addEntityRisk(
      state,
      finding({ finding_info: { uid: 'a' }, time: 10 * HOUR }),
      50,
      10 * HOUR,
      config,
    );
    state = addEntityRisk(
      state,
      finding({ finding_info: { uid: 'a' }, time: 10 * HOUR }),
      50,
      10 * HOUR,
      config,
    );
    state = addEntityRisk(
      state,
      finding({ finding_info: { uid: 'late' }, time: 2 * HOUR }),
      70,
      10 * HOUR,
      config,
    );
    expect(state.entities['host:dc-01']?.map((entry) => entry.findingUid)).toEqual(['late', 'a']);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
