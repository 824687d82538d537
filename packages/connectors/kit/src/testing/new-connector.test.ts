import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkScripts,
  createScratchRepository,
  linkDependencies,
  scaffoldScript,
  structureProblems,
  writeFile,
} from './new-connector.test-helpers.js';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Replaces `from` by `to` in a file, failing when `from` is not there. */
function edit(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'utf8');
  expect(text, `${path} holds ${from}`).toContain(from);
  writeFileSync(path, text.replaceAll(from, to));
}

describe('pnpm new:connector', () => {
  let scratch: ReturnType<typeof createScratchRepository>;
  let target = '';
  let umbrella = '';
  let written: string[] = [];

  beforeAll(async () => {
    scratch = createScratchRepository('scaffold');
    target = join(scratch.root, 'packages', 'connectors', 'acme-edr');
    umbrella = join(scratch.root, 'packages', 'connectors', 'all');
    const { scaffoldConnector } = await scaffoldScript();
    written = scaffoldConnector('acme-edr', { root: scratch.root, vendor: 'Acme EDR' });
    linkDependencies(target);
  }, 60_000);
  afterAll(() => scratch?.remove());

  it('rejects ids that are not kebab-case, the kit, the umbrella, existing packages and unsafe vendor names', async () => {
    const { scaffoldConnector } = await scaffoldScript();
    expect(() => scaffoldConnector('Acme EDR', { root: scratch.root })).toThrow(/kebab-case/);
    expect(() => scaffoldConnector('acme_edr', { root: scratch.root })).toThrow(/kebab-case/);
    expect(() => scaffoldConnector('kit', { root: scratch.root })).toThrow(/not a vendor package/);
    expect(() => scaffoldConnector('all', { root: scratch.root })).toThrow(/not a vendor package/);
    expect(() => scaffoldConnector('acme-edr', { root: scratch.root })).toThrow(/already exists/);
    expect(() => scaffoldConnector('other', { root: scratch.root, vendor: "O'Brien" })).toThrow(
      /vendor name/,
    );
  });

  it('writes the package in the uniform layout and registers it in the umbrella, typedoc and a changeset', () => {
    expect(
      written.map((file) => relative(scratch.root, file).replaceAll('\\', '/')).sort(),
    ).toEqual([
      '.changeset/acme-edr-connector.md',
      'packages/connectors/acme-edr/README.md',
      'packages/connectors/acme-edr/package.json',
      'packages/connectors/acme-edr/src/__fixtures__/README.md',
      'packages/connectors/acme-edr/src/__fixtures__/alerts.json',
      'packages/connectors/acme-edr/src/actions.ts',
      'packages/connectors/acme-edr/src/client.ts',
      'packages/connectors/acme-edr/src/config.ts',
      'packages/connectors/acme-edr/src/connector.conformance.test.ts',
      'packages/connectors/acme-edr/src/connector.ts',
      'packages/connectors/acme-edr/src/index.ts',
      'packages/connectors/acme-edr/src/normalize.test.ts',
      'packages/connectors/acme-edr/src/normalize.ts',
      'packages/connectors/acme-edr/src/simulator/index.ts',
      'packages/connectors/acme-edr/src/simulator/routes.ts',
      'packages/connectors/acme-edr/src/simulator/start.test.ts',
      'packages/connectors/acme-edr/src/simulator/start.ts',
      'packages/connectors/acme-edr/src/streams.ts',
      'packages/connectors/acme-edr/tsconfig.json',
      'packages/connectors/acme-edr/tsup.config.ts',
      'packages/connectors/acme-edr/typedoc.json',
      'packages/connectors/all/package.json',
      'packages/connectors/all/src/acme-edr.ts',
      'packages/connectors/all/src/simulators.ts',
      'packages/connectors/all/tsup.config.ts',
      'packages/connectors/all/typedoc.json',
      'typedoc.json',
    ]);
    const pkg = readJson(join(target, 'package.json'));
    expect(pkg).toMatchObject({
      name: '@openmdr/connector-acme-edr',
      peerDependencies: { '@openmdr/core': 'workspace:^' },
      dependencies: { '@openmdr/connector-kit': 'workspace:^', zod: expect.any(String) },
    });
    expect(Object.keys(pkg.exports)).toEqual(['.', './simulator', './package.json']);
    const index = readFileSync(join(target, 'src', 'index.ts'), 'utf8');
    for (const name of [
      'acmeEdrConnector',
      'acmeEdrConfigSchema',
      'type AcmeEdrConfig',
      'acmeEdrNormalizeSources',
    ]) {
      expect(index).toContain(name);
    }
    expect(readFileSync(join(target, 'src', 'simulator', 'index.ts'), 'utf8')).toContain(
      'startAcmeEdrSimulator',
    );
    const umbrellaPkg = readJson(join(umbrella, 'package.json'));
    expect(umbrellaPkg.exports['./acme-edr']).toEqual({
      '@openmdr/source': './src/acme-edr.ts',
      types: './dist/acme-edr.d.ts',
      default: './dist/acme-edr.js',
    });
    expect(Object.keys(umbrellaPkg.exports).at(-1)).toBe('./package.json');
    expect(umbrellaPkg.dependencies['@openmdr/connector-acme-edr']).toBe('workspace:^');
    expect(readFileSync(join(umbrella, 'src', 'acme-edr.ts'), 'utf8')).toContain(
      "export * from '@openmdr/connector-acme-edr';",
    );
    expect(readFileSync(join(umbrella, 'src', 'simulators.ts'), 'utf8')).toContain(
      "export * from '@openmdr/connector-acme-edr/simulator';",
    );
    expect(readFileSync(join(umbrella, 'tsup.config.ts'), 'utf8')).toContain("'src/acme-edr.ts'");
    expect(readJson(join(umbrella, 'typedoc.json')).entryPoints).toContain('src/acme-edr.ts');
    const rootEntries: string[] = readJson(join(scratch.root, 'typedoc.json')).entryPoints;
    expect(rootEntries.indexOf('packages/connectors/acme-edr')).toBe(
      rootEntries.indexOf('packages/connectors/all') - 1,
    );
    expect(readFileSync(join(scratch.root, '.changeset', 'acme-edr-connector.md'), 'utf8')).toMatch(
      /^---\n"@openmdr\/connector-acme-edr": patch\n"@openmdr\/connectors": patch\n---\n/,
    );
  });

  it('passes the structure checks as generated', async () => {
    expect(await structureProblems(scratch.root)).toEqual([]);
  }, 60_000);
});

