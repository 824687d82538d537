// Slow (tsc, Biome, vitest and tsup child processes), so it runs with the integration tests.
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createScratchRepository,
  linkDependencies,
  repositoryRoot,
  scaffoldScript,
  structureProblems,
} from './new-connector.test-helpers.js';

const run = promisify(execFile);
const bin = (name: string) => join(repositoryRoot, 'node_modules', '.bin', name);

/** Runs a tool; its exit status and output (never throws). */
async function tool(
  name: string,
  args: readonly string[],
  cwd: string,
): Promise<{ ok: boolean; output: string }> {
  return run(bin(name), [...args], { cwd, maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ ok: true, output: `${stdout}${stderr}` }),
    (error: { stdout?: string; stderr?: string; message: string }) => ({
      ok: false,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}` || error.message,
    }),
  );
}

/** Links `name` into a package's node_modules, as pnpm does. */
function linkInto(packageDir: string, name: string, target: string): void {
  const link = join(packageDir, 'node_modules', name);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link, 'dir');
}

interface VitestReport {
  numFailedTests: number;
  numPendingTests: number;
  numPassedTests: number;
  testResults: Array<{
    name: string;
    assertionResults: Array<{ fullName: string; status: string }>;
  }>;
}

describe('pnpm new:connector (generated package)', () => {
  let scratch: ReturnType<typeof createScratchRepository> | undefined;
  afterAll(() => scratch?.remove());

  it('typechecks, lints, passes its tests and the conformance suite, documents itself and builds, as generated', async () => {
    scratch = createScratchRepository('scaffold-int');
    const { scaffoldConnector } = await scaffoldScript();
    scaffoldConnector('acme-edr', { root: scratch.root, vendor: 'Acme EDR' });
    const target = join(scratch.root, 'packages', 'connectors', 'acme-edr');
    linkDependencies(target);
    expect(await structureProblems(scratch.root)).toEqual([]);

    // errors of the generated files (`src/…`) and of its tsconfig (TS5xxx); the kit's sources,
    // compiled along through the workspace link, are the kit's own typecheck's business
    const typecheck = await tool('tsc', ['--noEmit', '-p', 'tsconfig.json'], target);
    expect(
      typecheck.output.split('\n').filter((line) => /^src\/|error TS5\d{3}/.test(line)),
    ).toEqual([]);

    // the scratch root lives in an ignored folder: lint it as if it were tracked
    const lint = await tool(
      'biome',
      ['ci', '--vcs-use-ignore-file=false', '--colors=off', target],
      repositoryRoot,
    );
    expect(lint.ok, lint.output).toBe(true);

    const config = join(scratch.root, 'vitest.config.mjs');
    writeFileSync(
      config,
      `export default { resolve: { conditions: ['@openmdr/source'] }, ssr: { resolve: { conditions: ['@openmdr/source'] } }, test: { include: ['src/**/*.test.ts'], pool: 'forks', testTimeout: 30_000, hookTimeout: 60_000 } };\n`,
    );
    const reportFile = join(scratch.root, 'vitest-report.json');
    // `-u` writes the golden file alerts.ocsf.json, as the contributor's first run does
    const tests = await tool(
      'vitest',
      [
        'run',
        '-u',
        '--config',
        config,
        '--root',
        target,
        '--reporter=json',
        `--outputFile=${reportFile}`,
      ],
      target,
    );
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as VitestReport;
    const failed = report.testResults.flatMap((file) =>
      file.assertionResults.filter((test) => test.status !== 'passed').map((test) => test.fullName),
    );
    expect(failed, tests.output.slice(-3_000)).toEqual([]);
    expect(tests.ok).toBe(true);
    const names = report.testResults.flatMap((file) =>
      file.assertionResults.map((test) => test.fullName),
    );
    for (const conformanceCase of [
      'check-bad',
      'read-resume',
      'read-incremental',
      'rate-limit',
      'token-refresh',
      'ocsf-strict',
      'actions',
      'fault-429-retry-after',
      'fault-5xx-give-up',
      'fault-token-expiry',
      'fault-late-event',
      'secrets-redacted',
    ]) {
      expect(
        names.some(
          (name) => name.includes('connector conformance') && name.includes(conformanceCase),
        ),
        conformanceCase,
      ).toBe(true);
    }
    expect(report.numFailedTests).toBe(0);
    expect(report.numPendingTests).toBe(0);
    const golden = JSON.parse(
      readFileSync(join(target, 'src', '__fixtures__', 'alerts.ocsf.json'), 'utf8'),
    ) as Array<{ class_uid: number }>;
    expect(golden.map((event) => event.class_uid)).toEqual([2004, 2004, 2004, 2004, 2004, 2004]);

    // `pnpm generate` writes the README's reference section from the manifest: the umbrella's
    // generator, which the scaffold registered the package with, run against the other vendors'
    // READMEs and the workspace's links
    const umbrella = join(scratch.root, 'packages', 'connectors', 'all');
    const realUmbrella = join(repositoryRoot, 'packages', 'connectors', 'all');
    for (const name of readdirSync(join(realUmbrella, 'node_modules', '@openmdr'))) {
      linkInto(umbrella, `@openmdr/${name}`, join(realUmbrella, 'node_modules', '@openmdr', name));
      const vendor = name.replace(/^connector-/, '');
      const readme = join(repositoryRoot, 'packages', 'connectors', vendor, 'README.md');
      if (vendor !== name && existsSync(readme)) {
        cpSync(readme, join(scratch.root, 'packages', 'connectors', vendor, 'README.md'));
      }
    }
    linkInto(umbrella, '@openmdr/connector-acme-edr', target);
    const generate = await tool(
      'tsx',
      ['--conditions=@openmdr/source', join(umbrella, 'scripts', 'generate-readmes.ts')],
      umbrella,
    );
    expect(generate.ok, generate.output).toBe(true);
    const readme = readFileSync(join(target, 'README.md'), 'utf8');
    expect(readme).toContain('connector `acme-edr` 0.1.0 · auth `oauth2-client-credentials`');
    expect(readme).toMatch(/\| `isolate-host` \|.*\| yes \(polled\) \| `contain_device` \|/);
    expect(readme).not.toContain('Run `pnpm generate` to write this section');

    const build = await tool('tsup', [], target);
    expect(build.ok, build.output.slice(-3_000)).toBe(true);
    for (const file of ['index.js', 'index.d.ts', 'simulator/index.js', 'simulator/index.d.ts']) {
      expect(existsSync(join(target, 'dist', file)), file).toBe(true);
    }
    expect(readFileSync(join(target, 'dist', 'index.d.ts'), 'utf8')).toMatch(
      /acmeEdrConnector[\s\S]*acmeEdrConfigSchema|acmeEdrConfigSchema[\s\S]*acmeEdrConnector/,
    );
  }, 600_000);
});
