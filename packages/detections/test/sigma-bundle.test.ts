import { mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  compileSigmaRules,
  createSigmaBundle,
  loadSigmaRules,
  readSigmaBundle,
  SIGMA_BUNDLE_LICENCE_NOTE,
  SigmaBundleError,
  writeSigmaBundle,
} from '../src/index.js';
import { HAS_SIGMA_CORPUS, SIGMA_DIR } from './shared-dir.js';

const rule = (id: string, title: string, image: string) => `title: ${title}
id: ${id}
status: test
author: Jane Doe
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '${image}'
  condition: selection
level: high
`;

function ruleTree(): string {
  const directory = mkdtempSync(join(tmpdir(), 'openmdr-bundle-'));
  writeFileSync(
    join(directory, 'a.yml'),
    rule('11111111-1111-4111-8111-111111111111', 'Whoami', '\\whoami.exe'),
  );
  writeFileSync(
    join(directory, 'b.yml'),
    rule('22222222-2222-4222-8222-222222222222', 'Net', '\\net.exe'),
  );
  writeFileSync(
    join(directory, 'bad.yml'),
    'title: Bad\nlogsource: {product: windows}\ndetection:\n  selection:\n    Image: [x, {a: b}]\n  condition: selection\n',
  );
  return directory;
}

async function bundleOf(directory: string, name = 'rules.bundle.json'): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'openmdr-bundle-out-')), name);
  await writeSigmaBundle(await createSigmaBundle(directory), out);
  return out;
}

async function staleError(bundle: string): Promise<SigmaBundleError> {
  const error = await loadSigmaRules(bundle).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(SigmaBundleError.isInstance(error)).toBe(true);
  return error as SigmaBundleError;
}

describe('Sigma bundles', () => {
  it('load the same rules, errors and positions as the YAML, gzip or not', async () => {
    const directory = ruleTree();
    const fromYaml = await loadSigmaRules(directory);
    for (const name of ['rules.json', 'rules.json.gz']) {
      const file = await bundleOf(directory, name);
      if (name.endsWith('.gz')) expect(readFileSync(file)[0]).toBe(0x1f);
      const fromBundle = await loadSigmaRules([file]);
      expect(fromBundle.rules).toEqual(fromYaml.rules);
      expect(fromBundle.rules[0]?.source.file).toBe(join(directory, 'a.yml'));
      expect(fromBundle.rules[0]?.detection.searches.get('selection')).toMatchObject({
        kind: 'map',
        items: [{ position: { line: 8, column: 5 } }],
      });
      expect(fromBundle.errors.map((e) => [e.code, e.message, e.file, e.line, e.column])).toEqual(
        fromYaml.errors.map((e) => [e.code, e.message, e.file, e.line, e.column]),
      );
      expect(fromBundle.errors).toHaveLength(1);
      expect(fromBundle.files).toEqual([file]);
      expect([fromYaml.validated, fromBundle.validated]).toEqual([false, true]);
    }
  });

  it('is written in ASCII, and reads back characters past U+007F as they were', async () => {
    const directory = ruleTree();
    const title = 'Café — “ntds.dit” copied 😀';
    writeFileSync(
      join(directory, 'c.yml'),
      rule('44444444-4444-4444-8444-444444444444', title, '\\ntdsutil.exe'),
    );
    const file = await bundleOf(directory);
    expect(/^[\x00-\x7f]*$/.test(readFileSync(file, 'latin1'))).toBe(true);
    const fromBundle = await loadSigmaRules([file]);
    expect(fromBundle.rules.map((r) => r.title)).toContain(title);
    expect(fromBundle.rules).toEqual((await loadSigmaRules(directory)).rules);
  });

  it('stores a rule that does not compile among its errors, so its rules compile validated', async () => {
    const directory = ruleTree();
    writeFileSync(
      join(directory, 'regex.yml'),
      rule('33333333-3333-4333-8333-333333333333', 'Regex', 'x').replace(
        "Image|endswith: 'x'",
        "Image|re: 'a(b'",
      ),
    );
    const fromYaml = await loadSigmaRules(directory);
    expect(fromYaml.rules.map((r) => r.title)).toEqual(['Whoami', 'Net', 'Regex']);
    const yamlErrors = compileSigmaRules(fromYaml.rules).errors;
    expect(yamlErrors.map((e) => [e.code, e.file, e.line])).toEqual([
      ['SIGMA_RULE_INVALID', join(directory, 'regex.yml'), 8],
    ]);
    const fromBundle = await loadSigmaRules(await bundleOf(directory));
    expect(fromBundle.rules.map((r) => r.title)).toEqual(['Whoami', 'Net']);
    expect(fromBundle.errors.map((e) => [e.code, e.message])).toEqual([
      [fromYaml.errors[0]?.code, fromYaml.errors[0]?.message],
      [yamlErrors[0]?.code, yamlErrors[0]?.message],
    ]);
    // Validated: the invalid pattern is not compiled up front; on first use it never matches.
    const lenient = compileSigmaRules(fromYaml.rules, { validated: true });
    expect(lenient.errors).toEqual([]);
    const event = { Image: 'C:\\ab\\whoami.exe' };
    expect(lenient.match(event).map((m) => m.title)).toEqual(['Whoami']);
  });

  it('carries each rule author and the licence summary', async () => {
    const bundle = await readSigmaBundle(await bundleOf(ruleTree()));
    expect(bundle).toMatchObject({
      format: 'openmdr-sigma-bundle',
      version: 2,
      licences: { note: SIGMA_BUNDLE_LICENCE_NOTE, rules: { unspecified: 2 } },
    });
    expect(bundle.rules.map((r) => r.raw['author'])).toEqual(['Jane Doe', 'Jane Doe']);
    expect(bundle.sources.map((s) => s.path)).toEqual(['a.yml', 'b.yml', 'bad.yml']);
    expect(bundle.sources[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is stale when a source changes, and names the file', async () => {
    const directory = ruleTree();
    const file = await bundleOf(directory);
    const a = join(directory, 'a.yml');
    // Same size, new content, new mtime: only the hash can tell.
    writeFileSync(a, readFileSync(a, 'utf8').replace('Whoami', 'WhoamI'));
    utimesSync(a, new Date(), new Date(Date.now() + 5000));
    const error = await staleError(file);
    expect(error.code).toBe('SIGMA_BUNDLE_STALE');
    expect(error.source).toBe('a.yml');
    expect(error.message).toContain('a.yml changed');
    expect(error.message).toContain('openmdr sigma bundle');
  });

  it('is not stale when only the modification time changed', async () => {
    const directory = ruleTree();
    const file = await bundleOf(directory);
    utimesSync(join(directory, 'b.yml'), new Date(), new Date(Date.now() + 5000));
    expect((await loadSigmaRules(file)).rules).toHaveLength(2);
  });

  it('is stale when a source is added or removed', async () => {
    const directory = ruleTree();
    const file = await bundleOf(directory);
    writeFileSync(
      join(directory, 'c.yml'),
      rule('33333333-3333-4333-8333-333333333333', 'C', '\\c.exe'),
    );
    expect((await staleError(file)).message).toContain('c.yml was added');
    rmSync(join(directory, 'c.yml'));
    rmSync(join(directory, 'b.yml'));
    const removed = await staleError(file);
    expect([removed.code, removed.source]).toEqual(['SIGMA_BUNDLE_STALE', 'b.yml']);
  });

  it('loads without its sources, or against another root', async () => {
    const directory = ruleTree();
    const file = await bundleOf(directory);
    const moved = `${directory}-moved`;
    renameSync(directory, moved);
    expect((await loadSigmaRules(file)).rules).toHaveLength(2);
    rmSync(join(moved, 'b.yml'));
    const error = await loadSigmaRules(file, { bundleRoot: moved }).catch((e: unknown) => e);
    expect((error as SigmaBundleError).source).toBe('b.yml');
  });

  it('rejects an unknown format or version', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'openmdr-bundle-bad-'));
    const bundle = JSON.parse(readFileSync(await bundleOf(ruleTree()), 'utf8'));
    const version = join(directory, 'v99.json.gz');
    writeFileSync(version, gzipSync(JSON.stringify({ ...bundle, version: 99 })));
    const version2 = await staleError(version);
    expect(version2.code).toBe('SIGMA_BUNDLE_INVALID');
    expect(version2.message).toContain('version 99');
    const garbage = join(directory, 'garbage.gz');
    writeFileSync(garbage, Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    expect((await staleError(garbage)).code).toBe('SIGMA_BUNDLE_INVALID');
    await expect(readSigmaBundle(version)).rejects.toThrow(/version 99/);
  });
});