describe('the structure checks', () => {
  const scratches: Array<{ remove(): void }> = [];
  afterAll(() => {
    for (const scratch of scratches) scratch.remove();
  });

  async function scaffolded(name: string) {
    const scratch = createScratchRepository(name);
    scratches.push(scratch);
    const { scaffoldConnector } = await scaffoldScript();
    scaffoldConnector('acme-edr', { root: scratch.root, format: false });
    const target = join(scratch.root, 'packages', 'connectors', 'acme-edr');
    linkDependencies(target);
    return { root: scratch.root, target };
  }

  it('report each breach of the dependency rules once, naming the file, the line and the import', async () => {
    const { root, target } = await scaffolded('dependencies');
    const { checkDependencies } = await checkScripts();
    writeFile(
      join(target, 'src', 'borrowed.ts'),
      [
        "import { crowdstrikeConnector } from '@openmdr/connector-crowdstrike';",
        "import merge from 'lodash.merge';",
        "import { secret } from '../../kit/src/index.js';",
        "export { secret as again } from '../../kit/src/index.js';",
        'export const borrowed = [crowdstrikeConnector, merge, secret];',
      ].join('\n'),
    );
    writeFile(
      join(target, 'src', 'borrowed.test.ts'),
      "import { describe } from 'vitest';\nimport { defenderConnector } from '@openmdr/connector-defender';\ndescribe(String(defenderConnector), () => {});\n",
    );
    // a generator: import statements in template strings and comments are not imports
    writeFile(
      join(target, 'scripts', 'generate.mjs'),
      "// import left from 'left-pad';\nexport const template = `import { x } from 'left-pad';`;\n",
    );
    const layer = (folder: string, name: string, imports: string, dependencies: string[]) => {
      writeFile(
        join(root, 'packages', folder, 'package.json'),
        JSON.stringify({
          name,
          dependencies: Object.fromEntries(dependencies.map((item) => [item, 'workspace:^'])),
        }),
      );
      writeFile(join(root, 'packages', folder, 'src', 'index.ts'), `import '${imports}';\n`);
    };
    layer('core', '@openmdr/core', '@openmdr/detections', ['@openmdr/detections']);
    layer('detections', '@openmdr/detections', '@openmdr/connectors', ['@openmdr/connectors']);
    layer('response', '@openmdr/response', '@openmdr/connector-acme-edr', [
      '@openmdr/connector-acme-edr',
    ]);
    layer('cli', '@openmdr/cli', '@openmdr/connector-acme-edr', ['@openmdr/connector-acme-edr']);
    layer('extra', '@openmdr/extra', '@openmdr/core', ['@openmdr/core']);

    const vendorRule =
      'a vendor package imports only @openmdr/connector-kit and @openmdr/core; what two vendors share belongs in the kit';
    expect(checkDependencies(root)).toEqual([
      "packages/core/src/index.ts:1: imports '@openmdr/detections'; core imports no other @openmdr package",
      "packages/detections/src/index.ts:1: imports '@openmdr/connectors'; detections imports only @openmdr/core: neither the connectors nor response",
      'packages/extra: @openmdr/extra has no dependency rule; add it to LAYERS in packages/connectors/kit/scripts/check-dependencies.mjs',
      "packages/response/src/index.ts:1: imports '@openmdr/connector-acme-edr'; response uses the connector contract of @openmdr/connector-kit, never a vendor package or the umbrella",
      `packages/connectors/acme-edr/src/borrowed.test.ts:2: imports '@openmdr/connector-defender', which packages/connectors/acme-edr/package.json does not declare (dependencies, peerDependencies or devDependencies) and the root devDependencies do not hold`,
      `packages/connectors/acme-edr/src/borrowed.ts:1: imports '@openmdr/connector-crowdstrike'; ${vendorRule}`,
      "packages/connectors/acme-edr/src/borrowed.ts:2: imports 'lodash.merge', which packages/connectors/acme-edr/package.json does not declare in dependencies or peerDependencies",
      "packages/connectors/acme-edr/src/borrowed.ts:3: imports '../../kit/src/index.js', outside packages/connectors/acme-edr; import the other package by its name and exports",
    ]);
  }, 60_000);

  it('report each departure from the uniform vendor package shape', async () => {
    const { root, target } = await scaffolded('shape');
    const { checkConnectors, checkPackages } = await checkScripts();
    rmSync(join(target, 'README.md'));
    rmSync(join(target, 'src', 'connector.conformance.test.ts'));
    rmSync(join(root, 'packages', 'connectors', 'all', 'src', 'acme-edr.ts'));
    edit(join(target, 'src', 'index.ts'), ', acmeEdrNormalizeSources', '');
    edit(join(target, 'src', 'connector.ts'), "'isolate-host'", "'isolate_host'");
    edit(join(target, 'tsup.config.ts'), ", 'src/simulator/index.ts'", '');
    writeFile(
      join(target, 'src', '__fixtures__', 'token.json'),
      '{ "access_token": "a-recorded-token-value" }\n',
    );
    const pkg = readJson(join(target, 'package.json'));
    pkg.name = '@openmdr/acme-edr';
    delete pkg.exports['./simulator'];
    writeFileSync(join(target, 'package.json'), JSON.stringify(pkg, null, 2));

    expect(checkPackages(root)).toEqual([
      'packages/connectors/acme-edr/README.md missing',
      'packages/connectors/all/package.json: export ./acme-edr points at missing src/acme-edr.ts',
    ]);
    expect(await checkConnectors(root)).toEqual([
      'packages/connectors/acme-edr/package.json: name must be @openmdr/connector-acme-edr, not @openmdr/acme-edr',
      'packages/connectors/acme-edr: docs page missing (README.md or docs/connectors/acme-edr.md)',
      'packages/connectors/acme-edr/package.json: exports has no "./simulator" entry pointing at ./src/simulator/index.ts',
      'packages/connectors/acme-edr/src/index.ts: does not export acmeEdrNormalizeSources (the sources of openmdr normalize)',
      'packages/connectors/acme-edr/src/connector.conformance.test.ts missing (a *.conformance.test.ts calling describeConnectorConformance)',
      'packages/connectors/acme-edr/src/__fixtures__/token.json: contains a secret value',
      'packages/connectors/all/src/acme-edr.ts missing or not re-exporting @openmdr/connector-acme-edr',
      "packages/connectors/acme-edr: acmeEdrConnector has the action id 'isolate_host'; ids are kebab-case",
    ]);
    expect(existsSync(join(target, 'src', 'index.ts'))).toBe(true);
  }, 60_000);

  it('do not ask an action-only connector (no streams in its manifest) for normalise sources', async () => {
    const { root, target } = await scaffolded('action-only');
    const { checkConnectors } = await checkScripts();
    edit(join(target, 'src', 'index.ts'), ', acmeEdrNormalizeSources', '');
    const connector = join(target, 'src', 'connector.ts');
    const text = readFileSync(connector, 'utf8');
    const streamless = text
      .replace(/ {4}streams: \{\n[\s\S]*?\n {4}\},\n/, '    streams: {},\n')
      .replace('streams: { alerts: alertsStream },', 'streams: {},');
    expect(streamless).not.toContain('cursor:');
    expect(streamless).not.toContain('streams: { alerts');
    writeFileSync(connector, streamless);
    expect(await checkConnectors(root)).toEqual([]);
  }, 60_000);
});
