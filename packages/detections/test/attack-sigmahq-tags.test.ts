import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { resolveAttackReference } from '../src/index.js';
import { HAS_SIGMA_CORPUS, SIGMA_DIR } from './shared-dir.js';

const CORPUS = join(SIGMA_DIR, 'sigmahq');

function yamlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Every `attack.*` tag of every SigmaHQ rule (all folders, deprecated and unsupported too) must
 * resolve to an ATT&CK name: techniques and sub-techniques (`attack.t1055.011`), tactics under
 * their current, retired or underscore short names (`attack.stealth`, `attack.defense_evasion`),
 * groups (`attack.g0032`), software (`attack.s0002`) and data sources (`attack.ds0005`).
 */
describe.skipIf(!HAS_SIGMA_CORPUS)('SigmaHQ ATT&CK tags', () => {
  it('resolve to an ATT&CK name, every one', () => {
    const uses = new Map<string, { count: number; first: string }>();
    let rules = 0;
    for (const file of yamlFiles(CORPUS).sort()) {
      for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const tags = (document.toJS() as { tags?: unknown } | null)?.tags;
        if (!Array.isArray(tags)) continue;
        rules += 1;
        for (const tag of tags) {
          if (typeof tag !== 'string' || !tag.toLowerCase().startsWith('attack.')) continue;
          const key = tag.toLowerCase();
          const use = uses.get(key) ?? { count: 0, first: relative(CORPUS, file) };
          use.count += 1;
          uses.set(key, use);
        }
      }
    }
    const kinds = new Map<string, number>();
    const failures: string[] = [];
    for (const [tag, use] of uses) {
      const reference = resolveAttackReference(tag);
      if (reference === undefined) failures.push(`${tag} (${use.count} rules, e.g. ${use.first})`);
      else kinds.set(reference.kind, (kinds.get(reference.kind) ?? 0) + 1);
    }
    console.log(
      `SigmaHQ ATT&CK tags: ${uses.size} distinct in ${rules} tagged rules; resolved ${[...kinds]
        .map(([kind, count]) => `${kind} ${count}`)
        .join(', ')}; unresolved ${failures.length}`,
    );
    expect(rules).toBeGreaterThan(3000);
    expect(kinds.get('technique')).toBeGreaterThan(300);
    expect(kinds.get('tactic')).toBeGreaterThanOrEqual(15);
    expect(failures, `unresolved ATT&CK tags:\n${failures.join('\n')}`).toEqual([]);
  }, 120_000);
});