interface RegressionCase {
  rule_path: string;
  events_file: string;
  events_flat_file: string;
}

describe.skipIf(!HAS_SIGMA_CORPUS)('a bundle of the regression-dev rules', () => {
  it('matches the regression-dev events exactly as the YAML rules do', async () => {
    const regressionDir = join(SIGMA_DIR, 'regression-dev');
    const cases = readFileSync(join(regressionDir, 'cases.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RegressionCase);
    const paths = [...new Set(cases.map((c) => join(SIGMA_DIR, 'sigmahq', c.rule_path)))];
    const fromYaml = await loadSigmaRules(paths, { skipStatuses: [] });
    const out = join(mkdtempSync(join(tmpdir(), 'openmdr-bundle-regression-')), 'r.json.gz');
    await writeSigmaBundle(await createSigmaBundle(paths, { skipStatuses: [] }), out);
    const fromBundle = await loadSigmaRules(out);
    expect(fromBundle.rules).toEqual(fromYaml.rules);
    const yamlEngine = compileSigmaRules(fromYaml.rules);
    const bundleEngine = compileSigmaRules(fromBundle.rules, { validated: fromBundle.validated });
    expect(fromBundle.validated).toBe(true);
    let matched = 0;
    for (const c of cases) {
      for (const [file, input] of [
        [c.events_flat_file, 'flat'],
        [c.events_file, 'winlog'],
      ] as const) {
        const events = readFileSync(join(regressionDir, file), 'utf8').trim().split('\n');
        for (const line of events) {
          const event = JSON.parse(line) as unknown;
          const expected = yamlEngine.match(event, { input });
          matched += expected.length;
          expect(bundleEngine.match(event, { input })).toEqual(expected);
        }
      }
    }
    expect(matched).toBeGreaterThan(cases.length);
  });
});
