// Slow (a tsc and a vitest child process), so it runs with the integration tests.
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const repositoryRoot = join(packageRoot, '..', '..');
const tmpRoot = join(packageRoot, `scaffold-tmp-int-${process.pid}`);

interface ScaffoldModule {
  scaffoldConnector(id: string, options: { dir?: string; kit?: string }): string[];
}

afterAll(() => {
  rmSync(tmpRoot, { recursive: true, force: true });
});

describe('pnpm new:connector (generated code)', () => {
  it('scaffolds a connector that typechecks and passes the conformance suite out of the box', async () => {
    const { scaffoldConnector } = (await import(
      join(packageRoot, 'scripts', 'new-connector.mjs')
    )) as ScaffoldModule;
    scaffoldConnector('acme-edr', { dir: join(tmpRoot, 'src'), kit: join(packageRoot, 'src') });
    writeFileSync(join(tmpRoot, 'package.json'), JSON.stringify({ name: 'tmp', type: 'module' }));
    writeFileSync(
      join(tmpRoot, 'tsconfig.json'),
      JSON.stringify({
        extends: '../tsconfig.json',
        compilerOptions: { rootDir: '..' },
        include: ['src'],
      }),
    );
    const typecheck = await run(join(repositoryRoot, 'node_modules', '.bin', 'tsc'), [
      '--noEmit',
      '-p',
      join(tmpRoot, 'tsconfig.json'),
    ]).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? 'tsc failed',
    );
    expect(typecheck.split('\n').filter((line) => line.includes('scaffold-tmp'))).toEqual([]);

    const config = join(tmpRoot, 'vitest.config.mjs');
    writeFileSync(
      config,
      `export default { resolve: { conditions: ['@openmdr/source'] }, ssr: { resolve: { conditions: ['@openmdr/source'] } }, test: { include: ['${tmpRoot}/src/**/*.test.ts'], pool: 'forks' } };\n`,
    );
    const result = await run(
      join(repositoryRoot, 'node_modules', '.bin', 'vitest'),
      ['run', '--config', config, '--root', repositoryRoot],
      { cwd: repositoryRoot },
    ).then(
      ({ stdout }) => ({ ok: true, stdout }),
      (error: { stdout?: string }) => ({ ok: false, stdout: error.stdout ?? '' }),
    );
    expect(result.ok, result.stdout.slice(-3_000)).toBe(true);
    expect(result.stdout).toMatch(/19 passed/);
  }, 180_000);
});
