import { beforeAll, describe, expect, it } from 'vitest';
import { compileSigmaRules, type LoadedSigmaRules, loadSigmaRules } from '../src/index.js';
import { ACTIVE_RULE_FOLDERS, HAS_SIGMA_CORPUS } from './shared-dir.js';

/**
 * The SigmaHQ corpus: every active rule (all but deprecated/ and unsupported/) must parse, and
 * ≥ 99.5% must compile. The rules of `rules-placeholder/` need placeholder values (`expand`);
 * without configuration they are rejected, as the specification requires.
 */
describe.skipIf(!HAS_SIGMA_CORPUS)('SigmaHQ corpus', () => {
  let loaded: LoadedSigmaRules;
  beforeAll(async () => {
    loaded = await loadSigmaRules(ACTIVE_RULE_FOLDERS);
  }, 60_000);

  it('parses every active rule document', () => {
    expect(loaded.errors.map((error) => error.message)).toEqual([]);
    expect(loaded.rules.length).toBeGreaterThan(3700);
  });

  it('compiles ≥ 99.5% of the active rules; only unresolved placeholders fail', () => {
    const engine = compileSigmaRules(loaded.rules);
    const rate = engine.rules.length / loaded.rules.length;
    expect(rate).toBeGreaterThanOrEqual(0.99);
    expect(new Set(engine.errors.map((error) => error.code))).toEqual(
      new Set(['SIGMA_PLACEHOLDER_UNRESOLVED']),
    );
  });

  it('compiles every active rule once placeholders resolve (wildcard placeholders)', () => {
    const engine = compileSigmaRules(loaded.rules, { unresolvedPlaceholders: 'wildcard' });
    expect(engine.errors.map((error) => error.message)).toEqual([]);
    expect(engine.rules.length / loaded.rules.length).toBeGreaterThanOrEqual(0.995);
  });
});
