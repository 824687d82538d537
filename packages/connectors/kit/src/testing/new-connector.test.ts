import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const tmpRoot = join(packageRoot, `scaffold-tmp-${process.pid}`);

interface ScaffoldModule {
  scaffoldConnector(id: string, options: { dir?: string; kit?: string }): string[];
}
interface CheckModule {
  checkConnectors(root?: string): Promise<string[]>;
}
const scaffoldModule = join(packageRoot, 'scripts', 'new-connector.mjs');
const checkModule = join(packageRoot, 'scripts', 'check-connectors.mjs');

afterAll(() => {
  rmSync(tmpRoot, { recursive: true, force: true });
});

describe('pnpm new:connector', () => {
  it('scaffolds a connector folder that passes the structure check, and the check reports what is missing', async () => {
    const { scaffoldConnector } = (await import(scaffoldModule)) as ScaffoldModule;
    const { checkConnectors } = (await import(checkModule)) as CheckModule;
    const files = scaffoldConnector('acme-edr', {
      dir: join(tmpRoot, 'src'),
      kit: join(packageRoot, 'src'),
    });
    expect(
      files.map((file) => file.slice(join(tmpRoot, 'src', 'acme-edr').length + 1)).sort(),
    ).toEqual([
      'README.md',
      '__fixtures__/acme-edr-alerts.json',
      'acme-edr-actions.ts',
      'acme-edr-client.ts',
      'acme-edr-config.ts',
      'acme-edr-connector.ts',
      'acme-edr-normalize.ts',
      'acme-edr.conformance.test.ts',
      'index.ts',
    ]);
    expect(() => scaffoldConnector('acme-edr', { dir: join(tmpRoot, 'src') })).toThrow(
      /already exists/,
    );
    expect(() => scaffoldConnector('Acme EDR', { dir: join(tmpRoot, 'src') })).toThrow(
      /kebab-case/,
    );
    expect(() => scaffoldConnector('http', { dir: join(tmpRoot, 'src') })).toThrow(/kit/);

    // the structure check: missing export and entry first, then clean once registered
    writeFileSync(
      join(tmpRoot, 'package.json'),
      JSON.stringify({ name: 'tmp', type: 'module', exports: {} }),
    );
    writeFileSync(join(tmpRoot, 'tsup.config.ts'), "export default { entry: ['src/index.ts'] };\n");
    expect(await checkConnectors(tmpRoot)).toEqual([
      'connectors/acme-edr: package.json exports has no "./acme-edr" entry pointing at ./src/acme-edr/index.ts',
      'connectors/acme-edr: tsup.config.ts lacks src/acme-edr/index.ts'.replace(
        'lacks',
        'entry lacks',
      ),
    ]);
    writeFileSync(
      join(tmpRoot, 'package.json'),
      JSON.stringify({
        name: 'tmp',
        type: 'module',
        exports: { './acme-edr': { '@openmdr/source': './src/acme-edr/index.ts' } },
      }),
    );
    writeFileSync(
      join(tmpRoot, 'tsup.config.ts'),
      "export default { entry: ['src/index.ts', 'src/acme-edr/index.ts'] };\n",
    );
    expect(await checkConnectors(tmpRoot)).toEqual([]);

    // a folder without its docs page and conformance test is reported
    rmSync(join(tmpRoot, 'src', 'acme-edr', 'README.md'));
    rmSync(join(tmpRoot, 'src', 'acme-edr', 'acme-edr.conformance.test.ts'));
    expect(await checkConnectors(tmpRoot)).toEqual([
      'connectors/acme-edr: docs page missing (src/acme-edr/README.md or docs/connectors/acme-edr.md)',
      'connectors/acme-edr: acme-edr.conformance.test.ts missing',
    ]);
    expect(existsSync(join(tmpRoot, 'src', 'acme-edr', 'index.ts'))).toBe(true);
  });
});
